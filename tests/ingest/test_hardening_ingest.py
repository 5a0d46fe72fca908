"""Issue 7, items 9 and 10, through the real CLI: a feed fetch has a total deadline however the
server drips its bytes (real servers on 127.0.0.1); FIFOs, devices and sockets are skipped unread;
images and archives are skipped, not failed; a JSON Lines line with a lone surrogate or deep
nesting fails alone, in `ingest` and in `extract`.

Every document here is SYNTHETIC, written for these tests.
"""

from __future__ import annotations

import json
import os
import re
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nkwatch import ids
from nkwatch.cli.main import app

GOOD = "[SYNTHETIC] Pyongyang, June 3 -- Songchon County held an inauguration ceremony for its " \
       "new factories on June 2."


def cli(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr


# -- 9. feeds: one deadline for the whole fetch -------------------------------------------------

class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


@pytest.fixture
def dripping() -> Iterator[Callable[[bytes, bytes], str]]:
    """serve(head, drip): a server on 127.0.0.1 that sends `head` at once, then `drip` one byte
    every 0.5 s for up to a minute (or until the client hangs up). Returns the URL."""
    servers: list[_Server] = []

    def serve(head: bytes, drip: bytes) -> str:
        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.recv(65536)  # the request
                try:
                    if head:
                        self.request.sendall(head)
                    for i in range(120 if drip else 0):
                        self.request.sendall(drip[i % len(drip):][:1])
                        time.sleep(0.5)
                    if not drip:
                        time.sleep(60)  # accept, then say nothing at all
                except OSError:
                    pass  # the client gave up: that is the point

        server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/feed.atom"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("head, drip", [
    # Headers at once, then the body one byte every 0.5 s (each read comes well within 2 s).
    (b"HTTP/1.0 200 OK\r\nContent-Type: application/atom+xml\r\n\r\n", b"<feed>"),
    # The status line, then the headers one byte every 0.5 s: no body ever starts.
    (b"HTTP/1.0 200 OK\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"),
    # The status line itself, one byte every 0.5 s.
    (b"", b"HTTP/1.0 200 OK\r\n"),
    # A server that accepts the connection and sends nothing.
    (b"", b""),
])
def test_feed_fetch_gives_up_at_the_deadline(dripping, sqlite_url, head, drip):
    url = dripping(head, drip)
    started = time.monotonic()
    result = cli("ingest", "--no-extract", "--feed", url, "--timeout", "2", "--db", sqlite_url)
    elapsed = time.monotonic() - started
    no_traceback(result)
    assert 1.5 <= elapsed < 10, elapsed
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"{url}: no complete answer within 2 s (--timeout)"]
    assert result.stdout.startswith("new 0, duplicate 0, near-duplicate 0, failed 1, skipped 0 (")


def test_a_prompt_feed_is_read_within_the_deadline(feed_server, sqlite_url):
    result = cli("ingest", "--no-extract", "--feed", f"{feed_server}/feed.atom", "--timeout", "2",
                 "--db", sqlite_url)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("new 2, ")


# -- 9. special files: never opened, listed as skipped -------------------------------------------

def ingest_process(*args: str, url: str) -> subprocess.CompletedProcess:
    """A real process with a deadline: a FIFO that was opened would block it for ever."""
    return subprocess.run([sys.executable, "-m", "nkwatch.cli.main", "ingest", "--no-extract",
                           *args, "--db", url], capture_output=True, text=True, timeout=60)


@pytest.fixture
def specials(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    found = {"folder": folder, "fifo": folder / "pipe.txt", "zero": folder / "zero.txt"}
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "sock.txt"))
        found["socket"] = folder / "sock.txt"
    except OSError:  # a path too long for AF_UNIX: the other kinds still count
        pass
    finally:
        sock.close()
    return found


def test_fifo_and_device_given_by_name_are_skipped_unread(specials, sqlite_url):
    done = ingest_process(str(specials["fifo"]), str(specials["zero"]), url=sqlite_url)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"{specials['fifo']}: skipped: not a regular file (a FIFO)",
        f"{specials['zero']}: skipped: not a regular file (a character device)"]
    assert done.stdout.startswith("new 0, duplicate 0, near-duplicate 0, failed 0, skipped 2 (")


def test_special_files_inside_a_folder_are_skipped_unread(specials, sqlite_url):
    done = ingest_process(str(specials["folder"]), url=sqlite_url)
    assert done.returncode == 0, done.stderr
    expected = [f"{specials['fifo']}: skipped: not a regular file (a FIFO)"]
    if "socket" in specials:
        expected.append(f"{specials['socket']}: skipped: not a regular file (a socket)")
    expected.append(f"{specials['zero']}: skipped: not a regular file (a character device)")
    assert done.stderr.splitlines() == expected
    assert done.stdout.startswith(f"new 1, duplicate 0, near-duplicate 0, failed 0, "
                                  f"skipped {len(expected)} (")


@pytest.fixture
def unread_kinds(tmp_path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "bundle.zip").write_bytes(b"PK\x03\x04" + bytes(64))
    (folder / "notes.txt").write_text(GOOD, encoding="utf-8")
    return folder


