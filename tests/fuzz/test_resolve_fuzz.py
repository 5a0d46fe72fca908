"""Place resolution on any name and context (Hangul, control characters, near misses): no
exception; best() is None or a place of the gazetteer, resolve() ranks known places."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from nkwatch.packs import load_pack
from nkwatch.resolve import Gazetteer
from .strategies import mutated, place_names

GAZ = Gazetteer.from_pack(load_pack())

hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), max_size=6)
jamo = st.text(alphabet=st.characters(min_codepoint=0x1100, max_codepoint=0x11FF), max_size=4)
controls = st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]), max_size=4)
known = st.sampled_from(place_names())
suffix = st.sampled_from(["", " County", " Province", " City", "-gun", "-si", " District",
                          " Countv", " gun", "군", "시", "도", " ", ",", ", South Phyongan", "'", "-"])


def _edit(name: str) -> st.SearchStrategy[str]:
    """A known name with a few bytes changed (as UTF-8, decoded leniently)."""
    return mutated(name.encode()).map(lambda b: b.decode("utf-8", errors="replace"))


names = st.one_of(
    st.text(max_size=30),
    hangul,
    st.tuples(hangul, suffix).map("".join),
    st.tuples(known, suffix).map("".join),
    known.flatmap(_edit),
    st.tuples(known, controls, known | jamo).map("".join),
    st.tuples(controls, known, controls).map("".join),
)
contexts = st.none() | st.text(max_size=200) | st.lists(
    known | st.text(max_size=10) | st.sampled_from(["Russia", "Vladivostok", "South Korea", ","]),
    max_size=12).map(" ".join)


def check(name: str, context: str | None) -> None:
    found = GAZ.resolve(name, context)
    for candidate in found:
        assert candidate.place_id in GAZ.places
        assert 0.0 <= candidate.score <= 1.0, candidate
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    best = GAZ.best(name, context)
    assert best is None or best.place_id in GAZ.places
    if best is not None:
        assert found and best == found[0]


@given(names, contexts)
@example("", None)
@example(",", ",")
@example("\x00", "\x00")
@example("Unsan,", None)
@example(" - ", "")
@example("\ud800", "\udfff")
@example("군", "평양")
@example("Kim Jong Un", "Kim Jong Un inspected")
def test_resolve_any_name(name: str, context: str | None) -> None:
    check(name, context)
