"""The dashboard in Debian's Chromium: every page loads clean, the map and the timeline draw, review
needs a signed-in analyst and is recorded, payloads in documents stay text, and every page carries
a Content-Security-Policy without inline script. Fixtures: conftest.py (no mocks: the CLI fills a
SQLite file and `nkwatch serve` serves it)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import (AUTHOR_PAYLOAD, CHROMIUM, CHROMIUM_ARGS, FACILITY_PAYLOAD, NOTE_PAYLOAD,
                       PASSWORD, SCREENSHOTS, USER, Site, Watch, get_json)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

PAGES = ["overview", "events", "event", "documents", "document", "entity-facility", "entity-place",
         "targets", "map", "timeline", "review", "login"]


def events(site: Site) -> list[dict[str, Any]]:
    return get_json(f"{site.url}/api/events?limit=1000")  # type: ignore[no-any-return]


def event_id(site: Site, date: str, type_: str) -> str:
    found = [e["id"] for e in events(site) if e["date"] == date and e["type"] == type_]
    assert len(found) == 1, f"expected one {type_} on {date}: {events(site)}"
    return found[0]


def document_id(site: Site, title_part: str) -> str:
    found = [d["id"] for d in get_json(f"{site.url}/api/documents?limit=1000") if title_part in (d["title"] or "")]
    assert len(found) == 1, f"expected one document titled like {title_part!r}"
    return found[0]  # type: ignore[no-any-return]


def path_of(site: Site, name: str) -> str:
    return {
        "overview": "/",
        "events": "/events",
        "event": "/events/" + event_id(site, "2027-06-20", "vessel_launch"),
        "documents": "/documents",
        "document": "/documents/" + document_id(site, "New cargo ship launched at Nampho Dockyard"),
        "entity-facility": "/entities/facility/nampho-shipyard",
        "entity-place": "/entities/south-phyongan/songchon",
        "targets": "/targets",
        "map": "/map",
        "timeline": "/timeline",
        "review": "/review",
        "login": "/login",
    }[name]


def settle(page: Any, name: str) -> None:
    """Wait until the page's scripts are done: the map's contract; no network for 500 ms on the
    timeline; the load event (which `goto` waits for) on the pages rendered by the server."""
    if name == "map":
        page.wait_for_selector("body[data-map-ready='1']", state="attached")
    elif name == "timeline":
        page.wait_for_load_state("networkidle")


def text_of(page: Any, selector: str = "body") -> str:
    return " ".join(page.inner_text(selector).split())


# -- 1. every page loads clean -------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_page_loads_without_errors(site: Site, page: Any, watch: Watch, name: str) -> None:
    response = page.goto(site.url + path_of(site, name))
    assert response is not None and response.status == 200, f"{name}: HTTP {response and response.status}"
    settle(page, name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert page.locator("main h1").count() == 1, f"{name}: no heading"
    assert not watch.problems(), f"{name}: " + "\n".join(watch.problems())


# -- 2. the map ----------------------------------------------------------------------------------

def test_map_shows_markers(site: Site, page: Any, watch: Watch) -> None:
    page.goto(site.url + "/map")
    page.wait_for_selector("body[data-map-ready='1']", state="attached")
    markers = page.locator(".nk-marker").count()
    features = get_json(f"{site.url}/api/map")["features"]
    assert markers > 0
    assert markers == len(features), f"{markers} markers for {len(features)} points of /api/map"
    assert "Nampho Dockyard" in text_of(page, "#map-list")
    assert not watch.problems(), "\n".join(watch.problems())


# -- 3. the timeline -----------------------------------------------------------------------------

def list_period(page: Any, since: str, until: str) -> str:
    page.fill("#timeline-since", since)
    page.fill("#timeline-until", until)
    page.evaluate("delete document.body.dataset.listReady")
    page.click("#timeline-apply")
    page.wait_for_selector("body[data-list-ready='1']", state="attached")
    return text_of(page, "#timeline-events")


def test_timeline_filters_the_list(site: Site, page: Any, watch: Watch) -> None:
    page.goto(site.url + "/timeline")
    page.wait_for_load_state("networkidle")
    june = list_period(page, "2027-06", "2027-06")
    assert "Nampho Dockyard" in june and "2027-06-20" in june, june
    assert "regional-industry factories" not in june and "Kangdong County Hospital" not in june, june
    april = list_period(page, "2027-04", "2027-04")
    assert "regional-industry factories" in april and "2027-04-11" in april, april
    assert "Nampho Dockyard" not in april, april
    assert not watch.problems(), "\n".join(watch.problems())


# -- 4. review -----------------------------------------------------------------------------------

def status_of(site: Site, eid: str) -> str:
    return get_json(f"{site.url}/api/events/{eid}")["status"]  # type: ignore[no-any-return]


def test_review_needs_sign_in_and_is_recorded(site: Site, page: Any, watch: Watch) -> None:
    songchon = event_id(site, "2027-04-11", "completion")
    kangdong = event_id(site, "2027-09-05", "construction_start")
    assert status_of(site, songchon) == "auto" and status_of(site, kangdong) == "auto"

    # Reading is open, deciding is not.
    page.goto(site.url + "/review")
    assert page.locator("tr.item").count() > 0
    assert page.locator("button.act-accept, button.act-reject").count() == 0
    assert page.get_by_role("link", name="Sign in").count() > 0
    anonymous = page.request.post(f"{site.url}/review/{songchon}", form={"action": "accept", "csrf": "x"},
                                  max_redirects=0)
    assert anonymous.status == 401, anonymous.text()
    assert status_of(site, songchon) == "auto"

    # A wrong password is refused.
    page.goto(site.url + "/login")
    page.fill("input[name=name]", USER)
    page.fill("input[name=password]", "not-the-password")
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/login\?failed=1$"))
    assert "Wrong name or password" in text_of(page)

    # Sign in through the form, walk the queue with j, accept with a.
    page.fill("input[name=name]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/review$"))
    assert f"signed in: {USER}" in text_of(page, "header")
    rows = page.locator("tr.item")
    ids = [rows.nth(i).get_attribute("data-event") for i in range(rows.count())]
    assert songchon in ids and page.locator("button.act-accept").count() == len(ids)
    for _ in range(ids.index(songchon)):
        page.keyboard.press("j")
    current = page.locator("tr.item.current")
    assert current.count() == 1 and current.get_attribute("data-event") == songchon
    with page.expect_navigation():
        page.keyboard.press("a")
    page.wait_for_load_state("load")

    decided = get_json(f"{site.url}/api/events/{songchon}")
    assert decided["status"] == "accepted", decided
    assert decided["decisions"] and decided["decisions"][-1]["author"] == USER, decided["decisions"]
    assert decided["decisions"][-1]["action"] == "accept", decided["decisions"]
    page.goto(site.url + "/review")
    assert songchon not in [rows.nth(i).get_attribute("data-event") for i in range(rows.count())]
    page.goto(f"{site.url}/events/{songchon}")
    assert f"{USER}: accept" in text_of(page)

    # Signed in, but a forged form (wrong CSRF token) is refused and changes nothing.
    forged = page.request.post(f"{site.url}/review/{kangdong}", form={"action": "reject", "csrf": "forged"},
                               max_redirects=0)
    assert forged.status == 403, forged.text()
    missing = page.request.post(f"{site.url}/review/{kangdong}", form={"action": "reject", "csrf": ""},
                                max_redirects=0)
    assert missing.status in (403, 422), missing.text()
    assert status_of(site, kangdong) == "auto"
    assert not watch.problems(), "\n".join(watch.problems())



def sign_in(site: Site, page: Any) -> None:
    page.goto(site.url + "/login")
    page.fill("input[name=name]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(re.compile(r"/review$"))


def test_a_decision_in_the_queue_returns_to_the_queue(site: Site, page: Any, watch: Watch) -> None:
    """The queue is worked with the keyboard (j/k, a, r): after each decision the analyst should be
    back on the queue, at the next item, not on the decided event's page."""
    nampho = event_id(site, "2027-06-20", "vessel_launch")
    sign_in(site, page)
    rows = page.locator("tr.item")
    ids = [rows.nth(i).get_attribute("data-event") for i in range(rows.count())]
    for _ in range(ids.index(nampho)):
        page.keyboard.press("j")
    with page.expect_navigation():
        page.keyboard.press("a")
    assert status_of(site, nampho) == "accepted"
    assert page.url == site.url + "/review", f"after accepting from the queue the browser is at {page.url}"
    assert not watch.problems(), "\n".join(watch.problems())


