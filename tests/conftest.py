"""Shared fixtures: a real SQLite file and a real PostgreSQL server, never a mock.

PostgreSQL: the server on 127.0.0.1:5432 (user postgres) when one answers, otherwise a
throwaway cluster started here with Debian's initdb/pg_ctl (scripts/system-deps.sh installs
them). Set NKWATCH_TEST_PG=cluster to force the throwaway cluster, or to a server URL to use
another server. Each session works in its own database and drops it at the end.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def _answers(conninfo: str) -> bool:
    try:
        with psycopg.connect(conninfo, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary folder; as root, run as the `postgres` user."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("no PostgreSQL server binaries: run `bash scripts/system-deps.sh`")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="nkwatch-pg-"))
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.dir, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        data = str(self.dir / "data")
        self._run(str(self.bin / "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8")
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", data, "-o", options, "-w", "-l",
                  str(self.dir / "log"), "start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """libpq URL of a PostgreSQL server's maintenance database."""
    wanted = os.environ.get("NKWATCH_TEST_PG", "")
    if wanted.startswith("postgresql"):
        yield wanted
    elif wanted != "cluster" and _answers(LOCAL_SERVER):
        yield LOCAL_SERVER
    else:
        cluster = ThrowawayCluster()
        try:
            yield cluster.start()
        finally:
            cluster.stop()


@pytest.fixture(scope="session")
def pg_database(pg_server: str) -> Iterator[str]:
    """SQLAlchemy URL of a fresh database on that server, dropped at the end of the session."""
    name = "nkwatch_test_" + uuid.uuid4().hex[:10]
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_server.rsplit("/", 1)[0]
    yield base.replace("postgresql://", "postgresql+psycopg://", 1) + "/" + name
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The session's PostgreSQL database, emptied for this test."""
    conninfo = pg_database.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename != 'alembic_version'")]
        if tables:  # every nkwatch table, whatever migrations have added
            conn.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return pg_database


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'nkwatch.sqlite'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each test that asks for this runs once per engine."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[object]:
    from nkwatch.store import open_store

    with open_store(db_url) as opened:
        yield opened


SYNTHETIC_ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Synthetic Analyst Feed</title>
<id>urn:synthetic:feed</id><updated>2025-03-05T00:00:00Z</updated>
<entry><title>[SYNTHETIC] Imagery shows new halls</title><id>urn:synthetic:1</id>
<link href="http://127.0.0.1/a1"/><updated>2025-03-05T00:00:00Z</updated>
<summary>Imagery of the fictional Example Works shows two new assembly halls.</summary></entry>
<entry><title>[SYNTHETIC] Launch pad extended</title><id>urn:synthetic:2</id>
<link href="http://127.0.0.1/a2"/><updated>2025-03-06T00:00:00Z</updated>
<summary>The invented Sample Point pad was extended by forty metres.</summary></entry>
</feed>"""


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A real HTTP server on loopback serving a synthetic Atom feed (and a broken one)."""
    pages = {"/feed.atom": SYNTHETIC_ATOM, "/broken.atom": b"<html>not a feed</html>"}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
