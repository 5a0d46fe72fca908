"""Date finding on any text and any reference: no exception; every mention lies inside the
text and its value is YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits, a date the calendar has."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from nkwatch.extract.dates import find_dateline, find_dates, reference_from
from nkwatch.extract.state import Reference
from .strategies import any_text, domain_text, is_contract_date, published

# What reference_from and find_dateline can give: a publication year of 1900-2100.
references = st.one_of(
    published.map(reference_from),
    st.builds(Reference, st.dates(date(1900, 1, 1), date(2100, 12, 31)),
              st.sampled_from(["day", "month", "year"])),
    st.builds(Reference, st.none(), st.just("none")),
)
# And the calendar's ends, for the date arithmetic (overflow, years of five digits).
extreme_references = references | st.builds(
    Reference, st.dates() | st.sampled_from([date.min, date.max, date(1, 12, 31), date(9999, 1, 1)]),
    st.sampled_from(["day", "month", "year"]))


def check_reference(ref: Reference) -> None:
    assert ref.precision in ("day", "month", "year", "none")
    assert (ref.day is None) == (ref.precision == "none")
    value = ref.as_value()
    assert value is None or len(value) in (4, 7, 10)


@given(published)
@example("2025-99999999999999999999")
@example("2025-" + "9" * 5000)
@example("٢٠٢٥-٠١-٠١")
def test_reference_from_any_string(value: str | None) -> None:
    check_reference(reference_from(value))


@given(any_text, extreme_references)
@example("on 2025-19-39 it opened", Reference(date(2025, 1, 1), "day"))
@example("It was built in 20٢٥.", Reference(date(2025, 1, 1), "day"))
@example("It opened on Monday.", Reference(date(1, 1, 1), "day"))
@example("It opened next year, next month, in May next year.", Reference(date(9999, 12, 31), "day"))
@example("It opened 9999999999999999999999 years ago.", Reference(date(2025, 1, 1), "day"))
@example("it opened on the 31st", Reference(date(2025, 2, 28), "month"))
def test_find_dates(text: str, ref: Reference) -> None:
    for mention in find_dates(text, ref):
        assert 0 <= mention.start <= mention.end <= len(text), mention
        assert is_contract_date(mention.value), mention
        assert mention.role in ("event", "report")


@given(domain_text() | any_text, references)
@example("Date: 31/02/2023 | Source: KCNA", Reference(None, "none"))
@example("Pyongyang, February 30 (KCNA) -- ", Reference(date(2025, 2, 1), "month"))
def test_find_dateline(text: str, ref: Reference) -> None:
    check_reference(find_dateline(text, ref))


@given(any_text, references)
def test_find_dates_after_dateline(text: str, ref: Reference) -> None:
    """The order mark_dates runs them in: a dateline first, then the dates it anchors."""
    ref = find_dateline(text, ref)
    for mention in find_dates(text, ref):
        assert 0 <= mention.start <= mention.end <= len(text), mention
        assert is_contract_date(mention.value), mention
