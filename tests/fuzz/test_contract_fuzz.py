"""The CLI's JSON Lines path (`nkwatch extract DOCS.jsonl`): any mix of good documents, other
JSON values, broken JSON, lone surrogates and deep nesting gives no exception; every line it
writes is strict JSON (no NaN or Infinity) that UTF-8 can encode, since the CLI writes UTF-8."""

from __future__ import annotations

import io
import json

from hypothesis import example, given
from hypothesis import strategies as st

from nkwatch.extract.contract import extract_file
from nkwatch.packs import load_pack
from .strategies import any_text, domain_text, published

PACK = load_pack()

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)
documents = st.fixed_dictionaries(
    {"text": any_text | domain_text() | values},
    optional={"id": values | st.text(max_size=10), "published": published | values,
              "title": values, "url": values, "publisher": values})


def _dump(record: object, ascii_only: bool) -> str:
    return json.dumps(record, ensure_ascii=ascii_only)


line = st.one_of(
    st.builds(_dump, documents, st.booleans()),
    st.builds(_dump, values, st.booleans()),
    st.text(max_size=60),
    st.sampled_from([
        '{"id": "s", "text": "Kim Jong Un inspected the \\ud800 factory in Kangdong on Monday."}',
        '{"id": "\\ud800", "text": "Kim Jong Un inspected the Kangdong factory on Monday."}',
        '{"text": "\\udfff"}', '"\\ud800"', "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 5000 + "1" + "}" * 5000, '{"text": "x", "published": 1e999}',
        '{"text": "x", "published": ["2025", 99999999999999999999]}', "NaN", "-Infinity",
        '{"text": null}', '{"text": 5}', "{", "\x00", "",
    ]),
)


def _strict(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def check_extract(lines: list[str], newline: str) -> None:
    src = io.StringIO(newline.join(lines))
    out, errors = io.StringIO(), io.StringIO()
    n_docs, n_events, n_problems = extract_file(src, out, errors, PACK, name="fuzz.jsonl")
    # One event a line, lines end in "\n" only: U+0085 or U+2028 may sit raw inside a string.
    written = out.getvalue().split("\n")
    assert written.pop() == ""
    assert len(written) == n_events
    for row in written:
        row.encode("utf-8")
        event = json.loads(row, parse_constant=_strict)
        assert isinstance(event, dict) and "doc_id" in event
    errors.getvalue().encode("utf-8")
    assert n_docs + n_problems <= sum(l.count("\n") + l.count("\r") + 1 for l in lines)


@given(st.lists(line, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]))
@example(['{"a": ' * 5000 + "1" + "}" * 5000], "\n")
@example(['{"text": "x", "published": ["2025", 99999999999999999999]}'], "\n")
@example(['{"id": "\\ud800", "text": "Kim Jong Un inspected the Kangdong factory on Monday."}'], "\n")
@example(['{"text": "The plant produced ' + "9" * 400 + ' tons of steel in 2024.", "published": "2025"}'], "\n")
@example(['{"text": "KIM:INSPECTED", "id": "\x85"}'], "\n")  # a raw U+0085 in the output line
@example(['{"text": ""}', '{"":"","published":["2000",2200000000]}'], "\n")  # generated
@example(['{"text": ""}', '{"text":"\\uD800"}'], "\n")  # generated
def test_extract_file_any_lines(lines: list[str], newline: str) -> None:
    check_extract(lines, newline)
