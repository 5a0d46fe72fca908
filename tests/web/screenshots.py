"""The README's dashboard screenshots, from synthetic documents only (no XSS corpus):
the bundled examples/ and tests/web/data/synthetic.jsonl, served by `nkwatch serve` and shot in
Debian's Chromium at 1200x800.

    .venv/bin/python tests/web/screenshots.py    # writes docs/img/dashboard-overview.png, -map.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from web.conftest import DATA, ROOT, VIEWPORT, Server, build_database, launch  # noqa: E402


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nkwatch-shots-") as tmp:
        database = build_database(Path(tmp), [ROOT / "examples", DATA / "synthetic.jsonl"], xss=False)
        server = Server(database, Path(tmp) / "serve.log")
        try:
            with sync_playwright() as p:
                browser = launch(p)
                page = browser.new_page(viewport=VIEWPORT)
                page.goto(server.url + "/")
                page.screenshot(path=str(out / "dashboard-overview.png"))
                page.goto(server.url + "/map")
                page.wait_for_selector("body[data-map-ready='1']", state="attached")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / "dashboard-map.png"))
                browser.close()
        finally:
            server.stop()
    print(f"wrote {out / 'dashboard-overview.png'} and {out / 'dashboard-map.png'}")


if __name__ == "__main__":
    main()
