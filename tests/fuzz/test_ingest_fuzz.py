"""Every reader, fed random bytes, mutated valid files and random text, either returns
Documents and per-item InputErrors or raises InputError: never another exception.

A Document's text is non-empty and UTF-8 encodable (no lone surrogates: no database stores
them), its id is the hash of its text, and its string fields are UTF-8 encodable too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from nkwatch.errors import InputError
from nkwatch.ids import document_id
from nkwatch.ingest import feed, html, jsonl, pdf, text
from nkwatch.model import Document
from .strategies import ATOM, HTML, JSONL, RSS, is_contract_date, mutated, pdf_samples

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp949", "euc_kr", "cp1252", "latin-1",
             "utf-32", "koi8_r", "shift_jis")


def check_items(reader, data: bytes, name: str) -> None:
    """The property every reader keeps."""
    try:
        items = reader(data, name=name)
    except InputError:
        event("raised InputError")
        return
    assert isinstance(items, list)
    event(f"returned {sum(isinstance(i, Document) for i in items)} documents")
    assert items, "a reader that returns must return something (or raise InputError)"
    for item in items:
        assert isinstance(item, (Document, InputError)), type(item)
        if isinstance(item, InputError):
            continue
        assert item.text.strip()
        item.text.encode("utf-8")  # raises on a lone surrogate
        assert "\x00" not in item.text
        assert item.id == document_id(item.text)
        for field in ("title", "url", "publisher", "language", "origin"):
            value = getattr(item, field)
            assert value is None or isinstance(value, str), (field, value)
            if value is not None:
                value.encode("utf-8")
        assert item.published is None or is_contract_date(item.published), item.published


@st.composite
def encoded(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> bytes:
    """Random text in one of the encodings our sources use (lone surrogates passed through
    where the codec can, so invalid UTF-8 and UTF-16 come up too)."""
    value, encoding = draw(texts), draw(st.sampled_from(ENCODINGS))
    try:
        return value.encode(encoding, errors="surrogatepass")
    except (UnicodeEncodeError, LookupError):
        return value.encode(encoding, errors="replace")


pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning")

random_bytes = st.binary(max_size=600)


# -- plain text and Markdown -------------------------------------------------------------------
@given(random_bytes, st.sampled_from(["x.txt", "x.md"]))
def test_text_random_bytes(data: bytes, name: str) -> None:
    check_items(text.read, data, name)


@given(encoded(st.text(max_size=300)), st.sampled_from(["x.txt", "x.md"]))
@example("# \ud800 title\nbody".encode("utf-8", "surrogatepass"), "x.md")
@example(b"\xff\xfe" + "# T\nKim \ud800".encode("utf-16-le", "surrogatepass"), "x.md")
def test_text_random_text(data: bytes, name: str) -> None:
    check_items(text.read, data, name)


# -- HTML ------------------------------------------------------------------------------------
CHARSETS = ("utf-8", "utf-7", "unicode_escape", "raw_unicode_escape", "utf-16", "utf-32",
            "punycode", "idna", "rot13", "base64", "hex", "zlib", "bogus", "cp949", "latin-1",
            "mbcs", "palmos", "utf_8_sig", "unicode-internal", "undefined")


@st.composite
def html_pages(draw: st.DrawFn) -> bytes:
    """A page around random text, sometimes with a <meta charset> naming any codec."""
    body = draw(st.text(max_size=300))
    charset = draw(st.none() | st.sampled_from(CHARSETS))
    head = f'<meta charset="{charset}">' if charset else ""
    page = f"<html><head>{head}<title>{draw(st.text(max_size=20))}</title></head><body><p>{body}</p></body></html>"
    return page.encode("utf-8", errors="surrogatepass")


@given(random_bytes)
def test_html_random_bytes(data: bytes) -> None:
    check_items(html.read, data, "x.html")


@given(mutated(HTML))
def test_html_mutated(data: bytes) -> None:
    check_items(html.read, data, "x.html")


# Pages whose declared codec makes a lone surrogate ([SYNTHETIC] text).
SURROGATE_CODEC_PAGES = [
    b'<html><head><meta charset="utf-7"></head><body><p>Kim Jong Un +2AA- inspected the factory '
    b'in Kangdong on Monday and it was big.</p></body></html>',
    b'<html><head><meta charset="unicode_escape"></head><body><p>Kim Jong Un \\ud800 inspected '
    b'the factory in Kangdong on Monday and it was big.</p></body></html>']


@given(html_pages() | encoded(st.text(max_size=300)))
@example(b'<html><head><meta charset="undefined"><title></title></head><body><p></p></body></html>')
@example(SURROGATE_CODEC_PAGES[0])
@example(SURROGATE_CODEC_PAGES[1])
def test_html_random_text(data: bytes) -> None:
    check_items(html.read, data, "x.html")


@pytest.mark.parametrize("page", SURROGATE_CODEC_PAGES)
def test_html_declared_codec_making_surrogates_is_not_trusted(page: bytes) -> None:
    """A lone surrogate from the declared codec made the HTML parser stop there: the text was
    cut to "Kim Jong Un" without a word. Such a declaration is ignored now."""
    (document,) = html.read(page, name="x.html")
    assert isinstance(document, Document)
    assert "inspected the factory" in document.text


# -- PDF -------------------------------------------------------------------------------------
@given(random_bytes.map(lambda b: b"%PDF-1.4\n" + b) | random_bytes)
def test_pdf_random_bytes(data: bytes) -> None:
    check_items(pdf.read, data, "x.pdf")


@given(st.sampled_from(pdf_samples()).flatmap(lambda sample: mutated(sample, keep=9)))
@example(pdf_samples()[2])  # a glyph named /uniD800: pypdf extracts a lone surrogate
def test_pdf_mutated(data: bytes) -> None:
    check_items(pdf.read, data, "x.pdf")


# -- JSON Lines ------------------------------------------------------------------------------
json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
doc_records = st.fixed_dictionaries(
    {"text": st.text(max_size=200) | st.just("Kim Jong Un inspected a factory.")},
    optional={"id": json_values, "published": json_values | st.sampled_from(["2025", "2025-01-02"]),
              "title": json_values, "url": json_values, "publisher": json_values,
              "language": json_values, "source_type": json_values, "extra": json_values})


@st.composite
def jsonl_lines(draw: st.DrawFn) -> str:
    import json

    line = st.one_of(
        doc_records.map(lambda r: json.dumps(r, ensure_ascii=draw(st.booleans()))),
        json_values.map(json.dumps),
        st.text(max_size=40),
        st.sampled_from(['{"text": "\\ud800 lone"}', '{"text": "ok", "title": "\\udfff"}',
                         '{"\\ud800": 1, "text": "ok"}', "[" * 5000 + "]" * 5000,
                         '{"a":' * 3000 + "1" + "}" * 3000, "", "   ", "{", "NaN", "Infinity"]),
    )
    lines = draw(st.lists(line, min_size=1, max_size=8))
    return draw(st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85"])).join(lines)


@given(random_bytes)
@example(b"\x1c")  # bytes.strip() keeps it, str.splitlines() breaks on it: no line at all
def test_jsonl_random_bytes(data: bytes) -> None:
    check_items(jsonl.read, data, "x.jsonl")


@given(mutated(JSONL))
def test_jsonl_mutated(data: bytes) -> None:
    check_items(jsonl.read, data, "x.jsonl")


@given(jsonl_lines().map(lambda s: s.encode("utf-8", errors="surrogatepass")))
@example('{"text": "Kim Jong Un inspected it.", "published": "٢٠٢٥-٠١-٠١"}'.encode())
@example(b'{"text": "Kim Jong Un inspected it.", "published": "2025-13-01"}')
def test_jsonl_random_lines(data: bytes) -> None:
    check_items(jsonl.read, data, "x.jsonl")


# Texts that survive reading as they are: not blank, no NUL (dropped), no lone surrogate (refused).
kept_texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                     min_size=1, max_size=80).filter(lambda t: t.strip())


@given(st.lists(st.tuples(kept_texts, st.booleans()), min_size=1, max_size=5),
       st.sampled_from(["\n", "\r\n", "\r"]))
@example([("Kim Jong Un inspected\u2028the factory.", False)], "\n")
@example([("a\x85b", False), ("c", True)], "\r\n")
def test_jsonl_reads_back_what_json_dumps_wrote(records: list[tuple[str, bool]],
                                                newline: str) -> None:
    """One Document per line, same text, in order, whatever json.dumps escaped or left raw."""
    import json

    data = newline.join(json.dumps({"text": text}, ensure_ascii=ascii_only)
                        for text, ascii_only in records).encode("utf-8")
    items = jsonl.read(data, name="x.jsonl")
    assert [getattr(item, "text", item) for item in items] == [text for text, _ in records]


# -- RSS and Atom ----------------------------------------------------------------------------
@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    """An RSS or Atom feed whose titles and bodies are random text (escaped or raw)."""
    from xml.sax.saxutils import escape

    def field() -> str:
        value = draw(st.text(max_size=80))
        return escape(value) if draw(st.booleans()) else value

    if draw(st.booleans()):
        items = "".join(f"<item><title>{field()}</title><description>{field()}</description>"
                        f"<pubDate>{field()}</pubDate></item>" for _ in range(draw(st.integers(1, 3))))
        doc = f'<?xml version="1.0"?><rss version="2.0"><channel><title>{field()}</title>{items}</channel></rss>'
    else:
        items = "".join(f"<entry><title>{field()}</title><content type=\"html\">{field()}</content>"
                        f"<updated>{field()}</updated></entry>" for _ in range(draw(st.integers(1, 3))))
        doc = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{field()}</title>{items}</feed>'
    return doc.encode("utf-8", errors="surrogatepass")


@given(random_bytes)
def test_feed_random_bytes(data: bytes) -> None:
    check_items(feed.read, data, "x.xml")


@given(st.sampled_from([RSS, ATOM]).flatmap(mutated))
@example(ATOM.replace(b"&lt;/div&gt;", b"&lt;/div&gt\x01;"))  # lxml: "All strings must be XML compatible"
@example(RSS.replace(b"Jan 2025", b"Jan 0025"))  # strftime("%Y") gave "25-01-11"
@example(RSS.replace(b'encoding="UTF-8"', b'encoding="\xd5TF-8"'))  # feedparser: UnicodeDecodeError
def test_feed_mutated(data: bytes) -> None:
    check_items(feed.read, data, "x.xml")


@given(feeds())
@example(b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>'
         b'&#xD800;</title><description>Kim &#xD800; Jong Un</description></item></channel></rss>')
@example(b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>t</title>'
         b'<description>Kim &#x110000; Jong Un</description></item></channel></rss>')
@example(b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>t</title>'
         b'<description>Kim &#99999999999999999999; Jong Un</description></item></channel></rss>')
def test_feed_random_text(data: bytes) -> None:
    check_items(feed.read, data, "x.xml")


@pytest.mark.parametrize("form", ["absolute", "relative"])
def test_feed_bytes_are_the_feed_never_a_path(tmp_path: Path, form: str) -> None:
    """Fetched bytes that happen to spell a path must not make feedparser open that file."""
    path = tmp_path / "local.xml"
    path.write_bytes(RSS)
    data = str(path) if form == "absolute" else os.path.relpath(path)
    with pytest.raises(InputError):
        feed.read(data.encode(), name="fetched.xml")
