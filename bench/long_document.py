"""Benchmark: extraction time against document length, against a linear regex scan of the same text.

    .venv/bin/python bench/long_document.py [--sizes 100000,250000,500000,1000000,2000000]

Builds one SYNTHETIC document per size by repeating a paragraph written for this benchmark (an
invented report with dates, places such as Kujang County, "inaugurated", "Kim Jong Un visited"
and numbers; the day, month, year and figures change with each repetition so the events do not
all merge into one), cut to exactly that many characters (the extractor's own cap is 2,000,000).
Times `analyse()` on each, min of 2 runs after a warm-up, and as the peer in the same run
`re.finditer` of a simple date pattern over the same text: a single linear scan, so its cost per
character is the flat line to compare against.

Prints seconds and microseconds per character for each size, and the ratio of the per-character
cost at the largest size to that at the smallest. Exits 1 (the reason on standard error) if that
ratio exceeds 2 (superlinear growth), if any run found no events, or if a text was cut.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nkwatch import ids  # noqa: E402
from nkwatch.extract.pipeline import MAX_CHARS, analyse  # noqa: E402
from nkwatch.model import Document  # noqa: E402
from nkwatch.packs import load_pack  # noqa: E402

SIZES = (100_000, 250_000, 500_000, 1_000_000, 2_000_000)
LIMIT_RATIO = 2.0
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
# Written for this benchmark: invented events, marked SYNTHETIC; not a quotation of any report.
PARAGRAPH = (
    "[SYNTHETIC] Pyongyang, {month} {day} -- A new fertilizer factory was inaugurated in Kujang "
    "County, North Phyongan Province, on {month} {day}, {year}, the report said. Kim Jong Un "
    "visited the factory and inspected its production lines, which are to turn out {tons} tons "
    "of fertilizer a year. Builders completed the {floors}-storey workshop in {months} months. "
    "On {month2} {day2}, {year} a groundbreaking ceremony was held for a county hospital with "
    "{beds} beds in Hamju County, South Hamgyong Province, to be completed by the end of next "
    "year. Officials said output at the Kujang machine tool plant rose {percent} percent.\n\n"
)
DATE = re.compile(r"\b(?:" + "|".join(MONTHS) + r") \d{1,2}(?:, \d{4})?\b")


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/long_document.py FAILED: {message}")


def synthetic_text(chars: int) -> str:
    parts: list[str] = []
    length, i = 0, 0
    while length < chars:
        part = PARAGRAPH.format(
            month=MONTHS[i % 12], day=1 + i % 28, month2=MONTHS[(i + 5) % 12], day2=1 + (i * 7) % 28,
            year=2000 + i % 26, tons=10_000 + 37 * i, floors=2 + i % 9, months=3 + i % 20,
            beds=50 + i % 400, percent=1 + i % 60)
        parts.append(part)
        length += len(part)
        i += 1
    return "".join(parts)[:chars]


def count_dates(text: str) -> int:
    return sum(1 for _ in DATE.finditer(text))


def best_of(fn: Callable[[], Any], runs: int = 2) -> tuple[Any, float]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)),
                    help="document lengths in characters, comma-separated, smallest first")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if len(sizes) < 2 or sizes[0] < len(PARAGRAPH):
        ap.error(f"give at least two sizes of at least {len(PARAGRAPH)} characters")
    if sizes[-1] > MAX_CHARS:
        ap.error(f"the extractor cuts texts at {MAX_CHARS:,} characters: sizes must not exceed it")
    pack = load_pack()
    warm = synthetic_text(5_000)  # builds the automata and patterns outside the timing
    if not analyse(Document(id=ids.document_id(warm), text=warm, published="2025-01-01"), pack).events:
        raise fail("the warm-up document gave no events: the extractor finds nothing in this text")

    print(f"{'chars':>10} {'nkwatch':>10} {'us/char':>8} {'events':>7}   "
          f"{'peer: re.finditer':>17} {'us/char':>8} {'dates':>7}", flush=True)
    per_char: list[tuple[float, float]] = []
    for chars in sizes:
        text = synthetic_text(chars)
        doc = Document(id=ids.document_id(text), text=text, published="2025-01-01")
        state, ours = best_of(partial(analyse, doc, pack))
        cut = [note for note in state.notes if "cut" in note]
        if cut:
            raise fail(f"{chars:,} characters: {cut[0]}: the timing would not be of the whole text")
        if not state.events:
            raise fail(f"{chars:,} characters: no events ({'; '.join(state.notes) or 'no notes'})")
        dates, peer = best_of(partial(count_dates, text))
        if not dates:
            raise fail(f"{chars:,} characters: the peer found no dates")
        per_char.append((ours / chars * 1e6, peer / chars * 1e6))
        print(f"{chars:>10,} {ours:8.3f} s {per_char[-1][0]:8.2f} {len(state.events):>7,}   "
              f"{peer:15.4f} s {per_char[-1][1]:8.4f} {dates:>7,}", flush=True)

    ratio, peer_ratio = (per_char[-1][i] / per_char[0][i] for i in (0, 1))
    print(f"per-character cost at {sizes[-1]:,} / at {sizes[0]:,}: nkwatch {ratio:.2f}, "
          f"peer {peer_ratio:.2f} (1.00 is linear; the limit is {LIMIT_RATIO:.0f})")
    if ratio > LIMIT_RATIO:
        raise fail(f"per-character cost grew {ratio:.2f}x from {sizes[0]:,} to {sizes[-1]:,} "
                   f"characters: superlinear (limit {LIMIT_RATIO:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
