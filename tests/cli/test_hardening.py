"""Issue 7 (hardening), through the real CLI: every bad input or fault is one clear line and the
right exit code, nothing is lost, nothing is created by reading, and stored text is printed as
text. Real SQLite files, a real PostgreSQL server, real mounts (tmpfs) where a fault needs one.

Every document here is SYNTHETIC, written for these tests. Items 9 and 10 (feeds, special files,
JSON Lines) are in tests/ingest/test_hardening_ingest.py; item 5's single query in
tests/store/test_hardening_store.py. docs/reliability.md lists what each test tries.
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import json
import os
import pkgutil
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

import nkwatch
from nkwatch import ids
from nkwatch.cli.main import app
from nkwatch.model import Claim, Span
from nkwatch.store import open_store

ROOT = Path(__file__).resolve().parents[2]
SONGCHON = ("[SYNTHETIC] Pyongyang, June 3 -- Songchon County held an inauguration ceremony for "
            "its new regional-industry factories on June 2. Kim Jong Un cut the tape.")
MISSILE = "[SYNTHETIC] State media said on Tuesday that a synthetic missile was test-fired on Monday."


# -- helpers ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _no_default_database(monkeypatch, tmp_path):
    """Never the user's database: without --db, commands would use this (missing) file."""
    monkeypatch.setenv("NKWATCH_DB", f"sqlite:///{tmp_path / 'unused' / 'default.sqlite'}")


def cli(*args: str, columns: int = 250):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stdout + result.stderr


