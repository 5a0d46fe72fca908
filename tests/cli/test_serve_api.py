"""Issue 11: `nkwatch serve` over a real SQLite file, spoken to over real HTTP on loopback: the
JSON API's lists and one event, security headers, and writing only with a token or a signed-in
session and its CSRF token. SYNTHETIC documents."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

NKWATCH = str(Path(sys.executable).with_name("nkwatch"))
DOCS = [
    {"id": "syn-w1", "publisher": "Synthetic State Media", "published": "2026-04-12", "title": "[SYNTHETIC] one",
     "text": "Pyongyang, April 12 (SSM) -- An inauguration ceremony for the regional-industry factories "
             "of Songchon County, South Phyongan Province, took place on April 11."},
    {"id": "syn-w2", "publisher": "Synthetic Wire", "published": "2026-05-04", "title": "[SYNTHETIC] two",
     "text": "Kim Jong Un inspected the Nampho Dockyard on May 3, state media said."},
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    db = f"sqlite:///{tmp / 'web.sqlite'}"
    docs = tmp / "docs.jsonl"
    docs.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    subprocess.run([NKWATCH, "ingest", str(docs), "--db", db], check=True, capture_output=True)
    subprocess.run([NKWATCH, "users", "add", "tester", "--password-stdin", "--db", db],
                   input="correct horse battery\n", text=True, check=True, capture_output=True)
    token = subprocess.run([NKWATCH, "users", "token", "tester", "--db", db], check=True,
                           capture_output=True, text=True).stdout.strip()
    port = _port()
    proc = subprocess.Popen([NKWATCH, "serve", "--port", str(port), "--db", db],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port, token
    proc.terminate()
    proc.wait(timeout=10)


def call(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def test_api_lists_and_one_event(server):
    port, _ = server
    status, headers, body = call(port, "GET", "/api/events?limit=10")
    events = json.loads(body)
    assert status == 200 and {e["type"] for e in events} >= {"completion", "inspection"}
    one = json.loads(call(port, "GET", f"/api/events/{events[0]['id']}")[2])
    assert one["reports_detail"][0]["sentence"]
    assert call(port, "GET", "/api/events/evt_none")[0] == 404
    schema = json.loads(call(port, "GET", "/openapi.json")[2])
    assert "/api/events" in schema["paths"] and "/api/targets" in schema["paths"]
    assert call(port, "GET", "/docs")[0] == 404  # no Swagger page: it would load a CDN


def test_pages_send_a_policy_without_inline_script(server):
    port, _ = server
    for path in ("/", "/events", "/review", "/map"):
        status, headers, _ = call(port, "GET", path)
        policy = headers["content-security-policy"]
        assert status == 200 and "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_writing_needs_a_token_or_a_signed_in_session_with_its_csrf_token(server):
    port, token = server
    event = json.loads(call(port, "GET", "/api/events?limit=1")[2])[0]["id"]
    body = json.dumps({"action": "accept", "note": "via the API"}).encode()
    assert call(port, "POST", f"/api/events/{event}/decisions", body, {"Content-Type": "application/json"})[0] == 401
    status, _, answer = call(port, "POST", f"/api/events/{event}/decisions", body,
                             {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert status == 200 and json.loads(answer)["author"] == "tester"
    assert json.loads(call(port, "GET", f"/api/events/{event}")[2])["status"] == "accepted"

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    reject = urllib.parse.urlencode({"action": "reject", "csrf": "x"}).encode()
    assert call(port, "POST", f"/review/{event}", reject, form)[0] == 401  # not signed in
    wrong = urllib.parse.urlencode({"name": "tester", "password": "wrong"}).encode()
    assert call(port, "POST", "/login", wrong, form)[1]["location"] == "/login?failed=1"
    login = urllib.parse.urlencode({"name": "tester", "password": "correct horse battery"}).encode()
    status, headers, _ = call(port, "POST", "/login", login, form)
    cookie = headers["set-cookie"]
    assert status == 303 and "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    session = cookie.split(";")[0]
    assert call(port, "POST", f"/review/{event}", reject, {**form, "Cookie": session})[0] == 403  # bad CSRF
    page = call(port, "GET", "/review", headers={"Cookie": session})[2].decode()
    csrf = page.split('name="csrf" value="')[1].split('"')[0] if 'name="csrf"' in page else None
    if csrf is None:  # the queue may be empty now: take the token from an event page
        page = call(port, "GET", f"/events/{event}", headers={"Cookie": session})[2].decode()
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
    ok = urllib.parse.urlencode({"action": "reject", "csrf": csrf, "note": "test"}).encode()
    assert call(port, "POST", f"/review/{event}", ok, {**form, "Cookie": session})[0] == 303
    found = json.loads(call(port, "GET", f"/api/events/{event}?x=1")[2])
    assert found["status"] == "rejected" and found["decisions"][0]["author"] == "tester"


def test_exports_and_briefings_download_from_the_api(server):
    port, _ = server
    status, headers, body = call(port, "GET", "/api/export?format=geojson")
    collection = json.loads(body)
    assert status == 200 and "attachment" in headers["content-disposition"]
    assert all(37.5 < f["geometry"]["coordinates"][1] < 43.1 for f in collection["features"])
    status, _, body = call(port, "GET", "/api/export?format=parquet")
    import io

    import pyarrow.parquet as pq

    assert status == 200 and pq.read_table(io.BytesIO(body)).num_rows >= 2
    assert call(port, "GET", "/api/export?format=xlsx")[0] == 422
    status, headers, body = call(port, "GET", "/api/brief?format=md&since=2026")
    assert status == 200 and b"## Summary" in body and b"[^1]" in body
