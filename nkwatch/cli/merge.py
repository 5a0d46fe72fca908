"""`nkwatch merge`: the merging contract on files (events and documents in, clusters out)."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import typer

from nkwatch.cli.common import fail, pack


def merge(
    events: Path = typer.Argument(..., help="Events in the gold format: one {\"doc_id\", \"events\"} "
                                  "line per document."),
    docs: Path = typer.Option(None, "--docs", help="Their documents (the extraction input format): "
                              "publisher, date and the sentences each event quotes."),
    output: Path = typer.Option(None, "-o", "--output", help="Write clusters here (the file appears "
                                "only when complete); standard output when absent."),
) -> None:
    """Group events of many documents into real-world events: one {"doc_id", "index",
    "cluster"} line per event (docs/merging.md)."""
    from nkwatch.kb.contract import merge_files
    from nkwatch.outfile import OutputError, atomic_text, check_output

    domain = pack()
    inputs = [p for p in (events, docs) if p is not None]
    for path in inputs:
        if not path.is_file():
            fail(f"{path}: no such file")
    names = (str(events), str(docs) if docs else "")
    try:
        if output is not None:
            check_output(output, inputs)
        with ExitStack() as stack:
            ev = stack.enter_context(events.open(encoding="utf-8", errors="replace"))
            dc = stack.enter_context(docs.open(encoding="utf-8", errors="replace")) if docs else None
            out = stack.enter_context(atomic_text(output, inputs)) if output else sys.stdout
            n, k = merge_files(ev, dc, out, domain, sys.stderr, names)
    except OutputError as exc:
        fail(str(exc))
    print(f"{n} events in {k} clusters", file=sys.stderr)