def test_images_and_archives_are_skipped_not_failed(unread_kinds, sqlite_url):
    result = cli("ingest", "--no-extract", str(unread_kinds), "--db", sqlite_url)
    assert result.exit_code == 0, result.stderr
    known = ".atom .htm .html .jsonl .md .pdf .rss .txt .xml"
    assert result.stderr.splitlines() == [
        f"{unread_kinds}/bundle.zip: skipped: nkwatch does not read .zip files (it reads {known})",
        f"{unread_kinds}/photo.png: skipped: nkwatch does not read .png files (it reads {known})"]
    assert result.stdout.startswith("new 1, duplicate 0, near-duplicate 0, failed 0, skipped 2 (")


def test_skipped_files_do_not_hide_a_failure(unread_kinds, sqlite_url):
    (unread_kinds / "empty.txt").write_bytes(b"")
    result = cli("ingest", "--no-extract", str(unread_kinds), "--db", sqlite_url)
    assert result.exit_code == 1
    assert result.stdout.startswith("new 1, duplicate 0, near-duplicate 0, failed 1, skipped 2 (")


# -- 10. JSON Lines: a bad line fails alone --------------------------------------------------

def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


LINES = [
    json.dumps({"id": "g1", "text": GOOD}),
    '{"id": "s1", "text": "[SYNTHETIC] A lone \\ud800 surrogate."}',
    _nested(100_000),
    json.dumps({"id": "g2", "text": "[SYNTHETIC] The invented Sample Mill opened on May 4."}),
    '{"id": "s2", "text": "[SYNTHETIC] A bad key.", "\\udc80": 1}',
    '{"id": "s3", "text": "[SYNTHETIC] A bad publisher.", "publisher": "Wire \\udfff"}',
    # Parses (under Python's limit of ~1000), but printing (~500) or storing (~970) it would not.
    '{"id": "d1", "text": "[SYNTHETIC] Deep metadata.", "extra": ' + _nested(975) + "}",
    '{"id": "d2", "text": "[SYNTHETIC] Less deep metadata.", "extra": ' + _nested(600) + "}",
    json.dumps({"id": "g3", "text": "[SYNTHETIC] A third good line, with [/] in it.",
                "extra": json.loads(_nested(50))}),
]
PROBLEMS = {2: 'a lone UTF-16 surrogate in "text": not text',
            3: "not usable JSON: nested too deeply",
            5: "a lone UTF-16 surrogate in a key: not text",
            6: 'a lone UTF-16 surrogate in "publisher": not text',
            7: "not usable JSON: nested too deeply",
            8: "not usable JSON: nested too deeply"}
STORED = [json.loads(LINES[i])["text"] for i in (0, 3, 8)]


@pytest.fixture
def bad_lines(tmp_path) -> Path:
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def _problems(stderr: str, path: Path, prefix: str = "") -> dict[int, str]:
    found = {}
    for line in stderr.splitlines():
        if line.startswith(f"{prefix}{path}:"):
            number, problem = line[len(f"{prefix}{path}:"):].split(": ", 1)
            found[int(number)] = problem
    return found


def test_bad_json_lines_fail_alone_and_the_others_are_stored(bad_lines, sqlite_url):
    result = cli("ingest", "--no-extract", str(bad_lines), "--db", sqlite_url)
    no_traceback(result)
    assert result.exit_code == 1
    found = _problems(result.stderr, bad_lines)
    assert sorted(found) == sorted(PROBLEMS)
    for number, problem in PROBLEMS.items():
        assert found[number].startswith(problem), (number, found[number])
    assert len(result.stderr.splitlines()) == len(PROBLEMS)
    assert result.stdout.startswith("new 3, duplicate 0, near-duplicate 0, failed 6, skipped 0 (")
    listed = cli("docs", "list", "--json", "--db", sqlite_url)  # and everything stored prints
    assert listed.exit_code == 0, listed.stderr
    assert sorted(d["id"] for d in json.loads(listed.stdout)) == \
        sorted(ids.document_id(t) for t in STORED)
    for text in STORED:
        shown = cli("docs", "show", ids.document_id(text), "--json", "--db", sqlite_url)
        assert shown.exit_code == 0 and json.loads(shown.stdout)["text"] == text


def test_extract_reports_the_same_lines_and_writes_the_others(bad_lines, tmp_path):
    out = tmp_path / "events.jsonl"
    result = cli("extract", str(bad_lines), "-o", str(out))
    no_traceback(result)
    assert result.exit_code == 1
    found = _problems(result.stderr, bad_lines, prefix="error: ")
    assert sorted(found) == sorted(PROBLEMS)
    for number, problem in PROBLEMS.items():
        assert found[number].startswith(problem), (number, found[number])
    summary = result.stderr.splitlines()[-1]
    assert re.fullmatch(r"3 documents, \d+ events, 6 bad lines", summary), summary
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert ("g1", "completion") in [(e["doc_id"], e["type"]) for e in events]
    assert {e["doc_id"] for e in events} <= {"g1", "g2", "g3"}  # none from a bad line
