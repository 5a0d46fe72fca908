"""The extractor on any text and any publication date: no exception, and every event keeps the
contract (eval/SCHEMA.md): evidence inside the text, dates and deadlines YYYY(-MM(-DD)),
types, sectors and units from the contract's lists, and a JSON form that is strict JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given

from nkwatch.extract.pipeline import analyse
from nkwatch.model import Document
from nkwatch.packs import load_pack
from .strategies import (EVENT_TYPES, SECTORS, UNITS, any_text, domain_text,
                                   is_contract_date, published)

PACK = load_pack()


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def check_analysis(text: str, when: str | None) -> None:
    state = analyse(Document(id="x", text=text, published=when), PACK)
    for event in state.events:
        start, end = event.evidence.start, event.evidence.end
        assert 0 <= start <= end <= len(text), (start, end, len(text))
        assert event.type in EVENT_TYPES, event.type
        assert event.sector in SECTORS, event.sector
        assert event.date is None or is_contract_date(event.date), event.date
        assert event.deadline is None or is_contract_date(event.deadline), event.deadline
        for quantity in event.quantities:
            assert quantity.unit in UNITS, quantity.unit
        line = json.dumps(event.as_json(), ensure_ascii=False)
        json.loads(line, parse_constant=_no_constants)  # no NaN or Infinity
        line.encode("utf-8")


@given(any_text, published)
@example("Kim Jong Un inspected the factory.", "2025-99999999999999999999")
@example("10 000 flats were inaugurated in 20٢٥.", "2025-01-01")
@example("The plant produced " + "9" * 400 + " tons of steel in 2024.", "2025")
def test_analyse_any_text(text: str, when: str | None) -> None:
    check_analysis(text, when)


@given(domain_text(), published)
def test_analyse_domain_text(text: str, when: str | None) -> None:
    check_analysis(text, when)


SCHEMA = [Path(__file__).resolve().parents[2] / "eval" / "SCHEMA.md",
          Path(__file__).resolve().parents[3] / "shared" / "eval" / "SCHEMA.md"]


def test_contract_lists_match_schema() -> None:
    """The lists above are the contract's: checked against SCHEMA.md where it is at hand."""
    schema = next((p for p in SCHEMA if p.is_file()), None)
    if schema is None:
        pytest.skip("eval/SCHEMA.md not found")
    doc = schema.read_text(encoding="utf-8")
    types = re.search(r"### Event types(.*?)###", doc, re.S)
    assert types is not None
    assert set(re.findall(r"^\| `(\w+)` \|", types.group(1), re.M)) == set(EVENT_TYPES)
    sectors = re.search(r"### Sectors(.*?)##", doc, re.S)
    assert sectors is not None
    assert set(re.findall(r"`(\w+)`", sectors.group(1))) == set(SECTORS)
    units = re.search(r"### Units(.*?)###", doc, re.S)
    assert units is not None
    found = {w for w in re.findall(r"`(\w+)`", units.group(1)) if not w.isdigit()}
    assert found - {"value"} == set(UNITS)
