"""Dates resolved against the publication date (eval/ANNOTATION.md "Dates")."""

from nkwatch.extract.dates import find_dates, find_dateline, reference_from


def values(text: str, published: str | None) -> list[tuple[str, str, str]]:
    ref = reference_from(published)
    return [(text[d.start : d.end], d.value, d.role) for d in find_dates(text, ref)]


def test_weekday_is_the_last_such_day_before_publication():
    # Published Tuesday 2025-06-03: "on Monday" is 2025-06-02.
    assert values("He visited the site on Monday.", "2025-06-03") == [("Monday", "2025-06-02", "event")]


def test_weekday_with_coarse_publication_date_keeps_the_month():
    assert values("It was fired Thursday morning.", "2024-11") == [("Thursday", "2024-11", "event")]


def test_previous_day_and_last_month_name():
    found = values("A ceremony was held the previous day. He came last October.", "2025-01-24")
    assert ("the previous day", "2025-01-23", "event") in found
    assert ("last October", "2024-10", "event") in found


def test_month_last_year_and_bare_month():
    found = values("announced in January last year; work began in February", "2025-06-03")
    assert ("January last year", "2024-01", "event") in found
    assert ("February", "2025-02", "event") in found


def test_bare_month_after_publication_month_is_last_year():
    assert values("Construction began in November.", "2025-03-01")[0][1] == "2024-11"


def test_report_date_is_not_an_event_date():
    found = values("State media reported Wednesday that the test was held on Jan. 6.", "2025-01-08")
    assert ("Wednesday", "2025-01-08", "report") in found
    assert ("Jan. 6", "2025-01-06", "event") in found


def test_span_of_days_dates_the_first_day():
    assert values("from November 9 to 21, 2023", "2023-11")[0][1] == "2023-11-09"


def test_forward_phrase_takes_the_next_such_month():
    found = values("The service will resume from 1 December.", "2023-11-20")
    assert found[0][1] == "2023-12-01"


def test_possessive_year_is_a_modifier_not_a_date():
    assert values("raising next year's production targets", "2025-12-26") == []


def test_years_with_units_are_quantities_not_dates():
    assert values("a 2000 ton crane and 2,025 people", "2025") == []


def test_kcna_dateline_sharpens_a_month_precision_reference():
    ref = find_dateline("Pyongyang, January 16 (KCNA) -- Text.", reference_from("2025-01"))
    assert ref.as_value() == "2025-01-16"


def test_a_report_date_long_before_publication_is_still_a_report_date():
    found = values("The agency reported on March 3 that the trial had gone wrong.", "2025-07-22")
    assert found == [("March 3", "2025-03-03", "report")]


def test_month_day_names_are_not_dates():
    assert values("Workers of the February 8 Vinalon Complex met the plan.", "2023-04-25") == []
    assert values("It opened on February 8 Monday.", "2023-04-25")[0][1] == "2023-02-08"


def test_an_agency_dateline_is_a_report_date():
    found = values("TOKYO, April 30 (KUNA) -- The test was held on Monday.", "2025-04-30")
    assert ("April 30", "2025-04-30", "report") in found


def test_the_weekend_is_dated_by_its_saturday():
    # Published Tuesday 2025-12-23: "over the weekend" began Saturday 2025-12-20.
    assert values("Ceremonies were held over the weekend.", "2025-12-23") == [
        ("over the weekend", "2025-12-20", "event")]


def test_a_mirror_date_line_sharpens_a_missing_publication_date():
    text = "Some headline\nDate: 08/09/2023 | Source: Example (EN)\nText."
    assert find_dateline(text, reference_from(None)).as_value() == "2023-09-08"
    assert find_dateline(text, reference_from("2023")).as_value() == "2023-09-08"
    assert find_dateline(text, reference_from("2024")).as_value() == "2024"  # disagrees: ignored


def test_unusable_publication_dates_give_no_reference():
    for published in ("abc", "2025-13-01", "2025-02-30", "0000", "0001-01-01", "9999-12-31", ""):
        assert reference_from(published).day is None


def test_the_stamp_check_reads_as_the_substitution_did():
    r"""`_only_stamp_before` answers what re.sub(r"\W|date", "", head) == "" answered, on heads of
    punctuation, "date", other words, underscores, digits and non-ASCII letters."""
    import random
    import re

    from nkwatch.extract.dates import _only_stamp_before

    rng = random.Random(11)
    pieces = ["date", "Date", "d", "ate", " ", ":", "-", "_", "7", "ŏ", "—", "\n", "x", "dated", "\t"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        start = len(text)
        head = text[text.rfind("\n", 0, start) + 1 : start]
        assert _only_stamp_before(text + "2025-06-03", start) == (not re.sub(r"\W|date", "", head)), text
