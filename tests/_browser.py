"""Helpers for the map tests that drive Debian's Chromium through Playwright."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mapper.maps.browser import CHROMIUM, CHROMIUM_ARGS, STILL, wait_ready

browser = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium)"
)

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@dataclass
class OpenedMap:
    """A map page opened with every request to another host blocked and recorded."""

    page: Any
    foreign_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, code: str, arg: Any = None) -> Any:
        return self.page.evaluate(code, arg)

    def marker_paths(self) -> int:
        """Incident markers drawn as single markers (not inside a cluster)."""
        return self.js("document.querySelectorAll('.leaflet-mapperMarkers-pane path').length")

    def cluster_total(self) -> int:
        """How many markers the cluster icons on screen stand for."""
        return self.js(
            "[...document.querySelectorAll('.marker-cluster span')]"
            ".reduce((n, s) => n + parseInt(s.textContent, 10), 0)"
        )

    def count(self, selector: str) -> int:
        return self.js(f"document.querySelectorAll({selector!r}).length")

    def texts(self, selector: str) -> list[str]:
        return self.js(f"[...document.querySelectorAll({selector!r})].map(e => e.textContent)")

    def popup_text(self) -> str:
        return self.js(
            "(() => { const p = document.querySelector('.leaflet-popup-content');"
            " return p ? p.innerText : ''; })()"
        )

    def click_marker(self, index: int) -> None:
        """Click marker ``index`` (row of the payload) where it is drawn on screen.

        An open popup is closed first (and gone: Leaflet fades it out), so the popup found
        afterwards is the new one.
        """
        self.js("void window.mapperMaps[0].map.closePopup()")
        self.page.wait_for_function("!document.querySelector('.leaflet-popup')", timeout=5000)
        xy = self.js(
            "(i) => { const I = window.mapperMaps[0], m = I._markerList[i];"
            " const p = I.map.latLngToContainerPoint(m.getLatLng());"
            " const r = I.map.getContainer().getBoundingClientRect();"
            " return [r.left + p.x, r.top + p.y]; }",
            index,
        )
        self.page.mouse.click(xy[0], xy[1])
        self.page.wait_for_selector(".leaflet-popup-content", timeout=5000)


def open_map(
    browser_obj: Any,
    html: Path,
    *,
    width: int = 1200,
    height: int = 800,
    hash: str = "",
    still: bool = False,
) -> OpenedMap:
    """Open ``html`` offline: any request that is not to the file itself is aborted and kept.

    ``hash`` is put after the file's URL (a shared link); ``still`` opens it as for a PNG.
    """
    page = browser_obj.new_page(viewport={"width": width, "height": height})
    if still:
        page.add_init_script(STILL)
    opened = OpenedMap(page)

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            r.abort()

    def on_request(req: Any) -> None:
        if not req.url.startswith(LOCAL_SCHEMES):
            opened.foreign_requests.append(req.url)

    page.route("**/*", route)
    page.on("request", on_request)

    def on_dialog(d: Any) -> None:
        opened.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    page.goto(html.resolve().as_uri() + hash, wait_until="load")
    wait_ready(page, timeout_s=30)
    return opened


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
    )


@pytest.fixture(scope="module")
def chromium() -> Any:
    """One headless Chromium per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()
