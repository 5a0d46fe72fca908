"""Find dates and resolve them against the publication date, at the precision the text supports.

"On Monday" in a story published Tuesday 2025-06-03 is 2025-06-02; "last October" is the October
before publication; "in January last year" is January of the year before. A date that only says
when something was *reported* ("state media reported Wednesday") is kept with role "report" so it
is never taken for the date of the event.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

from nkwatch.extract import scan
from nkwatch.extract.state import DateMention, DocState, Reference
from nkwatch.extract.text import lowered_same_length
from nkwatch.model import is_date

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1}

_M = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_Y = r"(?P<year>1[89]\d\d|20\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_QUAL = r"(?P<qual>early|mid|mid-|late|the end of|end of|the beginning of|beginning of|the start of|the first half of|the second half of|the last quarter of|the first quarter of)?\s*-?"

# Matched against the lower-cased text without re.IGNORECASE and mostly without leading
# look-behinds, which lets the engine skip ahead on literal prefixes (several times faster).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>20\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_M}\s+{_D}(?:\s*(?:-|–|to|and)\s*[0-3]?\d)?(?:,?\s+{_Y})?\b")),
    ("dmy", re.compile(rf"\b{_D}\s+{_M}(?:,?\s+{_Y})?\b")),
    ("my", re.compile(rf"\b{_M},?\s+(?:of\s+)?{_Y}\b")),
    ("m_rel", re.compile(rf"\b{_M}\s+(?P<rel>last|this|next) year\b")),
    ("m_attr", re.compile(rf"\b(?:the|its|a|last|failed|botched)\s+{_M}\s+(?:launch|test|visit|inspection|ceremony|meeting|summit|session|plenum|plenary|parade|accident|incident)")),
    ("rel_m", re.compile(rf"\b(?P<rel>last|this|next)\s+{_M}(?!\s+\d)\b")),
    ("m", re.compile(rf"\b(?P<prep>in|since|from|by|until|of|during|on|and)\s+{_QUAL}\s*{_M}(?!\s*\d)(?!\s+(?:last|this|next)\b)\b")),
    ("y", re.compile(rf"\b{_Y}(?!\d|,\d|\s*(?:tons?|tonnes?|km|kilomet|met|people|units?|flats|homes|years?\b))\b")),
    ("prev_y", re.compile(r"\b(?:the previous year|a year earlier|the year before)\b")),
    ("nth", re.compile(r"\bon the (?P<day>[0-3]?\d)(?:st|nd|rd|th)\b(?! (?:of|anniversary|century|congress|plenary))")),
    ("rel_y", re.compile(r"\b(?P<rel>last|this|next) year\b(?![’']s)")),
    ("rel_week", re.compile(r"\blast week\b")),
    ("weekend", re.compile(r"\b(?:over the|last|this past|on the|at the) weekend\b")),
    ("rel_mon", re.compile(r"\b(?P<rel>last|this|next) month\b")),
    ("weekday", re.compile(r"\b(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b")),
    ("prev_day", re.compile(r"\b(?:the previous day|yesterday|a day earlier|the day before|the preceding day)\b")),
    ("today", re.compile(r"\b(?:today|this morning|on the same day)\b")),
    ("ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a) years? ago\b")),
]

# The date of a report, not of what it reports: "KCNA said on Dec 29", "reported Wednesday".
_REPORT_BEFORE = re.compile(
    r"(?:\b(?:reported|reports|said|says|announced|confirmed|disclosed|stated|released|published|"
    r"carried|quoted|added|noted|revealed|told reporters)\b,?(?:\s+\w+){0,2}\s*(?:on|in)?\s*"
    r"|\baccording to\b[^,.;:]{0,60}?\b(?:on|in)?\s*"
    r"|\b(?:carried|released|provided|distributed|published) by\b[^,.;]{0,90}?\bon\s*"
    r"|\bphoto\b[^,.;]{0,40}?\bon\s*)$",
    re.I,
)
_REPORT_VERB_AFTER = r"^\s*,?\s*(?:confirmed|reported|said|announced|disclosed|quoted|cited|released)\b"
_DATELINE_AFTER = r"^\s*\([A-Z][A-Za-z.-]{1,15}\)\s*(?:--|–|—|-)"  # any agency's dateline: "(KUNA) --"


@lru_cache(maxsize=8)
def report_after(agencies: tuple[str, ...] = ()) -> re.Pattern[str]:
    """What follows a report's date: "..., KCNA said", "(KUNA) --", or the name in brackets of
    one of the pack's agencies (lexicons/agencies.yaml: "(KCNA)", "(Yonhap)")."""
    named = r"|^\s*\((?:" + "|".join(agencies) + ")" if agencies else ""
    return re.compile(_REPORT_VERB_AFTER + named + "|" + _DATELINE_AFTER)


