"""The shipped extractor (rules and learned stage) on the pack's examples: our own SYNTHETIC
sentences with the events they state (nkwatch/packs/dprk/examples.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nkwatch.extract.pipeline import extract_events
from nkwatch.model import Document
from nkwatch.packs import PACKS_DIR, load_pack

EXAMPLES = yaml.safe_load((PACKS_DIR / "dprk" / "examples.yaml").read_text(encoding="utf-8"))


def _case(example: dict) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=example["known_failure"])] if "known_failure" in example else []
    return pytest.param(example, id=example["text"][:40], marks=marks)


@pytest.mark.parametrize("example", [_case(e) for e in EXAMPLES])
def test_example(example):
    events = extract_events(Document(id="syn", text=example["text"], published=example["published"]),
                            load_pack())
    assert sorted(e.type for e in events) == sorted(example["types"]), [e.as_json() for e in events]
    first = next(e for e in events if e.type == example["types"][0])
    if "date" in example:
        assert first.date == example["date"]
    if "county" in example:
        assert first.place is not None and first.place.county == example["county"]
    assert all(0.0 < e.confidence < 1.0 for e in events)


def test_examples_file_is_in_the_pack():
    assert Path(PACKS_DIR / "dprk" / "examples.yaml").is_file() and len(EXAMPLES) >= 5
