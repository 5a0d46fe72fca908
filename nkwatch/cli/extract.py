"""`nkwatch extract`: the extraction contract on files (DOCS.jsonl in, events out), or the
extractor run again over documents already stored (`--stored`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from nkwatch.cli.common import db_option, fail, pack, store


def extract(
    docs: Path = typer.Argument(None, help="Documents as JSON Lines (docs/extraction.md, "
                                "\"The contract\"); - for standard input."),
    output: Path = typer.Option(None, "-o", "--output", help="Write events here (the file "
                                "appears only when complete); standard output when absent."),
    stored: bool = typer.Option(False, "--stored", help="Run the extractor over stored "
                                "documents it has not read yet (e.g. ingested with --no-extract)."),
    everything: bool = typer.Option(False, "--all", help="With --stored: also those read by an "
                                    "older extractor version; their unreviewed claims that the new "
                                    "run does not make again are retracted, reviewed ones stay."),
    database: str = db_option(),
) -> None:
    """Extract events: from a JSON Lines file, one JSON event per line (docs/extraction.md
    describes the format and the stages), or with --stored into the store."""
    if stored:
        if docs is not None or output is not None:
            fail("--stored reads the store: give no DOCS file and no -o")
        _extract_stored(everything, database)
        return
    if everything:
        fail("--all goes with --stored")
    if docs is None:
        fail("give a DOCS.jsonl file (or - for standard input), or --stored")
    _extract_file(docs, output)


def _extract_file(docs: Path, output: Path | None) -> None:
    from nkwatch.extract.contract import extract_file
    from nkwatch.outfile import OutputError, atomic_text, check_output

    name = str(docs)
    domain = pack()
    if name != "-" and not docs.is_file():
        fail(f"{docs}: no such file")
    inputs = [] if name == "-" else [docs]
    try:
        if output is not None:
            check_output(output, inputs)  # before any work: never an input, never a folder
        src = sys.stdin if name == "-" else docs.open(encoding="utf-8", errors="replace")
        try:
            if output is None:
                counts = extract_file(src, sys.stdout, errors=sys.stderr, pack=domain, name=name)
            else:
                with atomic_text(output, inputs) as out:
                    counts = extract_file(src, out, errors=sys.stderr, pack=domain, name=name)
        finally:
            if src is not sys.stdin:
                src.close()
    except OutputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.filename or output or docs}: {exc.strerror or exc}")
    n_docs, n_events, n_problems = counts
    typer.echo(f"{n_docs} documents, {n_events} events, {n_problems} bad lines", err=True)
    if n_problems:
        raise typer.Exit(1)


def _extract_stored(everything: bool, database: str | None) -> None:
    from nkwatch.extract.pipeline import EXTRACTOR, claims_for_document, extractor_version
    domain = pack()
    run = (EXTRACTOR, extractor_version(domain))
    documents = added = retracted = failed = 0
    with store(database, write=True) as db:
        for doc in db.documents_to_extract(*run, everything=everything):
            try:
                claims = claims_for_document(doc, domain)
            except Exception as exc:  # one document's failure is one line; the rest go on
                from nkwatch.terminal import literal

                sys.stderr.write(literal(f"{doc.id}: extraction failed: {type(exc).__name__}: {exc}") + "\n")
                failed += 1
                continue
            new, gone = db.replace_machine_claims(doc.id, claims, run)
            documents, added, retracted = documents + 1, added + new, retracted + gone
        merged = db.rebuild_events() if added or retracted else None
    typer.echo(f"{documents} documents read by {run[0]} {run[1]}: {added} new claims, "
               f"{retracted} retracted, {failed} failed")
    if merged is not None:
        typer.echo(f"knowledge base: {merged} events")
    if failed:
        raise typer.Exit(1)
