"""Issue 13, item 3: `nkwatch archive run` on the local process pool and on a real local Ray
cluster stores the same documents and claims; a worker killed mid-run and a driver stopped
half-way lose nothing and store nothing twice. SYNTHETIC documents in JSON Lines and Parquet."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from nkwatch.store import open_store

NKWATCH = str(Path(sys.executable).with_name("nkwatch"))
PLACES = ("Songchon County", "Kujang County", "Kusong City", "Kangdong County")


def docs(start: int, n: int) -> list[dict]:
    return [{"id": f"syn-a{i}", "publisher": "Synthetic Wire", "published": f"2026-0{1 + i % 9}-1{i % 9}",
             "title": f"[SYNTHETIC] {i}",
             "text": f"[SYNTHETIC] item {i}. An inauguration ceremony for the regional-industry factories "
                     f"of {PLACES[i % 4]} took place on {1 + i % 27} March, state media said."}
            for i in range(start, start + n)]


@pytest.fixture
def shards(tmp_path) -> Path:
    folder = tmp_path / "archive"
    folder.mkdir()
    for n in range(3):
        (folder / f"part-{n}.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs(n * 10, 10)),
                                                encoding="utf-8")
    rows = docs(30, 10)
    pq.write_table(pa.Table.from_pylist(rows), folder / "part-3.parquet")
    return folder


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([NKWATCH, *args], capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=300)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stored(url: str) -> tuple[set, set]:
    with open_store(url, write=False) as store, store.engine.connect() as conn:
        return ({r[0] for r in conn.execute(sa.text("SELECT id FROM documents"))},
                {r[0] for r in conn.execute(sa.text("SELECT id FROM claims"))})


def test_local_and_ray_store_the_same_and_a_killed_worker_loses_nothing(shards, tmp_path):
    local, ray = f"sqlite:///{tmp_path / 'local.sqlite'}", f"sqlite:///{tmp_path / 'ray.sqlite'}"
    done = cli("archive", "run", str(shards), "--engine", "local", "--workers", "2", "--db", local)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 shards stored, 0 done before; 40 documents (new 40")
    marker = tmp_path / "kill-one-worker"
    marker.touch()
    # A local Ray cluster started by the driver (ray.init); --address joins an existing one.
    on_ray = cli("archive", "run", str(shards), "--engine", "ray", "--workers", "2", "--db", ray,
                 env={"NKWATCH_ARCHIVE_FAIL_ONCE": str(marker)})
    assert on_ray.returncode == 0, on_ray.stderr[-2000:]
    assert not marker.exists()  # a worker did die, and its shard was done again elsewhere
    assert stored(local) == stored(ray) and len(stored(ray)[0]) == 40 and stored(ray)[1]


def test_a_stopped_run_resumes_where_it_stopped(shards, tmp_path):
    url = f"sqlite:///{tmp_path / 'resume.sqlite'}"
    first = cli("archive", "run", str(shards), "--workers", "1", "--db", url,
                env={"NKWATCH_ARCHIVE_STOP_AFTER": "2"})
    assert first.returncode == 0 and first.stdout.startswith("2 shards stored, 0 done before")
    rest = cli("archive", "run", str(shards), "--workers", "1", "--db", url)
    assert rest.returncode == 0 and rest.stdout.startswith("2 shards stored, 2 done before; 20 documents (new 20")
    again = cli("archive", "run", str(shards), "--db", url)
    assert again.stdout.startswith("0 shards stored, 4 done before")
    assert len(stored(url)[0]) == 40


def test_a_bad_shard_is_one_line_and_the_others_are_stored(shards, tmp_path):
    (shards / "broken.parquet").write_bytes(b"not parquet")
    (shards / "empty.jsonl").write_text("", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'bad.sqlite'}"
    done = cli("archive", "run", str(shards), "--workers", "1", "--db", url)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [l for l in done.stderr.splitlines() if "broken.parquet" in l and "not a readable Parquet file" in l]
    assert len(stored(url)[0]) == 40
    again = cli("archive", "run", str(shards), "--workers", "1", "--db", url)
    assert again.stdout.startswith("2 shards stored, 4 done before")  # the bad ones, tried again


@pytest.fixture
def ray_head(tmp_path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """A Ray head node started the way a cluster is (`ray start --head`), in its own processes;
    its workers take the environment of `ray start`, so the kill-once marker is set there."""
    ray = str(Path(sys.executable).with_name("ray"))
    port = _free_port()
    marker = tmp_path / "kill-one-cluster-worker"
    # Ray 2.59 and later start local clusters with token authentication: head and driver share one
    auth = {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
    env = {**os.environ, **auth, "NKWATCH_ARCHIVE_FAIL_ONCE": str(marker), "RAY_USAGE_STATS_ENABLED": "0"}
    started = subprocess.run([ray, "start", "--head", "--port", str(port), "--num-cpus", "2",
                              "--node-ip-address", "127.0.0.1", "--include-dashboard", "false",
                              "--disable-usage-stats"], capture_output=True, text=True, env=env,
                             timeout=180)
    assert started.returncode == 0, started.stderr[-2000:]
    try:
        yield f"127.0.0.1:{port}", marker, auth
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True, timeout=120)


def test_a_run_on_a_started_cluster_writes_postgresql_and_survives_a_killed_worker(shards, tmp_path,
                                                                                   ray_head, pg_url):
    address, marker, auth = ray_head
    # without the cluster's token: one line that says what is wrong, nothing stored
    refused = cli("archive", "run", str(shards), "--engine", "ray", "--address", address,
                  "--db", pg_url, env={"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": "0" * 64})
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "cannot join the Ray cluster at " + address in refused.stderr
    marker.touch()
    on_cluster = cli("archive", "run", str(shards), "--engine", "ray", "--address", address,
                     "--db", pg_url, env=auth)
    assert on_cluster.returncode == 0, on_cluster.stderr[-2000:]
    # Ray's own notice of the dead worker comes first (from the raylet, in the driver's output)
    assert "\n4 shards stored, 0 done before; 40 documents (new 40" in "\n" + on_cluster.stdout
    assert not marker.exists()  # a cluster worker died, and its shard was done again
    local = f"sqlite:///{tmp_path / 'local.sqlite'}"
    assert cli("archive", "run", str(shards), "--workers", "2", "--db", local).returncode == 0
    assert stored(pg_url) == stored(local)
