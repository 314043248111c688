"""Headless Chromium (Debian's, through Playwright) for map screenshots and measurements."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mapper.errors import MapError

#: Debian's Chromium; Playwright's own browser downloads are not used
CHROMIUM = Path(os.environ.get("MAPPER_CHROMIUM", "/usr/bin/chromium"))
#: A dead local port: every http(s) request of the browser goes to it as a proxy and fails.
_NO_PROXY = "127.0.0.1:9"
#: Chromium's switches for every browser we start: no network but the local file. Every name
#: resolves to nothing (no DNS look-up leaves), every request goes to a dead local proxy (no
#: connection to an address either), and the background services that phone home are off.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    f"--proxy-server=http={_NO_PROXY};https={_NO_PROXY};ws={_NO_PROXY};wss={_NO_PROXY}",
    "--proxy-bypass-list=<-loopback>",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-client-side-phishing-detection",
    "--no-pings",
    "--no-first-run",
    "--dns-prefetch-disable",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--disable-features=MediaRouter,OptimizationHints,Translate,NetworkTimeServiceQuerying,"
    "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
]
#: URL schemes a map page may load: its own file and what it builds in memory
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
READY = "window.mapperReady === true"
STILL = "window.mapperStill = true;"


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (a Playwright ``Browser``), closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        msg = (
            "PNG stills need the browser extra: pip install 'border-incident-mapper[browser]' "
            "(Playwright), and Chromium (Debian: apt-get install chromium; never "
            "`playwright install`); or set MAPPER_CHROMIUM to a Chromium binary"
        )
        raise MapError(msg) from exc
    if not CHROMIUM.exists():
        msg = (
            f"no Chromium at {CHROMIUM}: install Debian's chromium package "
            "(apt-get install chromium) or set MAPPER_CHROMIUM"
        )
        raise MapError(msg)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_ready(page: Any, timeout_s: float = 60.0) -> None:
    """Wait until the map page says its markers are loaded and drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(READY, timeout=timeout_s * 1000)
    except PlaywrightTimeout as exc:
        msg = f"the map did not finish drawing within {timeout_s:g} s"
        raise MapError(msg) from exc


def render_png(html_path: Path, png_path: Path, *, width: int, height: int) -> Path:
    """Open ``html_path`` in headless Chromium and save what it draws as ``png_path``."""
    if not html_path.is_file():
        msg = f"no map file at {html_path}"
        raise MapError(msg)
    png_path.parent.mkdir(parents=True, exist_ok=True)
    # Playwright's sync API refuses to run where an event loop runs (Jupyter, another
    # Playwright session): a thread of our own has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_render, html_path, png_path, width, height).result()


def _local_only(route: Any) -> None:
    """Let the page load its own file; refuse every request that would leave the machine."""
    if route.request.url.startswith(LOCAL_SCHEMES):
        route.continue_()
    else:
        route.abort("internetdisconnected")


def _render(html_path: Path, png_path: Path, width: int, height: int) -> Path:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", _local_only)
        # a still: the page hides what can only be pressed (zoom, layers, filters, list)
        page.add_init_script(STILL)
        page.goto(html_path.resolve().as_uri(), wait_until="load")
        wait_ready(page)
        page.screenshot(path=str(png_path))
    return png_path