# -- 5. the XSS corpus stays inert ---------------------------------------------------------------

TITLE_1 = "<script>window.__xss=1</script> Kusong inspection"
PUBLISHER_2 = '<img src=x onerror="window.__xss=2">'
SVG_3 = '<svg onload="window.__xss=3">'
URL_4 = "javascript:window.__xss=4"
BREAKOUT_5 = '"><script>window.__xss=5</script>'
IMG_7 = "<img src=x onerror=window.__xss=7>"
ALERT = "<img src=x onerror=alert(1)>"
UNCLOSED = "<b><i>unclosed"
TEMPLATE = "Kusong {{7*7}} Machine Plant"

# Markup a payload would have become; the dashboard itself has none of it.
INJECTED = ("script:not([src]), iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], "
            "main b, main i, a[href^='javascript:' i]")


def check_inert(page: Any, watch: Watch, where: str, expected: list[str]) -> None:
    assert page.evaluate("window.__xss") is None, f"{where}: a payload ran (window.__xss set)"
    assert page.locator(INJECTED).count() == 0, f"{where}: markup from a document reached the DOM"
    shown = text_of(page)
    for text in expected:
        assert " ".join(text.split()) in shown, f"{where}: {text!r} is not shown as text"
    assert "49 Machine Plant" not in shown, f"{where}: a template expression was evaluated"
    assert not watch.problems(), f"{where}: " + "\n".join(watch.problems())