def one_line_error(result, code: int = 2) -> str:
    """The result failed with `code` and said why on exactly one line of standard error."""
    no_traceback(result)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def nkwatch_process(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
    """The command in its own process (for tracebacks, import lists and hangs)."""
    return subprocess.run([sys.executable, "-m", "nkwatch.cli.main", *args], capture_output=True,
                          text=True, timeout=timeout, env=os.environ | env, cwd=ROOT)


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checkpoint(db_file: Path) -> None:
    """Fold the WAL into the database file, so the file alone is the whole database."""
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@contextmanager
def tmpfs(target: Path, options: str) -> Iterator[Path]:
    """A fresh tmpfs at `target` (needs root, as on this machine and in CI)."""
    target.mkdir(parents=True, exist_ok=True)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {made.stderr.strip()}")
    try:
        yield target
    finally:
        gc.collect()  # engines closed, files released
        if subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def immutable(path: Path) -> Iterator[Path]:
    """`chattr +i`: not even root may write the file (root ignores chmod 444)."""
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i does not work here: {made.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


@pytest.fixture
def fresh_pg(pg_server) -> Iterator[tuple[str, str]]:
    """A new, empty PostgreSQL database: (SQLAlchemy URL, libpq conninfo); dropped afterwards."""
    name = "nkwatch_hardening_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    conninfo = pg_server.rsplit("/", 1)[0] + "/" + name
    yield conninfo.replace("postgresql://", "postgresql+psycopg://", 1), conninfo
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_tables(conninfo: str) -> list[str]:
    with psycopg.connect(conninfo) as conn:
        rows = conn.execute("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = 'public' ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def pg_fingerprint(conninfo: str) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row of every table: a dump, in short."""
    found = {}
    with psycopg.connect(conninfo) as conn:
        for table in pg_tables(conninfo):
            found[table] = conn.execute(
                f'SELECT count(*), md5(coalesce(string_agg(t::text, \'|\' ORDER BY t::text), \'\')) '
                f'FROM "{table}" t').fetchone()
    return found


def ingested(tmp_path: Path, url: str, rows: list[dict], *extra: str) -> None:
    source = write_jsonl(tmp_path / "docs.jsonl", rows)
    result = cli("ingest", *extra, str(source), "--db", url)
    assert result.exit_code == 0, result.stderr


# -- 1. an output file never destroys an input, and appears only when complete ---------------

@pytest.fixture
def docs_file(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    return write_jsonl(tmp_path / "a.jsonl", [{"id": "s1", "text": SONGCHON}])


@pytest.mark.parametrize("output", ["a.jsonl", "./a.jsonl", "sub/../a.jsonl", "link.jsonl", "ABS"])
def test_extract_refuses_to_write_over_its_input(docs_file, output):
    (docs_file.parent / "link.jsonl").symlink_to("a.jsonl")
    output = str(docs_file) if output == "ABS" else output
    before = docs_file.read_bytes()
    line = one_line_error(cli("extract", "a.jsonl", "-o", output))
    assert line == f"error: {Path(output)}: is also the input; writing it would destroy the input"
    assert docs_file.read_bytes() == before
    # The input given through the link, the output by its own name: the same file all the same.
    one_line_error(cli("extract", "link.jsonl", "-o", "a.jsonl"))
    assert docs_file.read_bytes() == before
    assert sorted(p.name for p in docs_file.parent.iterdir()) == ["a.jsonl", "link.jsonl", "sub"]


def test_extract_output_appears_whole_and_keeps_its_permissions(docs_file):
    out = docs_file.parent / "events.jsonl"
    out.write_text("OLD\n")
    out.chmod(0o600)
    result = cli("extract", "a.jsonl", "-o", "events.jsonl")
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert "completion" in [e["type"] for e in events]
    assert out.stat().st_mode & 0o777 == 0o600
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("output, problem", [
    ("sub", "sub: is a folder; give a file name"),
    ("missing/events.jsonl", "missing/events.jsonl: the folder {root}/missing does not exist"),
])
def test_extract_output_to_a_folder_or_a_missing_folder_is_one_line(docs_file, output, problem):
    line = one_line_error(cli("extract", "a.jsonl", "-o", output))
    assert line == "error: " + problem.format(root=docs_file.parent)
    assert not (docs_file.parent / "missing").exists()


def test_extract_output_in_a_read_only_folder_is_one_line(docs_file):
    with tmpfs(docs_file.parent / "ro", "ro,size=64k") as folder:
        line = one_line_error(cli("extract", "a.jsonl", "-o", "ro/events.jsonl"))
        assert line == f"error: ro/events.jsonl: the folder {folder} is not writable"


def test_a_failed_run_leaves_the_existing_output_untouched(docs_file):
    many = write_jsonl(docs_file.parent / "many.jsonl",
                       [{"id": str(i), "text": SONGCHON.replace("June 2", f"June {1 + i % 28}")}
                        for i in range(600)])
    with tmpfs(docs_file.parent / "small", "size=48k") as small:
        out = small / "events.jsonl"
        out.write_text("OLD\n")
        line = one_line_error(cli("extract", str(many), "-o", str(out)))
        assert line == f"error: {out}: No space left on device"
        assert out.read_text() == "OLD\n"
        assert [p.name for p in small.iterdir()] == ["events.jsonl"]  # no temporary file left


# -- 2. stored text is data: never markup, never terminal control sequences -----------------

OSC8 = "\x1b]8;;http://evil\x1b\\"
HOSTILE = [
    {"id": "h1", "publisher": "[/]", "published": "2025-06-03",
     "title": "[link=http://x]y[/link] [bold]B[/bold] :smile: [SYNTHETIC]",
     "text": SONGCHON + f" [photo] {OSC8}click{OSC8} \x1b[31mred\x1b[0m \x9b31m [/]"},
    {"id": "h2", "publisher": "\x1b[31mEvil Wire\x9b", "published": "2025-06-10",
     "title": f"[/] {OSC8}title [SYNTHETIC]", "text": MISSILE + " [/] [link=http://x]y[/link]"},
]
HOSTILE_IDS = [ids.document_id(row["text"]) for row in HOSTILE]


@pytest.fixture
def hostile(tmp_path, sqlite_url) -> str:
    ingested(tmp_path, sqlite_url, HOSTILE)
    return sqlite_url


def assert_inert(text: str) -> None:
    """Nothing in `text` can steer a terminal: no ESC, no C1 CSI, so no OSC 8 hyperlink."""
    assert "\x1b" not in text and "\x9b" not in text and "\x1b]8;" not in text


@pytest.mark.parametrize("command, expected", [
    (("docs", "list"), ["[/]", "[link=http://x]y[/link] [bold]B[/bold] :smile:",
                        "\\x1b[31mEvil Wire\\x9b", "\\x1b]8;;http://evil\\x1b\\"]),
    (("docs", "show", HOSTILE_IDS[0]), ["[photo]", "\\x1b]8;;http://evil\\x1b\\click",
                                        "\\x1b[31mred\\x1b[0m \\x9b31m [/]", ":smile:"]),
    (("docs", "show", HOSTILE_IDS[1]), ["\\x1b[31mEvil Wire\\x9b", "[/] [link=http://x]y[/link]"]),
    (("stats",), ["publisher: [/]", "publisher: \\x1b[31mEvil Wire\\x9b"]),
    (("events", "reports"), ["[/]", "\\x1b[31mEvil Wire\\x9b"]),  # an event of each document
    (("events", "list"), []),  # merged events: their text fields inert too
])
def test_stored_text_is_printed_literally(hostile, command, expected):
    result = cli(*command, "--db", hostile)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    for text in expected:
        assert text in result.stdout, text
    assert_inert(result.stdout + result.stderr)
    assert "\N{SMILING FACE WITH OPEN MOUTH AND SMILING EYES}" not in result.stdout


@pytest.mark.parametrize("command", [("docs", "list", "--json"), ("events", "reports", "--json"),
                                     ("docs", "show", HOSTILE_IDS[1], "--json"), ("stats", "--json")])
def test_json_output_escapes_control_characters(hostile, command):
    result = cli(*command, "--db", hostile)
    assert result.exit_code == 0, result.stderr
    assert_inert(result.stdout)
    assert "\\u001b[31mEvil Wire\\u009b" in result.stdout


def test_places_resolve_prints_the_query_literally():
    result = cli("places", "resolve", "[/]", "[link=http://x]y[/link]", "\x1b[31mz\x9b")
    no_traceback(result)
    assert result.exit_code == 0
    for text in ("[/]", "[link=http://x]y[/link]", "\\x1b[31mz\\x9b"):
        assert text in result.stdout
    assert_inert(result.stdout)


def test_file_names_in_messages_are_printed_literally(tmp_path, sqlite_url):
    bad = tmp_path / "evil\x1b]8;;x\x1b\\[bold]\x9b.txt"  # a file name holds no "/"
    bad.write_bytes(b"")
    result = cli("ingest", "--no-extract", str(bad), "--db", sqlite_url)
    assert result.exit_code == 1
    assert "evil\\x1b]8;;x\\x1b\\[bold]\\x9b.txt: empty file" in result.stderr
    assert_inert(result.stderr + result.stdout)


def test_no_hyperlink_reaches_a_real_terminal(hostile):
    """On a pseudo-terminal Rich styles its own output, but a document's OSC 8 stays text."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "nkwatch.cli.main", "docs", "list", "--db",
                             hostile], stdin=follower, stdout=follower, stderr=follower,
                            env=os.environ | {"COLUMNS": "250", "TERM": "xterm-256color"})
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    shown = seen.decode("utf-8", "replace")
    assert "\x1b[1m" in shown  # a terminal indeed: Rich styles its header
    assert "[link=http://x]y[/link]" in shown and "\\x1b]8;;http://evil" in shown
    assert "\x1b]8;" not in shown and "\x9b" not in shown and "\x1b[31mEvil" not in shown


# -- 3. a database that fails after opening: one line, exit 2, what was stored stays ---------

READS = [("stats",), ("docs", "list"), ("events", "list"), ("docs", "show", "doc_x")]
WRITES = [("db", "upgrade"), ("extract", "--stored")]


def test_junk_database_file_is_one_line_for_every_command(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(bytes(range(256)) * 32)
    source = write_jsonl(tmp_path / "a.jsonl", [{"text": SONGCHON}])
    url = f"sqlite:///{junk}"
    for command in [*READS, *WRITES, ("ingest", str(source))]:
        line = one_line_error(cli(*command, "--db", url))
        assert line == f"error: cannot open {url}: file is not a database", command
    assert junk.read_bytes() == bytes(range(256)) * 32


def test_corrupt_pages_are_one_line_and_ingest_prints_its_summary(tmp_path, sqlite_url):
    ingested(tmp_path, sqlite_url, [{"id": str(i), "text": f"[SYNTHETIC] Report {i} on plant {i}."}
                                    for i in range(50)], "--no-extract")
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    checkpoint(db_file)
    with sqlite3.connect(db_file) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        roots = [r[0] for r in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE tbl_name = 'documents' AND rootpage > 0")]
    conn.close()
    with open(db_file, "r+b") as fh:  # the documents table and its indexes: junk pages
        for page in roots:
            fh.seek((page - 1) * size)
            fh.write(b"\xff" * size)
    for command in [("stats",), ("docs", "list")]:
        line = one_line_error(cli(*command, "--db", sqlite_url))
        assert line == f"error: {sqlite_url}: database disk image is malformed"
    source = write_jsonl(tmp_path / "more.jsonl", [{"text": "[SYNTHETIC] One more report."}])
    result = cli("ingest", "--no-extract", str(source), "--db", sqlite_url)
    assert one_line_error(result) == f"error: {sqlite_url}: database disk image is malformed"
    assert result.stdout.startswith("new 0, duplicate 0, near-duplicate 0, failed 0, skipped 0 (")
    assert result.stdout.rstrip().endswith("; stopped: the database failed")


@pytest.fixture
def small_store(tmp_path, sqlite_url) -> tuple[str, Path]:
    ingested(tmp_path, sqlite_url, [{"text": SONGCHON}, {"text": MISSILE}])
    db_file = Path(sqlite_url.removeprefix("sqlite:///"))
    checkpoint(db_file)
    return sqlite_url, db_file


def _ingest_into_read_only(tmp_path, url: str) -> None:
    source = write_jsonl(tmp_path / "new.jsonl", [{"text": "[SYNTHETIC] A new report."}])
    result = cli("ingest", "--no-extract", str(source), "--db", url)
    assert one_line_error(result).endswith(": attempt to write a readonly database")
    assert result.stdout.startswith("new 0, ") and "stopped: the database failed" in result.stdout
    stats = cli("stats", "--json", "--db", url)  # reading still works
    assert stats.exit_code == 0 and json.loads(stats.stdout)["documents"] == 2


def test_read_only_database_file_is_one_line(tmp_path, small_store):
    url, db_file = small_store
    before = digest(db_file)
    with immutable(db_file):
        _ingest_into_read_only(tmp_path, url)
    assert digest(db_file) == before


def test_read_only_uri_database_is_one_line(tmp_path, small_store):
    url, db_file = small_store
    before = digest(db_file)
    _ingest_into_read_only(tmp_path, f"sqlite:///file:{db_file}?mode=ro&uri=true")
    assert digest(db_file) == before


def test_read_only_postgresql_database_is_one_line(tmp_path, fresh_pg):
    url, conninfo = fresh_pg
    ingested(tmp_path, url, [{"text": SONGCHON}, {"text": MISSILE}])
    name = conninfo.rsplit("/", 1)[1]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    before = pg_fingerprint(conninfo)
    source = write_jsonl(tmp_path / "new.jsonl", [{"text": "[SYNTHETIC] A new report."}])
    result = cli("ingest", "--no-extract", str(source), "--db", url)
    line = one_line_error(result)
    assert line.startswith(f"error: {url}: ") and "read-only transaction" in line
    assert "stopped: the database failed" in result.stdout
    assert pg_fingerprint(conninfo) == before


def test_full_disk_mid_ingest_keeps_what_was_stored(tmp_path):
    rows = [{"id": str(i), "text": " ".join(f"[SYNTHETIC] Report {i}, part {j}: an invented plant "
                                            f"in county {i} added a hall." for j in range(30))}
            for i in range(1500)]  # 3 MB of text for a 2 MB disk
    source = write_jsonl(tmp_path / "lots.jsonl", rows)
    with tmpfs(tmp_path / "disk", "size=2m") as disk:
        url = f"sqlite:///{disk / 'full.sqlite'}"
        result = cli("ingest", "--no-extract", str(source), "--db", url)
        assert one_line_error(result) == f"error: {url}: database or disk is full"
        summary = re.match(r"new (\d+), duplicate 0, near-duplicate 0, failed 0, skipped 0 \(",
                           result.stdout)
        assert summary and result.stdout.rstrip().endswith("; stopped: the database failed")
        stored = int(summary[1])
        assert 0 < stored < len(rows)
        by_id = {ids.document_id(r["text"]): r["text"] for r in rows}
        with open_store(url, write=False) as store:
            assert store.stats()["documents"] == store.stats()["sightings"] == stored
            docs = store.list_documents(limit=10_000)
            assert len(docs) == stored and all(by_id[d.id] == d.text for d in docs)
        conn = sqlite3.connect(disk / "full.sqlite")
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.close()


def test_sigterm_mid_ingest_leaves_whole_documents_and_a_rerun_finishes(tmp_path, db_url):
    import signal

    rows = [{"text": f"[SYNTHETIC] Item {i}: a plant in invented county {i} opened."}
            for i in range(600)]
    source = write_jsonl(tmp_path / "many.jsonl", rows)
    assert cli("db", "upgrade", "--db", db_url).exit_code == 0
    proc = subprocess.Popen([sys.executable, "-m", "nkwatch.cli.main", "ingest", "--no-extract",
                             str(source), "--db", db_url], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    with open_store(db_url, write=False) as store:
        while store.stats()["documents"] < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGTERM
    with open_store(db_url, write=False) as store:
        stats = store.stats()
    stored = stats["documents"]
    assert 20 <= stored < len(rows) and stats["sightings"] == stored
    rerun = cli("ingest", "--no-extract", str(source), "--db", db_url)
    assert rerun.exit_code == 0, rerun.stderr
    assert rerun.stdout.startswith(f"new {len(rows) - stored}, duplicate {stored}, ")


# -- 4. a database of a newer schema: refused by every command, left as it was ---------------

ALL_COMMANDS = [*READS, ("events", "list", "--json"), ("db", "upgrade"), ("extract", "--stored"),
                ("extract", "--stored", "--all"), ("ingest", "INPUT"),
                ("ingest", "--no-extract", "INPUT")]
NEWER = "error: database schema 9999 is newer than this nkwatch supports (0007): upgrade nkwatch"


def _every_command_refuses(tmp_path, url: str, expected: str) -> None:
    source = write_jsonl(tmp_path / "new.jsonl", [{"text": "[SYNTHETIC] A newer report."}])
    for command in ALL_COMMANDS:
        command = tuple(str(source) if c == "INPUT" else c for c in command)
        assert one_line_error(cli(*command, "--db", url)) == expected, command


def _stamp(db_file: Path, revision: str) -> str:
    """Set the schema revision a SQLite file says it has; the file's digest afterwards."""
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    conn.close()
    checkpoint(db_file)
    return digest(db_file)


def test_newer_sqlite_schema_is_refused_and_left_alone(tmp_path, small_store):
    url, db_file = small_store
    before = _stamp(db_file, "9999")
    _every_command_refuses(tmp_path, url, NEWER)
    assert digest(db_file) == before
    assert sorted(p.name for p in db_file.parent.iterdir() if p.name.startswith(db_file.name)) == \
        [db_file.name]


def test_newer_postgresql_schema_is_refused_and_left_alone(tmp_path, fresh_pg):
    url, conninfo = fresh_pg
    ingested(tmp_path, url, [{"text": SONGCHON}])
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = pg_fingerprint(conninfo)
    _every_command_refuses(tmp_path, url, NEWER)
    assert pg_fingerprint(conninfo) == before


def test_older_schema_is_not_migrated_by_reading(small_store):
    url, db_file = small_store
    before = _stamp(db_file, "0001")
    for command in READS:
        assert one_line_error(cli(*command, "--db", url)) == (
            "error: database schema 0001 is older than this nkwatch (0007): "
            "`nkwatch db upgrade` brings it up to date")
    assert digest(db_file) == before


# -- 5. events list: the same one-line errors as every command -------------------------------

@pytest.mark.parametrize("url, problem", [
    ("nonsense", "cannot use database URL nonsense: Could not parse SQLAlchemy URL"),
    ("sqlite:///{tmp}/nowhere/x.sqlite", "no database at {tmp}/nowhere/x.sqlite"),
    ("postgresql+psycopg://nobody@127.0.0.1:1/none",
     "cannot open postgresql+psycopg://nobody@127.0.0.1:1/none: connection failed"),
    ("sqlite:///{tmp}", "{tmp} is a folder, not a database file"),
])
@pytest.mark.parametrize("as_json", [(), ("--json",)])
def test_events_list_with_a_bad_database_is_one_line(tmp_path, url, problem, as_json):
    url, problem = url.format(tmp=tmp_path), problem.format(tmp=tmp_path)
    line = one_line_error(cli("events", "list", *as_json, "--db", url))
    assert line.startswith("error: " + problem), line


# -- 6. reading never creates anything -------------------------------------------------------

@pytest.mark.parametrize("command", READS)
@pytest.mark.parametrize("folder", ["existing", "new-folder"])
def test_reading_a_missing_sqlite_file_creates_nothing(tmp_path, command, folder):
    where = tmp_path / folder
    if folder == "existing":
        where.mkdir()
    typo = where / "typo.sqlite"
    line = one_line_error(cli(*command, "--db", f"sqlite:///{typo}"))
    assert line == (f"error: no database at {typo} (nothing was ingested there); "
                    "`nkwatch ingest` creates it")
    assert not typo.exists()
    assert where.exists() == (folder == "existing")
    if where.exists():
        assert list(where.iterdir()) == []


def test_db_upgrade_creates_what_reading_refused(tmp_path):
    db_file = tmp_path / "new" / "nk.sqlite"
    url = f"sqlite:///{db_file}"
    one_line_error(cli("stats", "--db", url))
    made = cli("db", "upgrade", "--db", url)
    assert made.exit_code == 0 and made.stdout == f"{url}: schema 0007\n"
    assert json.loads(cli("stats", "--json", "--db", url).stdout)["documents"] == 0


def test_reading_an_empty_postgresql_database_creates_no_table(fresh_pg):
    url, conninfo = fresh_pg
    for command in READS:
        line = one_line_error(cli(*command, "--db", url))
        assert line == (f"error: {url} holds no nkwatch data (nothing was ingested there); "
                        "`nkwatch ingest` creates it")
    assert pg_tables(conninfo) == []
    made = cli("db", "upgrade", "--db", url)
    assert made.exit_code == 0, made.stderr
    assert {"alembic_version", "documents", "claims", "extraction_runs"} <= set(pg_tables(conninfo))
    assert json.loads(cli("stats", "--json", "--db", url).stdout)["documents"] == 0


# -- 7. an in-memory database is refused for writing ----------------------------------------

@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true",
                                 "sqlite:///file:nk?mode=memory&uri=true"])
@pytest.mark.parametrize("command", [("ingest", "INPUT"), ("ingest", "--no-extract", "INPUT"),
                                     ("db", "upgrade"), ("extract", "--stored")])
def test_in_memory_database_is_refused_for_writing(tmp_path, monkeypatch, url, command):
    monkeypatch.chdir(tmp_path)
    source = write_jsonl(tmp_path / "a.jsonl", [{"text": SONGCHON}])
    command = tuple(str(source) if c == "INPUT" else c for c in command)
    result = cli(*command, "--db", url)
    line = one_line_error(result)
    assert " is an in-memory database: what is written there is gone when the command ends" in line
    assert result.stdout == ""  # no "new 1" for a document kept nowhere
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]


# -- 8. a database folder that cannot be created or written ---------------------------------

@pytest.mark.parametrize("command", [("ingest", "INPUT"), ("db", "upgrade"), ("extract", "--stored")])
def test_database_folder_under_a_file_is_one_line(tmp_path, command):
    (tmp_path / "afile").write_text("a regular file")
    source = write_jsonl(tmp_path / "a.jsonl", [{"text": SONGCHON}])
    command = tuple(str(source) if c == "INPUT" else c for c in command)
    line = one_line_error(cli(*command, "--db", f"sqlite:///{tmp_path}/afile/sub/x.sqlite"))
    assert line == f"error: cannot create the folder {tmp_path}/afile/sub: Not a directory"


def test_database_in_a_read_only_folder_is_one_line(tmp_path):
    source = write_jsonl(tmp_path / "a.jsonl", [{"text": SONGCHON}])
    with tmpfs(tmp_path / "ro", "ro,size=64k") as folder:
        line = one_line_error(cli("ingest", str(source), "--db", f"sqlite:///{folder}/x.sqlite"))
        assert line == f"error: cannot create {folder}/x.sqlite: the folder {folder} is not writable"
        line = one_line_error(cli("db", "upgrade", "--db", f"sqlite:///{folder}/sub/x.sqlite"))
        assert line == f"error: cannot create the folder {folder}/sub: Read-only file system"


# -- 11. a password in the database URL is never printed ------------------------------------

SECRET_URLS = [
    "mysql://bob:s3cret@localhost/x",  # no driver installed
    "postgresql+psycopg://bob:s3cret@127.0.0.1:1/x",  # nobody listening
    "postgresql+psycopg://bob:s3cret@127.0.0.1:notaport/x",  # not a URL SQLAlchemy parses
    "postgresql+psycopg://bob:s3cret@127.0.0.1:1/x?sslmode=bogus",
    "postgresql+psycopg://bob:s3cret@127.0.0.1:1/x?nosuchoption=1",
    "postgresql+psycopg2://bob:s3cret@127.0.0.1:1/x",
    "postgresql+psycopg://bob:s3cret@127.0.0.1:5432/x",  # a server that has no user bob
    "postgresql+psycopg://bob:s3cr%40et@127.0.0.1:1/x",  # "@" in the password, escaped
    "http://bob:s3cret@example.org/x",
]


@pytest.mark.parametrize("url", SECRET_URLS)
def test_password_is_never_printed(tmp_path, url):
    source = write_jsonl(tmp_path / "a.jsonl", [{"text": SONGCHON}])
    for command in [*READS, *WRITES, ("ingest", str(source))]:
        result = cli(*command, "--db", url)
        one_line_error(result)
        assert "s3cr" not in result.stdout + result.stderr, (command, result.stderr)


@pytest.mark.parametrize("url", SECRET_URLS[:3])
def test_password_is_never_printed_by_a_real_process(tmp_path, url):
    source = write_jsonl(tmp_path / "a.jsonl", [{"text": SONGCHON}])
    for args, env in [(("stats",), {"NKWATCH_DB": url}), (("ingest", str(source), "--db", url), {})]:
        done = nkwatch_process(*args, **env)
        assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
        assert "s3cret" not in done.stdout + done.stderr and "Traceback" not in done.stderr


# -- 12. options: a positive --limit within range, real dates --------------------------------

@pytest.fixture
def empty_store(sqlite_url) -> str:
    assert cli("db", "upgrade", "--db", sqlite_url).exit_code == 0
    return sqlite_url


@pytest.mark.parametrize("command", [("docs", "list"), ("events", "list")])
@pytest.mark.parametrize("limit", ["0", "-1", str(10**30), "1e3", "ten"])
def test_bad_limit_is_a_usage_error(empty_store, command, limit):
    result = cli(*command, "--limit", limit, "--db", empty_store)
    no_traceback(result)
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr


@pytest.mark.parametrize("limit", ["1", "1000000"])
def test_limits_in_range_are_accepted(empty_store, limit):
    for command in (("docs", "list"), ("events", "list")):
        assert cli(*command, "--limit", limit, "--db", empty_store).exit_code == 0


@pytest.mark.parametrize("option, value", [("--since", "2025-13-45"), ("--until", "2025-02-30"),
                                           ("--since", "2025-2"), ("--until", "0000"),
                                           ("--since", "2025-00"), ("--since", "Jan 2025"),
                                           ("--until", "٢٠٢٥")])
def test_impossible_dates_are_usage_errors(empty_store, option, value):
    result = cli("docs", "list", option, value, "--db", empty_store)
    no_traceback(result)
    assert result.exit_code == 2
    assert "use YYYY, YYYY-MM or YYYY-MM-DD, a real date" in result.stderr


@pytest.mark.parametrize("option, value", [("--since", "2025-02"), ("--until", "2024-02-29"),
                                           ("--since", "2025")])
def test_real_dates_are_accepted(empty_store, option, value):
    assert cli("docs", "list", option, value, "--db", empty_store).exit_code == 0


# -- 13. extract --stored: documents ingested without extraction get their events -----------

def _counts(url: str) -> dict:
    return json.loads(cli("stats", "--json", "--db", url).stdout)


def test_extract_stored_then_all_after_a_new_extractor_version(tmp_path, db_url):
    ingested(tmp_path, db_url, [{"text": SONGCHON}, {"text": MISSILE}], "--no-extract")
    assert _counts(db_url)["claims"] == 0

    first = cli("extract", "--stored", "--db", db_url)
    assert first.exit_code == 0, first.stderr
    made = re.fullmatch(r"2 documents read by nkwatch\.rules (\S+): (\d+) new claims, 0 retracted, "
                        r"0 failed\nknowledge base: \d+ events\n", first.stdout)
    assert made, first.stdout
    version, n_claims = made[1], int(made[2])
    assert n_claims > 0 and _counts(db_url)["claims"] == n_claims

    again = cli("extract", "--stored", "--db", db_url)
    assert again.stdout == f"0 documents read by nkwatch.rules {version}: 0 new claims, " \
                           "0 retracted, 0 failed\n"
    assert _counts(db_url)["claims"] == n_claims

    # As if an older extractor had read both documents: two claims it made that the current one
    # does not make, one of them accepted by an analyst since.
    doc_ids = [ids.document_id(SONGCHON), ids.document_id(MISSILE)]
    with open_store(db_url) as store:
        made_again = {c.id for c in store.current_claims()}
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE extraction_runs SET extractor_version = '0.0.0+old'"))
            conn.execute(sa.text("UPDATE claims SET extractor_version = '0.0.0+old'"))
        stale = [Claim(id=ids.claim_id(d, "nkwatch.rules", "event", 0, 11, {"type": "stale"}),
                       document_id=d, span=Span(0, 11), kind="event", value={"type": "stale"},
                       quote="[SYNTHETIC]", extractor="nkwatch.rules",
                       extractor_version="0.0.0+old") for d in doc_ids]
        store.add_claims(stale)
        store.review(stale[1].id, "accepted", author="a")

    assert cli("extract", "--stored", "--db", db_url).stdout.startswith("0 documents read")
    rerun = cli("extract", "--stored", "--all", "--db", db_url)
    assert rerun.exit_code == 0, rerun.stderr
    assert rerun.stdout.startswith(f"2 documents read by nkwatch.rules {version}: 0 new claims, "
                                   "1 retracted, 0 failed\nknowledge base: ")
    with open_store(db_url) as store:
        current = {c.id: c for c in store.current_claims()}
        chain = [c for c in store.claims() if c.supersedes == stale[0].id]
    assert made_again <= set(current)  # made again: still there, unchanged
    assert stale[0].id not in current  # not made again, never reviewed: retracted
    assert [(c.status.value, c.note) for c in chain] == [
        ("retracted", f"not made again by nkwatch.rules {version}")]
    reviewed = [c for c in current.values() if c.value == {"type": "stale"}]
    assert [(c.status.value, c.author) for c in reviewed] == [("accepted", "a")]
    assert cli("extract", "--stored", "--all", "--db", db_url).stdout.startswith("0 documents read")


@pytest.mark.parametrize("args, problem", [
    (("--stored", "x.jsonl"), "--stored reads the store: give no DOCS file and no -o"),
    (("--stored", "-o", "out.jsonl"), "--stored reads the store: give no DOCS file and no -o"),
    (("--all",), "--all goes with --stored"),
    ((), "give a DOCS.jsonl file (or - for standard input), or --stored"),
    (("missing.jsonl",), "missing.jsonl: no such file"),
])
def test_extract_argument_mistakes_are_one_line(tmp_path, monkeypatch, args, problem):
    monkeypatch.chdir(tmp_path)
    assert one_line_error(cli("extract", *args)) == "error: " + problem


# -- 14. long documents: extraction grows about linearly ------------------------------------

# Written for this test: an invented report, marked SYNTHETIC, varied per repetition (dates,
# figures) so the events do not all merge into one. Not a quotation of any report.
PARAGRAPH = ("[SYNTHETIC] Pyongyang, {month} {day} -- A new fertilizer factory was inaugurated in "
             "Kujang County, North Phyongan Province, on {month} {day}, {year}. Officials said "
             "output at the invented Sample machine plant rose {n} percent. Builders finished the "
             "{floors}-storey workshop in {months} months.\n\n")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def synthetic_text(chars: int) -> str:
    parts, length, i = [], 0, 0
    while length < chars:
        part = PARAGRAPH.format(month=MONTHS[i % 12], day=1 + i % 28, year=2000 + i % 26,
                                n=1 + i % 60, floors=2 + i % 9, months=3 + i % 20)
        parts.append(part)
        length, i = length + len(part), i + 1
    return "".join(parts)[:chars]


def _analyse_seconds(chars: int, runs: int = 3, enough: float = 0.0) -> float:
    """The best of `runs` timings of analyse() on `chars` characters (stopping early once one
    is under `enough` seconds: the best can only be lower)."""
    from nkwatch.extract.pipeline import analyse
    from nkwatch.model import Document
    from nkwatch.packs import load_pack

    pack, text = load_pack(), synthetic_text(chars)
    doc = Document(id=ids.document_id(text), text=text, published="2025-06-03")
    analyse(Document(id="warm", text=synthetic_text(5000)), pack)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        state = analyse(doc, pack)
        best = min(best, time.perf_counter() - start)
        assert state.events
        if best < enough:
            break
    return best


def test_extraction_time_grows_about_linearly():
    small = _analyse_seconds(200_000)
    large = _analyse_seconds(800_000, enough=8 * small)
    # Four times the text: about 4 times the time if linear, 16 if quadratic.
    assert large / small < 8, (small, large)


LONG_RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from test_hardening import synthetic_text
from nkwatch import ids
from nkwatch.extract.pipeline import analyse
from nkwatch.model import Document
from nkwatch.packs import load_pack
text = synthetic_text(2_000_000)
start = time.perf_counter()
state = analyse(Document(id=ids.document_id(text), text=text, published="2025-06-03"), load_pack())
assert state.events and all(0 <= e.evidence.start <= e.evidence.end <= len(text) for e in state.events)
print(len(text), len(state.events), time.perf_counter() - start)
"""


def test_two_million_character_document_finishes_promptly():
    """The issue asks under 3 s; a busy 2-core CI machine gets 20 s, start-up included (before
    the fix this took over 60 s)."""
    try:
        done = subprocess.run([sys.executable, "-c", LONG_RUN, str(Path(__file__).parent)],
                              capture_output=True, text=True, timeout=20, cwd=ROOT)
    except subprocess.TimeoutExpired:
        pytest.fail("2,000,000 characters were not extracted within 20 s")
    assert done.returncode == 0, done.stderr[-2000:]
    chars, events, _seconds = done.stdout.split()
    assert int(chars) == 2_000_000 and int(events) > 0


# -- 15. start-up: --help and stats import nothing heavy --------------------------------------

def imported(*args: str, **env: str) -> set[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "nkwatch.cli.main", *args],
                          capture_output=True, text=True, timeout=120, env=os.environ | env)
    assert done.returncode == 0, done.stderr[-3000:]
    found = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)", done.stderr, re.MULTILINE)
    assert len(found) > 50  # the list really is there
    return set(found)


def _heavy(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_help_imports_no_database_or_extractor():
    modules = imported("--help")
    assert "typer" in modules
    assert _heavy(modules, "sqlalchemy", "alembic", "trafilatura", "nkwatch.extract",
                  "datasketch", "nkwatch.store") == []


def test_stats_imports_no_migrations_reader_or_extractor(sqlite_url):
    assert cli("db", "upgrade", "--db", sqlite_url).exit_code == 0
    modules = imported("stats", NKWATCH_DB=sqlite_url)
    assert "sqlalchemy" in modules and "nkwatch.store.stats" in modules
    assert _heavy(modules, "alembic", "trafilatura", "nkwatch.extract", "datasketch",
                  "nkwatch.ingest", "nkwatch.learn") == []


# -- also: every module imports; extract --help points at a document that exists -------------

NEEDS_ALEMBIC_CONTEXT = ("nkwatch.store.migrations.env", "nkwatch.store.migrations.versions")


def test_every_module_of_the_package_imports():
    names = []
    for info in pkgutil.walk_packages(nkwatch.__path__, "nkwatch.", onerror=lambda name: None):
        if any(info.name == n or info.name.startswith(n + ".") for n in NEEDS_ALEMBIC_CONTEXT):
            continue  # they run inside an Alembic migration context only
        importlib.import_module(info.name)
        names.append(info.name)
    for expected in ("nkwatch.cli.main", "nkwatch.outfile", "nkwatch.terminal",
                     "nkwatch.ingest.fetch", "nkwatch.store.store", "nkwatch.extract.pipeline"):
        assert expected in names
    assert len(names) > 40


def test_extract_help_names_documentation_that_exists():
    result = cli("extract", "--help")
    assert result.exit_code == 0
    named = set(re.findall(r"docs/[\w./-]+\.md", result.stdout))
    assert named, result.stdout
    for doc in named:
        assert (ROOT / doc).is_file(), doc


def test_a_broken_pack_is_one_line_not_a_traceback(tmp_path):
    """An analyst's slip in the pack (here a regex with an open group) stops extraction with the
    loader's message naming file and entry, exit 2, no traceback."""
    import shutil

    from nkwatch.packs import PACKS_DIR

    broken = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "dprk", broken)
    triggers = broken / "lexicons" / "triggers.yaml"
    triggers.write_text(triggers.read_text(encoding="utf-8").replace("inaugurat(?:ion", "inaugurat((?:ion", 1),
                        encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    docs.write_text('{"id": "s", "text": "[SYNTHETIC] A mill opened."}\n', encoding="utf-8")
    for args in (["extract", str(docs)], ["places", "resolve", "Kujang"]):
        result = subprocess.run([sys.executable, "-m", "nkwatch.cli.main", *args], capture_output=True,
                                text=True, timeout=120, env=os.environ | {"NKWATCH_PACK": str(broken)})
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
        assert "error: domain pack:" in result.stderr and "triggers.yaml" in result.stderr
