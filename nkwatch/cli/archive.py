"""`nkwatch archive run`: shards of an archive ingested with extraction on a process pool or a
Ray cluster, resumable (docs/archive.md)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from nkwatch.cli.common import db_option, fail, store

app = typer.Typer(help="Archives of many documents: sharded, parallel, resumable.", no_args_is_help=True)


@app.command("run")
def run(paths: list[Path] = typer.Argument(..., help="Shards: files (JSON Lines, Parquet, any file "
                                           "ingest reads) or folders of them, local or on shared storage."),
        engine: str = typer.Option("local", "--engine", help="local (a process pool) or ray."),
        address: str = typer.Option(None, "--address", help="A Ray cluster to join (ray start "
                                    "--head prints it); a local one is started when absent."),
        workers: int = typer.Option(None, "--workers", min=1, max=4096,
                                    help="Processes (default: the cores)."),
        database: str = db_option()) -> None:
    """Ingest every shard not done yet; a stopped run resumes with the next shard (the manifest
    is in the database) and loses nothing."""
    from nkwatch import archive
    from nkwatch.terminal import literal

    if engine not in ("local", "ray"):
        fail("--engine: local or ray")
    if address and engine != "ray":
        fail("--address goes with --engine ray")
    shards = archive.shards(paths)
    if not shards:
        fail("no shards: give files or folders")
    stop = os.environ.get("NKWATCH_ARCHIVE_STOP_AFTER")  # tests: a driver that stops half-way
    with store(database, write=True) as db:
        try:
            outcome = archive.run(db, shards, engine=engine, address=address,
                                  workers=workers or os.cpu_count() or 1,
                                  report=lambda line: sys.stderr.write(literal(line) + "\n"),
                                  stop_after=int(stop) if stop else None)
        except archive.ClusterUnreachable as error:
            fail(str(error))
        merged = db.rebuild_events() if outcome.new or outcome.near_duplicate else None
    typer.echo(f"{outcome.shards} shards stored, {outcome.skipped} done before; {outcome.documents} "
               f"documents (new {outcome.new}, duplicate {outcome.duplicate}, near-duplicate "
               f"{outcome.near_duplicate}), {outcome.problems} problems")
    if merged is not None:
        typer.echo(f"knowledge base: {merged} events")
    if outcome.problems:
        raise typer.Exit(1)