# "the agency reported on March 3 that ...": a report's date however long ago it was.
_REPORTED_ON = re.compile(
    r"\b(?:reported|reports|said|says|quoted|carried|told reporters),?\s+(?:on\s+)?$"
    r"|\b(?:made|announced|released|published) by\b[^,.;]{0,90}?\bon\s*$", re.I)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]+")
_PREPOSITION_BEFORE = re.compile(r"\b(?:on|in|since|from|by|until|of|and|to|before|after)\s+$", re.I)
_REPORTED_AFTER = re.compile(r"\s*,?\s*(?:it|this|that) (?:was|has been|had been) (?:reported|announced|disclosed)\b", re.I)
_FUTURE_BEFORE = re.compile(
    r"\b(?:by|until|before|scheduled for|set for|due)\s+(?:the\s+)?(?:(?:end|beginning|start|middle)\s+of\s+)?$",
    re.I)
_FORWARD_CUE = re.compile(
    r"\b(?:will|from|until|scheduled|set to|due|resume|resumes|to hold|to convene|to open)\b[^.;]{0,40}$", re.I)
# Only dates near the publication date can be the date of the report itself.
_REPORT_KINDS = {"weekday", "prev_day", "today", "mdy", "dmy", "iso"}


def undated_fallback(report_date: str | None, reference: Reference) -> str | None:
    """The date of an event the text does not date: the day of the report that tells it when
    that day falls in the publication month (a wire story "said on Monday that a missile was
    fired"), else the publication month (state media report a day late, in the same month)."""
    month = reference.as_value("month")
    if report_date and month and len(report_date) == 10 and report_date[:7] == month[:7]:
        return report_date
    return month


def reference_from(published: str | None) -> Reference:
    if not published:
        return Reference(None, "none")
    # Digits of any length: int() refuses more than 4,300 of them, date() a month no C int holds
    # ("2025-99999999999999999999"); either way no reference.
    try:
        parts = [int(p) for p in re.findall(r"\d+", published)[:3]]
        if not parts or not 1900 <= parts[0] <= 2100:  # "unknown", "n/a", a year that is a typo
            return Reference(None, "none")
        if len(parts) == 3:
            return Reference(date(*parts), "day")
        if len(parts) == 2:
            return Reference(date(parts[0], parts[1], 1), "month")
        return Reference(date(parts[0], 1, 1), "year")
    except (ValueError, OverflowError):
        return Reference(None, "none")


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month_year(month: int, ref: Reference, strictly_before: bool = False,
                forward: bool = False) -> int | None:
    """The year of a bare month name: the latest such month not after the reference month, or,
    in a forward-looking phrase ("will resume from July 1"), the next such month."""
    if ref.day is None:
        return None
    if ref.precision == "year":
        return ref.day.year
    if forward:
        return ref.day.year + (1 if month < ref.day.month else 0)
    if month > ref.day.month or (strictly_before and month == ref.day.month):
        return ref.day.year - 1
    return ref.day.year


_REL = {"last": -1, "this": 0, "next": 1}


def _days_back(ref: Reference, days: Callable[[date], int]) -> str | None:
    """The day `days(reference day)` before the reference; with a coarse reference the best
    it can say (its month or year), with none nothing."""
    if ref.day is None:
        return None
    if ref.precision != "day":
        return ref.as_value()
    return (ref.day - timedelta(days=days(ref.day))).isoformat()


