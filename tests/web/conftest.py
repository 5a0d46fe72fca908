"""The dashboard in a real browser: `nkwatch serve` over a SQLite file, driven by Playwright.

Debian's Chromium (/usr/bin/chromium, installed by `bash scripts/system-deps.sh`) is the browser;
Playwright's own browser downloads are never used. The database holds synthetic documents (real
place names, invented events; data/synthetic.jsonl) and an XSS corpus (data/xss.jsonl) whose
titles, publishers, URLs and texts carry script payloads, plus one analyst correction that puts a
payload into an event's facility, author and note (the extractor itself never lets markup into a
facility name). Everything goes in through the command line, as a user would do it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
NKWATCH = str(Path(sys.executable).with_name("nkwatch"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
VENDOR = ROOT / "nkwatch" / "web" / "static" / "vendor"
SCREENSHOTS = ROOT / ".tmp" / "screenshots"
USER, PASSWORD = "tester", "correct-horse-battery"
VIEWPORT = {"width": 1200, "height": 800}

# The payload an analyst's correction puts into an event (facility), and into its decision.
FACILITY_PAYLOAD = '<iframe src="javascript:window.__xss=6">'
AUTHOR_PAYLOAD = "<b>analyst"
NOTE_PAYLOAD = "<script>window.__xss=8</script>"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against `nkwatch serve`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str, stdin: str | None = None) -> str:
    done = subprocess.run([NKWATCH, *args], input=stdin, capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"nkwatch {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def build_database(folder: Path, files: list[Path], xss: bool) -> str:
    """A SQLite file with `files` ingested, the analyst `tester` and (xss) the payload correction."""
    url = f"sqlite:///{folder / 'web.sqlite'}"
    cli("ingest", *map(str, files), "--db", url)
    cli("users", "add", USER, "--password-stdin", "--db", url, stdin=PASSWORD + "\n")
    if xss:
        events = [json.loads(line) for line in cli("events", "list", "--json", "--db", url).splitlines()
                  if line.strip()]
        target = [e for e in events if e["date"] == "2027-05-04" and e["type"] == "inspection"]
        assert len(target) == 1, f"the xss-201 inspection was not extracted as expected: {events}"
        cli("review", "correct", target[0]["id"], "--set", f"facility={FACILITY_PAYLOAD}",
            "--author", AUTHOR_PAYLOAD, "--note", NOTE_PAYLOAD, "--db", url)
    return url


class Server:
    """`nkwatch serve` as a child process on a free loopback port."""

    def __init__(self, database: str, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "wb") as out:
            self.proc = subprocess.Popen([NKWATCH, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                          "--db", database], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nkwatch serve exited ({self.proc.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/api/stats", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"nkwatch serve did not answer in 30 s:\n{log.read_text()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def require_browser() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: the dashboard's browser tests drive Debian's Chromium; "
                    "`bash scripts/system-deps.sh` installs it (as root; `make test` runs it first)",
                    pytrace=False)
    if not (VENDOR / "leaflet" / "leaflet.js").exists() or not (VENDOR / "uplot").is_dir():
        pytest.fail(f"{VENDOR} is missing: run `make nkwatch/web/static/vendor/.stamp` "
                    "(the vendored Leaflet and uPlot the map and timeline load)", pytrace=False)


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class Site:
    url: str
    database: str
    server: Server


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """The dashboard over the synthetic documents and the XSS corpus."""
    require_browser()
    with tempfile.TemporaryDirectory(prefix="nkwatch-web-") as tmp:
        folder = Path(tmp)
        database = build_database(folder, [DATA / "synthetic.jsonl", DATA / "xss.jsonl"], xss=True)
        server = Server(database, folder / "serve.log")
        try:
            yield Site(server.url, database, server)
        finally:
            server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Watch:
    """What went wrong in a page: console errors, uncaught exceptions, failed requests, dialogs."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    ignore_favicon: bool = True

    def attach(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.method} {r.url}: {r.failure}"))
        page.on("response", lambda r: self.failed.append(f"{r.request.method} {r.url}: HTTP {r.status}")
                if r.status >= 400 else None)

        def dialog(d: Any) -> None:
            self.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if where.endswith("/favicon.ico") and self.ignore_favicon:
            return  # test_favicon reports this one on its own
        self.errors.append(f"console {message.type}: {message.text} ({where})")

    def clear(self) -> None:
        self.errors.clear()
        self.failed.clear()
        self.dialogs.clear()

    def problems(self) -> list[str]:
        return [*self.errors, *self.failed, *(f"dialog {d}" for d in self.dialogs)]


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport=VIEWPORT)
    ctx.set_default_timeout(10_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def watch(page: Any) -> Watch:
    w = Watch()
    w.attach(page)
    return w
