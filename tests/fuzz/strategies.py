"""Small valid samples of every input format and the Hypothesis strategies built on them.

The samples are written here (no corpus file is read): a minimal HTML page, a PDF made with
pypdf's writer, a few JSON Lines, an RSS and an Atom feed. `mutated(sample)` flips, inserts
and deletes bytes in one, so the readers see almost-valid input as well as pure noise.
"""

from __future__ import annotations

import io
import re
import string
from datetime import date
from functools import lru_cache

import pypdf
from hypothesis import strategies as st
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject

from nkwatch.packs import load_pack

# -- what the contract allows (eval/SCHEMA.md; test_contract_lists checks these against it) ----
EVENT_TYPES = ("construction_start", "completion", "inspection", "weapons_test", "vessel_launch",
               "agreement", "meeting", "production", "exhibition", "plan")
SECTORS = ("military", "light_industry", "heavy_industry", "mining", "energy", "housing",
           "tourism", "health", "agriculture", "fisheries", "transport", "science_education",
           "trade", "other")
UNITS = ("home", "factory", "county", "building", "bed", "room", "ton", "missile", "shell",
         "launcher", "ship", "km", "m", "m2", "hectare", "MW", "kW", "kWh", "percent", "person",
         "day", "month", "year", "usd", "rub", "item")

_DATE_SHAPE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def is_contract_date(value: object) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD in ASCII digits, and a date the calendar has."""
    if not isinstance(value, str) or not _DATE_SHAPE.fullmatch(value):
        return False
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


# -- valid samples ---------------------------------------------------------------------------
STORY = ("Pyongyang, January 11 (KCNA) -- Kim Jong Un inspected the Kangdong County regional-"
         "industry factory on Monday. 10 000 flats were inaugurated in Songchon.")

HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Factory inaugurated</title>
<meta property="og:site_name" content="Example News">
<meta name="date" content="2025-01-12"></head>
<body><nav>Home | World</nav><article><h1>Factory inaugurated</h1>
<p>{STORY}</p><p>The factory will produce 5,000 tons of goods a year.</p></article>
<footer>Share this story</footer></body></html>""".encode()

