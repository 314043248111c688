"""The map page as folium elements: a Map that links nothing, our inlined assets, the payload.

Every map is one self-contained file: Leaflet, Leaflet.markercluster (from the ``xstatic-*``
packages), our scripts and styles are written into the page, and the incidents and shapes
travel as one gzip+base64 payload the page's script draws from. Online tiles are only an extra
base layer the reader may switch to; with no network the page draws exactly the same map.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from mapper.errors import MapError
from mapper.maps.assets import library_css, library_js, own_asset, script_tag, style_tag
from mapper.maps.payload import pack, script_json

#: our scripts, in the order the page needs them
SCRIPTS = (
    "heat.js",
    "core.js",
    "popup.js",
    "events.js",
    "shapes.js",
    "labels.js",
    "timeline.js",
    "panel.js",
    "app.js",
    "hash.js",
)


class IncidentMap(folium.Map):
    """A ``folium.Map`` whose page loads nothing from the network (no CDN links at all).

    folium links Leaflet, jQuery, Bootstrap and Font Awesome from six hosts; this map inlines
    Leaflet and needs none of the others.
    """

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(tiles=None, **kwargs)
        self.add_child(PageAssets(), name="mapper_assets")
        #: what the page receives (shapes, incidents, options), for checks and notebooks
        self.mapper: dict[str, Any] = {}


class _Raw(Element):
    """Text put into the page as it is: no Jinja pass over a payload of megabytes."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class PageAssets(MacroElement):
    """Leaflet, its cluster plugin and our own styles and scripts, inlined in the page's head."""

    def __init__(self, scripts: tuple[str, ...] = SCRIPTS) -> None:
        super().__init__()
        self._name = "MapperAssets"
        self.scripts = scripts

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            msg = "the map's assets must be part of a map before it is rendered"
            raise MapError(msg)
        head = (
            style_tag(library_css() + "\n" + own_asset("mapper.css"))
            + script_tag(library_js())
            + script_tag("\n".join(own_asset(name) for name in self.scripts))
        )
        figure.header.add_child(_Raw(head), name="mapper_assets")


class MapperPage(MacroElement):
    """Starts the page's app on the map: ``MapperApp.start(map, payload, options)``."""

    def __init__(self, payload: dict[str, Any], options: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapperPage"
        self.packed = pack(payload)
        self.options = script_json(options)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        parent, figure = self._parent, self.get_root()
        if parent is None or not isinstance(figure, Figure):
            msg = "the incident layer must be added to a map before the map is rendered"
            raise MapError(msg)
        code = (
            f"\nvar {self.get_name()} = MapperApp.start({parent.get_name()}, "
            f'"{self.packed}", {self.options});\n'
        )
        figure.script.add_child(_Raw(code), name=self.get_name())


class ScriptElement(MacroElement):
    """A piece of our own script run after the map exists (``%MAP%`` names the map)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.code.replace("%MAP%", this._parent.get_name()) }}
        {% endmacro %}
        """
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "MapperScript"
        self.code = code
