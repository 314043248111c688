"""Assets of the map page: Leaflet and its cluster plugin, our own JS/CSS, and inlining.

Leaflet and Leaflet.markercluster come from the PyPI packages ``xstatic-leaflet`` and
``xstatic-leaflet-markercluster`` (installed with the package, read at run time), never from a
copy in this repository, and are written into every page with their images as data URIs. A
few lines stand in for jQuery, which folium's own popups call.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

from mapper.errors import MapError

# folium links these on every map; our pages use none of them, so offline pages drop them
_UNUSED = re.compile(
    r"(bootstrap[^/]*\.(js|css)|bootstrap-glyphicons\.css|fontawesome[^\"']*all(\.min)?\.css"
    r"|leaflet\.awesome-markers\.(js|css)|leaflet\.awesome\.rotate(\.min)?\.css)$"
)
_LINK = re.compile(
    r'<script\s+src="(?P<js>[^"]+)"\s*>\s*</script>'
    r'|<link\s+rel="stylesheet"\s+href="(?P<css>[^"]+)"\s*/?>'
)

# folium's Marker popups and a few plugins call $(html)[0] and $(document).ready(fn)
_DOLLAR_SHIM = """
if (!window.jQuery) {
  window.jQuery = window.$ = function (x) {
    var out;
    if (typeof x === "string" && x.trim().charAt(0) === "<") {
      var t = document.createElement("template");
      t.innerHTML = x.trim();
      out = Array.prototype.slice.call(t.content.childNodes);
    } else if (typeof x === "string") {
      out = Array.prototype.slice.call(document.querySelectorAll(x));
    } else {
      out = [x];
    }
    out.ready = function (fn) {
      if (document.readyState !== "loading") { fn(); }
      else { document.addEventListener("DOMContentLoaded", fn); }
      return out;
    };
    out.hide = function () { out.forEach(function (e) { e.style.display = "none"; }); return out; };
    out.show = function () { out.forEach(function (e) { e.style.display = ""; }); return out; };
    return out;
  };
}
"""


def own_asset(name: str) -> str:
    """Text of one of our files in ``mapper/maps/static``."""
    return _own_asset(name)


@cache
def _own_asset(name: str) -> str:
    return (Path(__file__).resolve().parent / "static" / name).read_text(encoding="utf-8")


def _xstatic_dir(package: str) -> Path:
    try:
        module = __import__(f"xstatic.pkg.{package}", fromlist=["BASE_DIR"])
    except ImportError as exc:
        msg = f"offline maps need the Python package xstatic-{package.replace('_', '-')}: {exc}"
        raise MapError(msg) from exc
    return Path(module.BASE_DIR)


@cache
def _leaflet_css() -> str:
    base = _xstatic_dir("leaflet")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        return f"url({_data_uri(base / match.group(1))})"

    return re.sub(r"url\((images/[^)]+\.png)\)", inline, css)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@cache
def _icon_defaults() -> str:
    """Leaflet's default marker icons as data URIs (it would look for them next to the CSS)."""
    images = _xstatic_dir("leaflet") / "images"
    return (
        "L.Icon.Default.prototype._getIconUrl = function (name) {"
        " return this.options[name + 'Url']; };\n"
        "L.Icon.Default.mergeOptions({"
        f"iconUrl: '{_data_uri(images / 'marker-icon.png')}', "
        f"iconRetinaUrl: '{_data_uri(images / 'marker-icon-2x.png')}', "
        f"shadowUrl: '{_data_uri(images / 'marker-shadow.png')}'}});\n"
    )


def _asset_for(url: str) -> tuple[str, str] | None:
    """("js"|"css", inline text) for a CDN URL we can serve locally; None if we cannot."""
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if name == "leaflet.js":
        js = (_xstatic_dir("leaflet") / "leaflet.js").read_text(encoding="utf-8")
        return "js", js + "\n" + _icon_defaults()
    if name == "leaflet.css":
        return "css", _leaflet_css()
    if name == "leaflet.markercluster.js":
        return "js", (_xstatic_dir("leaflet_markercluster") / name).read_text(encoding="utf-8")
    if name in ("MarkerCluster.css", "MarkerCluster.Default.css"):
        return "css", (_xstatic_dir("leaflet_markercluster") / name).read_text(encoding="utf-8")
    if re.fullmatch(r"jquery[-.\d]*(\.min)?\.js", name):
        return "js", _DOLLAR_SHIM
    return None


@cache
def library_js() -> str:
    """Leaflet (with its default icons inlined), Leaflet.markercluster and a ``$`` stand-in."""
    leaflet = (_xstatic_dir("leaflet") / "leaflet.js").read_text(encoding="utf-8")
    cluster = _xstatic_dir("leaflet_markercluster") / "leaflet.markercluster.js"
    return "\n".join([leaflet, _icon_defaults(), cluster.read_text(encoding="utf-8"), _DOLLAR_SHIM])


@cache
def library_css() -> str:
    """Leaflet's and Leaflet.markercluster's styles, images inlined."""
    base = _xstatic_dir("leaflet_markercluster")
    return "\n".join(
        [_leaflet_css()]
        + [(base / n).read_text(encoding="utf-8") for n in ("MarkerCluster.css",
                                                            "MarkerCluster.Default.css")]
    )  # fmt: skip


def script_tag(text: str) -> str:
    # a library's text could hold "</script" inside a string; break it so the page stays whole
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def style_tag(text: str) -> str:
    return "<style>" + text.replace("</style", "<\\/style") + "</style>"


def inline_html(html: str) -> str:
    """Rewrite a rendered folium page so it loads nothing from another host.

    Raises
    ------
    MapError
        If the page links a resource that has no offline copy, or needs a plugin we drop.
    """
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        kind = "js" if match.group("js") else "css"
        url = match.group(kind)
        if not re.match(r"(https?:)?//", url):
            return match.group(0)
        if _UNUSED.search(url):
            return ""
        found = _asset_for(url)
        if found is None or found[0] != kind:
            missing.append(url)
            return match.group(0)
        return script_tag(found[1]) if kind == "js" else style_tag(found[1])

    out = _LINK.sub(replace, html)
    if missing:
        msg = f"the map links resources with no offline copy: {', '.join(missing)}"
        raise MapError(msg)
    if "L.AwesomeMarkers" in out:
        msg = "the map uses Leaflet.awesome-markers (folium.Icon), which has no offline copy"
        raise MapError(msg)
    return out
