"""The one-pass prefilter (nkwatch/extract/scan.py) never hides a match, so the extractor finds the
same events with it as without it. Texts are our own SYNTHETIC sentences and shuffles of them."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
import yaml

pytest.importorskip("hyperscan")

from nkwatch.extract import scan  # noqa: E402
from nkwatch.extract.dates import _PATTERNS as DATE_PATTERNS  # noqa: E402
from nkwatch.extract.pipeline import analyse  # noqa: E402
from nkwatch.extract.triggers import rules_for  # noqa: E402
from nkwatch.model import Document  # noqa: E402
from nkwatch.packs import PACKS_DIR, load_pack  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [e["text"] for e in
            yaml.safe_load((PACKS_DIR / "dprk" / "examples.yaml").read_text(encoding="utf-8"))]
FEED = [json.loads(line)["text"] for line in
        (ROOT / "examples" / "state_media_and_wire.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()]
WORDS = " ".join(EXAMPLES + FEED).split() + ["İstanbul", "Ⅻ", "2·8", "ŏ", "ﬁ", "\n", "—", "5,000-ton"]


def shuffled_texts(n: int, seed: int) -> list[str]:
    """Runs of words from the examples, in random order and case: sentences no rule was written
    for, with capitals and non-ASCII letters where the rules do not expect them."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 60))]
        words = [w.upper() if rng.random() < 0.1 else w.lower() if rng.random() < 0.1 else w
                 for w in words]
        texts.append(" ".join(words))
    return texts


def _every_pattern() -> list[re.Pattern[str]]:
    rules = rules_for(load_pack().lexicons)
    return [p[1] for p in rules.patterns] + [p for _, p in DATE_PATTERNS]


def test_a_pattern_that_matches_is_always_reported():
    patterns = _every_pattern()
    prefilter = scan.Prefilter(patterns)
    # only the few written with non-ASCII characters ("’", "–") go unfiltered
    assert all(not patterns[i].pattern.isascii() for i in prefilter.always)
    assert len(prefilter.always) <= 0.05 * len(patterns)
    texts = EXAMPLES + FEED + shuffled_texts(300, seed=13)
    reported = matched = 0
    for text in texts:
        for low in (text, text.lower()):
            possible = prefilter.possible(low)
            hits = {i for i, p in enumerate(patterns) if p.search(low)}
            assert hits <= possible, (low[:80], [patterns[i].pattern[:60] for i in hits - possible])
            reported += len(possible)
            matched += len(hits)
    # and it does prune: far fewer patterns are reported than exist
    assert reported < 0.2 * len(patterns) * 2 * len(texts)
    assert matched > 0


def test_patterns_it_cannot_read_are_always_reported():
    named = re.compile(r"\N{LATIN SMALL LETTER A}")  # Hyperscan has no named characters
    verbose = re.compile(r"z z", re.X)  # nor re.VERBOSE
    prefilter = scan.Prefilter([re.compile(r"\bfoo\b"), named, verbose, re.compile("bar", re.I)])
    assert prefilter.always == {1, 2}
    assert prefilter.possible("nothing here") == {1, 2}
    assert prefilter.possible("a FOO and a BAR") == {1, 2, 3}
    assert prefilter.possible("foo") == {0, 1, 2}


def test_slices_are_scanned_on_their_own():
    prefilter = scan.Prefilter([re.compile("alpha"), re.compile("beta")])
    text = "alpha here. then beta — ŏ alpha"
    assert prefilter.by_slice(text, [(0, 11), (12, 22), (22, len(text))]) == [{0}, {1}, {0}]
    ascii_text = "beta. alpha."
    assert prefilter.by_slice(ascii_text, [(0, 5), (6, 12)]) == [{1}, {0}]


def test_non_ascii_text_is_read_by_class():
    # Python's \w, \s and \d are Unicode; the scan's stand-ins keep each character's class
    prefilter = scan.Prefilter([re.compile(r"\bk\w+ \d"), re.compile(r"test\sof"),
                                re.compile(r"\bkosovo\b"), re.compile(r"end\s")])
    assert prefilter.possible("kŏrea ٣") == {0}  # a letter and an Arabic-Indic digit
    assert prefilter.possible("test\u00a0of") == {1}  # no-break space
    assert prefilter.possible("test\x1cof") == {1}  # a separator only Python calls space
    assert prefilter.possible("Kosovo") == set()  # case matters where the pattern says so
    assert prefilter.possible("\u212aosovo") == {2}  # the Kelvin sign is a k
    assert prefilter.possible("end\u2028") == {3}
    assert scan.as_ascii("ŏ—’x") == b"x\x7f\x7fx"


def test_switched_off_it_reports_everything(monkeypatch):
    prefilter = scan.Prefilter([re.compile("alpha"), re.compile("beta")])
    monkeypatch.setenv("NKWATCH_PREFILTER", "0")
    assert not scan.available()
    assert prefilter.possible("nothing") == {0, 1}
    assert prefilter.by_slice("nothing", [(0, 7)]) == [{0, 1}]


def _events(texts: list[str]) -> list[list[dict]]:
    pack = load_pack()
    out = []
    for i, text in enumerate(texts):
        found = analyse(Document(id=f"syn{i}", text=text, published="2025-06-03"), pack).events
        out.append([{**e.as_json(), "links": e.links, "confidence": e.confidence} for e in found])
    return out


def test_the_extractor_finds_the_same_events_with_and_without_it(monkeypatch):
    texts = EXAMPLES + FEED + shuffled_texts(150, seed=29)
    with_prefilter = _events(texts)
    monkeypatch.setenv("NKWATCH_PREFILTER", "0")
    without = _events(texts)
    assert sum(map(len, without)) > 50  # the texts do state events
    assert with_prefilter == without