def _resolve(kind: str, m: re.Match[str], ref: Reference, forward: bool = False) -> str | None:
    g = m.groupdict()
    month = MONTHS.get((g.get("month") or "").lower().rstrip("."), 0) if g.get("month") else 0
    if kind == "iso":
        return f"{g['year']}-{g['mon']}-{int(g['day']):02d}"
    if kind in ("mdy", "dmy"):
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        year = int(g["year"]) if g.get("year") else _month_year(month, ref, forward=forward)
        if year is None:
            return None
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind == "my":
        qual = (g.get("qual") or "").lower()
        if "half" in qual or "quarter" in qual:
            return g["year"]
        return _ym(int(g["year"]), month)
    if kind == "m_rel":
        if ref.day is None:
            return None
        offset = _REL[g["rel"].lower()]
        return _ym(ref.day.year + offset, month)
    if kind == "rel_m":
        rel = g["rel"].lower()
        if ref.day is None:
            return None
        if rel == "last":
            year = _month_year(month, ref, strictly_before=True)
        elif rel == "next":
            year = ref.day.year + (1 if month <= ref.day.month else 0)
        else:
            year = ref.day.year
        return _ym(year, month) if year else None
    if kind in ("m", "m_attr"):
        year = _month_year(month, ref, forward=forward)
        return _ym(year, month) if year else None
    if kind == "y":
        return g["year"]
    if kind == "prev_y":
        return str(ref.day.year - 1) if ref.day else None
    if kind == "nth":
        if ref.day is None or ref.precision == "year":
            return None
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        year, month = ref.day.year, ref.day.month
        if ref.precision == "day" and day > ref.day.day:  # "on the 28th" told on the 3rd
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind == "rel_y":
        if ref.day is None:
            return None
        return str(ref.day.year + _REL[g["rel"].lower()])
    if kind == "weekend":  # a span of days is dated by its first: the Saturday before
        return _days_back(ref, lambda day: (day.weekday() - 5) % 7 or 7)
    if kind == "rel_week":
        value = _days_back(ref, lambda day: 7)
        return value[:7] if value else None
    if kind == "rel_mon":
        if ref.day is None or ref.precision == "year":
            return None
        offset = _REL[g["rel"].lower()]
        total = ref.day.year * 12 + ref.day.month - 1 + offset
        return _ym(total // 12, total % 12 + 1)
    if kind == "weekday":
        weekday = WEEKDAYS[g["weekday"].lower()]
        return _days_back(ref, lambda day: (day.weekday() - weekday) % 7)
    if kind == "prev_day":
        return _days_back(ref, lambda day: 1)
    if kind == "today":
        return ref.as_value()
    if kind == "ago":
        if ref.day is None:
            return None
        n = g["n"].lower()
        return str(ref.day.year - (int(n) if n.isdigit() else NUMBER_WORDS[n]))
    return None


def _role(kind: str, value: str, ref: Reference, text: str, start: int, end: int,
          after_report: re.Pattern[str]) -> str:
    if _REPORTED_AFTER.match(text, end):
        return "report"
    if len(value) == 10 and _near(value, ref) and _only_stamp_before(text, start):
        return "report"  # a date stamped at the head of a page or paragraph
    if _REPORTED_ON.search(text[max(0, start - 100) : start]):
        return "report"
    if kind not in _REPORT_KINDS:
        return "event"
    if kind in ("mdy", "dmy", "iso") and not _near(value, ref):
        return "event"
    before = text[max(0, start - 90) : start]
    after = text[end : end + 40]
    if _REPORT_BEFORE.search(before) or after_report.match(after):
        return "report"
    return "event"


def _only_stamp_before(text: str, start: int) -> bool:
    r"""Whether the line holds nothing before `start` but non-word characters and the word "date"
    (what `re.sub(r"\W|date", "", head)` leaves empty). Read backwards from the date, so it
    stops at the first other word: copying the line's head cost a document written as one long
    line time in the square of its length."""
    i = start
    while i > 0:
        char = text[i - 1]
        if char == "\n":
            return True
        if char.isalnum() or char == "_":  # what \w matches
            if text[i - 4 : i] != "date":
                return False
            i -= 4
        else:
            i -= 1
    return True


def _near(value: str, ref: Reference, days: int = 3) -> bool:
    if ref.day is None or len(value) != 10:
        return False
    try:
        return abs((date.fromisoformat(value) - ref.day).days) <= days
    except ValueError:
        return False


def _is_future(value: str, ref: Reference, text: str, start: int) -> bool:
    if _FUTURE_BEFORE.search(text[max(0, start - 20) : start]):
        return True
    current = ref.as_value()
    if not current:
        return False
    n = min(len(value), len(current))
    return value[:n] > current[:n]


_MONTH_CUE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
# What a text must contain for a pattern to have a chance: cheap tests before the costly regexes.
_NEEDS = {
    "iso": lambda t, low: "-" in t,
    "mdy": lambda t, low: bool(_MONTH_CUE.search(t)),
    "dmy": lambda t, low: bool(_MONTH_CUE.search(t)),
    "my": lambda t, low: bool(_MONTH_CUE.search(t)),
    "m_rel": lambda t, low: "year" in low,
    "rel_m": lambda t, low: "last " in low or "this " in low or "next " in low,
    "m": lambda t, low: bool(_MONTH_CUE.search(t)),
    "m_attr": lambda t, low: bool(_MONTH_CUE.search(t)),
    "rel_y": lambda t, low: "year" in low,
    "rel_mon": lambda t, low: "month" in low,
    "rel_week": lambda t, low: "last week" in low,
    "weekend": lambda t, low: "weekend" in low,
    "weekday": lambda t, low: "day" in low,
    "prev_day": lambda t, low: "day" in low,
    "today": lambda t, low: "today" in low or "morning" in low or "same day" in low,
    "ago": lambda t, low: " ago" in low,
    "prev_y": lambda t, low: "year" in low,
    "nth": lambda t, low: "on the " in low,
}


@lru_cache(maxsize=1)
def _date_scan() -> scan.Prefilter:
    """One Hyperscan pass over the lowered text says which date patterns can match at all."""
    return scan.Prefilter([pattern for _, pattern in _PATTERNS])


def find_dates(text: str, ref: Reference, lowered: str = "",
               agencies: tuple[str, ...] = ()) -> list[DateMention]:
    """Every date mention of the text, resolved against `ref`. `agencies`: the pack's news
    agency patterns (lexicons/agencies.yaml), whose name in brackets marks a report's date."""
    after_report = report_after(agencies)
    found: list[DateMention] = []
    taken = bytearray(len(text))  # 1 where an earlier pattern already found a date: linear, not pairwise
    low = lowered or lowered_same_length(text)
    possible = _date_scan().possible(low)
    for number, (kind, pattern) in enumerate(_PATTERNS):
        if number not in possible:
            continue
        need = _NEEDS.get(kind)
        if need is not None and not need(text, low):
            continue
        for m in pattern.finditer(low):
            if kind == "y" and m.start() > 0 and text[m.start() - 1] in "0123456789,.$":
                continue  # part of a larger number or an amount
            start, end = m.span()
            if kind == "m" and m.group("prep"):
                start = m.start("qual") if m.group("qual") else m.start("month")
            if taken.find(1, start, end) >= 0:
                continue
            while start < end and text[start].isspace():
                start += 1
            if kind == "mdy" and not m.group("year") and _NAME_AFTER.match(text, end) and \
                    not _PREPOSITION_BEFORE.search(text[max(0, start - 12) : start]):
                continue  # "the February 8 Vinalon Complex", "April 25 Hotel": a name, not a date
            forward = bool(_FORWARD_CUE.search(text[max(0, start - 60) : start]))
            try:
                value = _resolve(kind, m, ref, forward)
            except (ValueError, OverflowError):  # a date the calendar does not have
                value = None
            # not an ISO-looking number ("2025-19-39"), other scripts' digits ("20٢٥"), "-975"
            # (3000 years ago) or "10000" (next year, told in 9999)
            if not value or not is_date(value):
                continue
            taken[start:end] = b"\x01" * (end - start)
            role = _role(kind, value, ref, text, start, end, after_report)
            found.append(DateMention(start, end, value, role, _is_future(value, ref, text, start)))
    return sorted(found, key=lambda d: d.start)


_SOURCE_DATE = re.compile(r"^\s*Date:\s*(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d\d)\b", re.M)


def find_dateline(text: str, ref: Reference) -> Reference:
    """A KCNA-style dateline ("Pyongyang, January 11 (KCNA) --") sharpens a coarse reference; a
    mirror's "Date: 08/09/2023 | Source: ..." line (day/month/year) stands in for a missing or
    coarser publication date when it agrees with it."""
    source = _SOURCE_DATE.search(text[:1500])
    if source and ref.precision != "day":
        try:
            day = date(int(source["y"]), int(source["m"]), int(source["d"]))
        except ValueError:
            day = None
        if day and (ref.day is None or str(day)[: len(ref.as_value() or "")] == ref.as_value()):
            return Reference(day, "day")
    m = re.search(rf"^\s*[A-Z][A-Za-z]+,\s+{_M}\s+{_D}\s*\(", text[:300], re.I | re.M)
    if not m or ref.day is None or ref.precision == "day":
        return ref
    month = MONTHS[m.group("month").lower().rstrip(".")]
    if ref.precision == "month" and month != ref.day.month:
        return ref
    try:
        return Reference(date(ref.day.year, month, int(m.group("day"))), "day")
    except ValueError:
        return ref


def mark_dates(state: DocState, lexicons: dict[str, Any] | None = None) -> DocState:
    state.reference = find_dateline(state.doc.text, state.reference)
    agencies = tuple((lexicons or {}).get("agencies") or ())
    state.dates = find_dates(state.doc.text, state.reference, state.lowered, agencies)
    return state
