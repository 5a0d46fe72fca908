"""A folder of broken files beside good ones: exactly which are stored and which reported."""

from __future__ import annotations

import io
import os
import random

import pytest
from rich.console import Console

from nkwatch.ingest import batch
from test_ingest_readers import minimal_pdf

GOOD_TEXT = "[SYNTHETIC] A ceremony inaugurated the Example Valley Textile Mill in Sample County."


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    files = {
        "good.txt": GOOD_TEXT.encode(),
        "sub/good.md": b"# [SYNTHETIC] Fleet\n\nThe invented port's fishing fleet landed a record catch.",
        "good.pdf": minimal_pdf("SYNTHETIC: a shipyard in an invented port launched a cargo vessel."),
        "good.jsonl": b'{"id": "1", "text": "[SYNTHETIC] First line document."}\n'
                      b'{"id": "2", "text": "[SYNTHETIC] Second line document."}\n',
        "good.html": b"<html><head><title>[SYNTHETIC] Dam</title></head><body><article><p>"
                     b"[SYNTHETIC] Builders finished the Sample River dam, officials said on Friday."
                     b"</p></article></body></html>",
        # Invalid UTF-8 that is legible Latin-1: read through encoding detection, and stored.
        "latin1.txt": "[SYNTHETIC] Caf\u00e9 r\u00e9sum\u00e9: the na\u00efve fa\u00e7ade of the plant.".encode("latin-1"),
        "noise.dat": random.Random(7).randbytes(4096),
        "fake.pdf": b"This file says it is a PDF but it is plain text.",
        "empty.txt": b"",
        "notjson.jsonl": b"this is not json\nand neither is this\n",
        "binary.txt": b"\x00\x01\x02\x03binary\x00",
        "nobody.html": b"<html><head><title>[SYNTHETIC] nothing</title></head></html>",
        ".hidden.txt": b"skipped: hidden files are not read",
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    with open(root / "huge.txt", "wb") as out:  # 50 MB, over the 20 MB default limit
        out.write(b"[SYNTHETIC] filler words " * (50 * 1024 * 1024 // 25))
    return root


def test_bad_files_are_reported_one_line_each_and_good_ones_stored(store, folder):
    err = io.StringIO()
    summary = batch.run(store, [folder], err=Console(file=err, width=60))
    r = str(folder)
    assert sorted(summary.problems) == sorted([
        f"{r}/binary.txt: binary data, not text",
        f"{r}/empty.txt: empty file",
        f"{r}/fake.pdf: not a PDF (no %PDF- header)",
        f"{r}/huge.txt: 50.0 MiB is over the 20 MiB limit (raise NKWATCH_MAX_BYTES to read it)",
        f"{r}/noise.dat: skipped: nkwatch does not read .dat files (it reads .atom .htm .html .jsonl .md .pdf .rss .txt .xml)",
        f"{r}/nobody.html: no main text found in the HTML",
        f"{r}/notjson.jsonl: not JSON Lines (line 1: not JSON: Expecting value)",
    ])
    # One line per failure on stderr even in a narrow terminal, and no traceback.
    assert err.getvalue().splitlines() == summary.problems
    assert "Traceback" not in err.getvalue()
    stored = sorted(os.path.relpath(d.origin, r) for d in store.list_documents())
    assert stored == ["good.html", "good.jsonl", "good.jsonl", "good.pdf", "good.txt", "latin1.txt",
                      "sub/good.md"]
    latin = [d for d in store.list_documents() if d.origin.endswith("latin1.txt")][0]
    assert "Café résumé" in latin.text
    assert (summary.new, summary.duplicate, summary.near_duplicate, summary.failed,
            summary.skipped) == (7, 0, 0, 6, 1)


def test_missing_path_is_reported(store, tmp_path):
    summary = batch.run(store, [tmp_path / "nope.txt"], err=Console(file=io.StringIO()))
    assert summary.problems == [f"{tmp_path}/nope.txt: no such file or folder"]