JSONL = (
    b'{"id": "1", "published": "2025-01-11", "title": "T", "text": "' + STORY.encode() + b'"}\n'
    b'{"id": "2", "published": "2025-01", "text": "A missile was test-fired last October."}\n'
    b'{"id": "3", "published": null, "text": "Kim Jong Un visited Nampho.", "url": "http://x"}\n'
)

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Feed</title><link>http://example.org/</link>
<language>en</language><description>d</description>
<item><title>Factory opened</title><link>http://example.org/1</link>
<pubDate>Sat, 11 Jan 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;{STORY}&lt;/p&gt;</description></item>
<item><title>Plain</title><link>http://example.org/2</link>
<description>A destroyer was launched in Nampho last week.</description></item>
</channel></rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<id>urn:x</id><updated>2025-01-11T00:00:00Z</updated>
<entry><title>Factory opened</title><id>urn:x:1</id><link href="http://example.org/1"/>
<updated>2025-01-11T09:00:00Z</updated>
<content type="html">&lt;div&gt;{STORY}&lt;br/&gt;More.&lt;/div&gt;</content></entry>
<entry><title>Text entry</title><id>urn:x:2</id><updated>2025-01-12T09:00:00Z</updated>
<summary>Kim Jong Un visited the Sinpho shipyard.</summary></entry>
</feed>""".encode()


def _pdf(compress: bool, glyph: str | None = None) -> bytes:
    """One page of text in Helvetica; `glyph` renames the font's "A" (a /Differences
    encoding), e.g. "/uniD800", which pypdf turns into a lone surrogate."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=300, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    if glyph:
        font[NameObject("/Encoding")] = DictionaryObject({
            NameObject("/Type"): NameObject("/Encoding"),
            NameObject("/Differences"): ArrayObject([NumberObject(65), NameObject(glyph)])})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    content = StreamObject()
    content.set_data(b"BT /F1 10 Tf 20 150 Td (Kim Jong Un inspected the Kangdong factory "
                     b"on Monday. A) Tj 0 -14 Td (10 000 flats were built.) Tj ET")
    page.replace_contents(content)
    if compress:
        page.compress_content_streams()
    writer.add_metadata({"/Title": "Factory report"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@lru_cache(maxsize=None)
def pdf_samples() -> tuple[bytes, ...]:
    return _pdf(False), _pdf(True), _pdf(False, glyph="/uniD800")


# -- byte mutation ---------------------------------------------------------------------------
@st.composite
def mutated(draw: st.DrawFn, sample: bytes, keep: int = 0) -> bytes:
    """The sample with a few bytes flipped, set, inserted, deleted or repeated, or cut short;
    the first `keep` bytes (a "%PDF-1.3" header) are left alone so the parser gets past them."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(("flip", "set", "insert", "delete", "dup") * 2 + ("cut",)))
        pos = draw(st.integers(min(keep, len(data)), max(min(keep, len(data)), len(data) - 1)))
        if op == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "set" and pos < len(data):
            data[pos] = draw(st.sampled_from(b"\x00\xff<>&\"'\\\n{}[]#%()/ \x01\x80\xc3\xed\xa0"))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=12) | st.sampled_from(
                [b"<", b"</p>", b"<![CDATA[", b"&#xD800;", b"&#0;", b"\\ud800", b'"', b"\xed\xa0\x80",
                 b"stream", b"endobj", b"%%EOF", b"0 0 R", b"<<", b">>", b"\r\n", b"\xef\xbb\xbf",
                 b"/Length 999999999", b"/Filter /FlateDecode", b"1 0 obj", b"[ 4 0 R ]"]))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 16))]
        elif op == "cut":
            del data[pos:]
        elif op == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 64))]
    return bytes(data)


# -- text ------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def place_names() -> tuple[str, ...]:
    """Every place's English name, Hangul, McCune-Reischauer and Revised Romanization."""
    names: set[str] = set()
    for p in load_pack().places:
        names.update(v for v in (p.name, p.hangul, p.hangul_rok, p.mr, p.rr, p.mr_rok) if v)
    return tuple(sorted(names))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December", "Jan.", "Feb", "Sept.", "Dec.", "mid-", "late")
PIECES = (
    "Kim Jong Un", "inspected", "inaugurated", "inauguration ceremony", "groundbreaking",
    "test-fired", "launched", "missile", "destroyer", "factory", "factories", "County",
    "Province", "City", "District", "-gun", "on Monday", "on Friday", "the previous day",
    "last October", "in January last year", "last week", "next year", "by the end of", "2025",
    "2024-06-03", "2025-13-45", "1999", "10 000", "5,000-ton", "tons", "tonnes", "flats", "homes",
    "$28 million", "30%", "8.7 thousand", "20 cities and counties", "MW", "km", "hectares",
    "will", "plans to build", "signed", "agreement", "Russia", "Belarus", "plenary meeting",
    "congress", "exhibition", "production", "he", "his", "The", "the", "of", "on the 28th",
    "(KCNA) --", "Pyongyang,", "Date: 08/09/2023 | Source:", "Share", "Subscribe", "More from",
    ".", ",", ";", ":", "(", ")", "\"", "“", "”", "’", "-", "—", "–", "\n", "\n\n", "İ", "ŏ", "ŭ",
    "평양", "\u0000", "\u2011", "\ufeff", "\u200b", "٣", "२०२५", "Ⅻ", "ﬁ",
)


@st.composite
def domain_text(draw: st.DrawFn) -> str:
    """Text from domain-like pieces (names, months, numbers, triggers) glued by junk."""
    piece = st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from(MONTHS),
        st.sampled_from(place_names()),
        st.integers(-5, 99999).map(str),
        st.integers(0, 40).map(lambda n: f"{n}th"),
        st.text(max_size=6),
        # What a regex's \d also takes, and numbers too long for a float or a C int.
        st.from_regex(r"(19|20)[0-9]{2}-[0-3][0-9]-[0-3][0-9]", fullmatch=True),
        st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=4),
        st.integers(0, 10**450).map(str),
    )
    parts = draw(st.lists(piece, max_size=60))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "", "\n", ", ", ". ", "-", "\t"]),
                         min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps))


any_text = st.one_of(st.text(), domain_text(), st.text(alphabet=string.printable))

published = st.one_of(
    st.none(),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.dates().map(lambda d: d.isoformat()[:4]),
    st.sampled_from(["", "2025-02-30", "2025-13-01", "0000", "9999-12-31", "n/a", "2025/06/03",
                     "03.06.2025", "2025-99999999999999999999", "99999999999999999999",
                     "2025-1-1", "٢٠٢٥-٠١-٠١", "2025-06-03T10:00:00Z"]),
    st.text(max_size=30),
    st.from_regex(r"[0-9]{1,30}(-[0-9]{1,30}){0,3}", fullmatch=True),
)