def test_xss_corpus_stays_inert(site: Site, page: Any, watch: Watch) -> None:
    corrected = event_id(site, "2027-05-04", "inspection")
    templated = [e["id"] for e in events(site) if e["facility"] == TEMPLATE]
    assert len(templated) == 1, "the xss-202 inspection (facility with {{7*7}}) was not extracted"
    doc1 = document_id(site, "Kusong inspection")
    doc2 = document_id(site, "unclosed")
    pages: list[tuple[str, list[str]]] = [
        ("/", [FACILITY_PAYLOAD]),
        ("/events", [FACILITY_PAYLOAD, TEMPLATE]),
        ("/events?since=2027-05&until=2027-05", [FACILITY_PAYLOAD, TEMPLATE]),
        (f"/events/{corrected}", [FACILITY_PAYLOAD, PUBLISHER_2, AUTHOR_PAYLOAD, NOTE_PAYLOAD]),
        (f"/events/{templated[0]}", [TEMPLATE, BREAKOUT_5]),
        (f"/documents/{doc1}", [TITLE_1, PUBLISHER_2, URL_4, IMG_7, SVG_3, ALERT]),
        (f"/documents/{doc2}", [BREAKOUT_5 + " " + UNCLOSED + " {{7*7}}", FACILITY_PAYLOAD, UNCLOSED]),
        ("/documents", [TITLE_1, BREAKOUT_5]),
        ("/documents?q=Kusong", [TITLE_1, PUBLISHER_2, BREAKOUT_5]),
        ("/entities/north-phyongan/kusong", [FACILITY_PAYLOAD, TEMPLATE]),
        ("/review", [TEMPLATE]),
    ]
    for path, expected in pages:
        watch.clear()
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        check_inert(page, watch, path, expected)

    # Reflected: a payload typed into a search box comes back as the box's value, not as markup.
    for path, box in (("/documents?q=", "input[name=q]"), ("/events?text=", "input[name=text]"),
                      ("/events?since=", "input[name=since]")):
        for payload in (BREAKOUT_5, PUBLISHER_2):
            watch.clear()
            response = page.goto(site.url + path + _quote(payload))
            where = path + payload
            assert response is not None and response.status == 200, f"{where}: HTTP {response and response.status}"
            assert page.input_value(box) == payload, where
            check_inert(page, watch, where, [])

    # The scripted pages put the same data in through textContent.
    watch.clear()
    page.goto(site.url + "/map")
    page.wait_for_selector("body[data-map-ready='1']", state="attached")
    check_inert(page, watch, "/map", [FACILITY_PAYLOAD, TEMPLATE])
    watch.clear()
    page.goto(site.url + "/timeline")
    page.wait_for_load_state("networkidle")
    list_period(page, "2027-05", "2027-05")
    check_inert(page, watch, "/timeline 2027-05", [FACILITY_PAYLOAD, TEMPLATE])


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


# -- 6. headers ----------------------------------------------------------------------------------

def directives(csp: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0].lower()] = words[1:]
    return out


def test_every_page_has_a_strict_csp(site: Site, page: Any) -> None:
    paths = [path_of(site, name) for name in PAGES] + ["/documents?q=Kusong", "/login?failed=1"]
    for path in paths:
        response = page.request.get(site.url + path)
        assert response.status == 200, f"{path}: HTTP {response.status}"
        assert response.headers.get("content-type", "").startswith("text/html"), path
        csp = response.headers.get("content-security-policy")
        assert csp, f"{path}: no Content-Security-Policy"
        found = directives(csp)
        script = found.get("script-src", found.get("default-src"))
        assert script is not None, f"{path}: neither script-src nor default-src: {csp}"
        for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
            assert bad not in script, f"{path}: script-src allows {bad}: {csp}"
        assert found.get("object-src") == ["'none'"], f"{path}: plugins not forbidden: {csp}"
        assert response.headers.get("x-content-type-options") == "nosniff", path


# -- the browser's own request for an icon -----------------------------------------------------

def test_no_console_error_for_the_icon(site: Site, browser: Any) -> None:
    """Browsers ask for /favicon.ico unless the page names an icon; a 404 there is a console error
    (once per browser: it is cached, hence a browser of its own here; the other tests set this one
    message aside so that they report anything else)."""
    fresh = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = fresh.new_page()
        watch = Watch(ignore_favicon=False)
        watch.attach(page)
        page.goto(site.url + "/login")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        assert not watch.problems(), "\n".join(watch.problems())
    finally:
        fresh.close()
