"""Make the screenshots shown in the README and docs/maps.md.

Run from the repository's root: ``python docs/make_screenshots.py`` (needs the browser extra
and Debian's Chromium). The maps are made by the ``mapper map`` command as a user runs it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from mapper.maps.browser import chromium, wait_ready

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
BORDERS = ROOT / "tests" / "data" / "borders"


def mapper(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "mapper", *args], check=True, cwd=ROOT)


def page_shot(html: Path, png: Path, width: int, height: int, panel: bool = False) -> None:
    """The page as a reader sees it (controls and all), with the network blocked."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                   else r.abort())  # fmt: skip
        page.goto(html.as_uri(), wait_until="load")
        wait_ready(page)
        if panel:
            page.click(".mapper-panel-button button")
            page.wait_for_timeout(500)
        page.screenshot(path=str(png))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        examples = Path(tmp) / "examples.html"
        mapper("map", "examples/reports", "-o", str(examples))
        page_shot(examples, DOCS / "map_examples.png", 1280, 860)
        lebanon = Path(tmp) / "lebanon.html"
        mapper("map", *map(str, sorted(BORDERS.glob("lebanon_*"))), "-o", str(lebanon))
        page_shot(lebanon, DOCS / "map_phone.png", 390, 844)
    # a still (no controls), straight from the command
    ukraine = sorted(str(p) for p in BORDERS.glob("ukraine_*"))
    mapper("map", *ukraine, "-o", str(DOCS / "map_russia_ukraine.png"))


if __name__ == "__main__":
    main()
