"""Each reader on small synthetic inputs, as bytes and as files."""

from __future__ import annotations

import pytest

from nkwatch import ids
from nkwatch.errors import InputError
from nkwatch.ingest import feed, html, jsonl, pdf, readers, text
from nkwatch.model import Document, SourceType

WIRE = "[SYNTHETIC] SAMPLE CITY, March 4 (Synthetic Wire) -- A mill opened in Sample County."


def minimal_pdf(line: str) -> bytes:
    """A one-page PDF with a real text layer, built by hand so the test needs no PDF writer."""
    stream = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def only_doc(items: list) -> Document:
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def test_text_and_markdown(tmp_path):
    (tmp_path / "a.md").write_text(f"# [SYNTHETIC] Mill opens\n\n{WIRE}\n", encoding="utf-8")
    doc = only_doc(readers.read_path(tmp_path / "a.md"))
    assert doc.title == "[SYNTHETIC] Mill opens"
    assert doc.id == ids.document_id(doc.text)
    assert doc.origin == str(tmp_path / "a.md")
    assert only_doc(text.read(WIRE.encode(), "x.txt")).title is None


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_korean_legacy_encodings(encoding):
    korean = "[합성] 견본군에서 새로 건설된 방직공장 준공식이 성대히 진행되었다. 공장은 현대적인 설비를 갖추었다."
    assert only_doc(text.read(korean.encode(encoding), "k.txt")).text == korean


def test_latin1_is_detected_not_mangled():
    western = "[SYNTHETIC] Café résumé: the naïve façade of the déjà vu factory in Sample County."
    assert only_doc(text.read(western.encode("latin-1"), "w.txt")).text == western


def test_html_main_text_and_metadata():
    page = (
        "<html><head><title>[SYNTHETIC] Mill opens</title>"
        '<meta property="og:site_name" content="Synthetic Wire Service">'
        '<meta name="date" content="2025-03-04"></head><body><nav>Home | World</nav>'
        f"<article><h1>[SYNTHETIC] Mill opens</h1><p>{WIRE}</p><p>It has 300 looms.</p></article>"
        "<footer>Synthetic footer</footer></body></html>"
    )
    doc = only_doc(html.read(page.encode(), "p.html"))
    assert (doc.title, doc.publisher, doc.published) == (
        "[SYNTHETIC] Mill opens", "Synthetic Wire Service", "2025-03-04")
    assert WIRE in doc.text and "300 looms" in doc.text and "Synthetic footer" not in doc.text


def test_pdf_text_layer():
    doc = only_doc(pdf.read(minimal_pdf("SYNTHETIC: a mill opened in Sample County."), "m.pdf"))
    assert "a mill opened in Sample County" in doc.text


def test_jsonl_keeps_good_lines_and_reports_bad_ones():
    lines = [
        '{"id": "017", "publisher": "KCNA", "published": "2025-01-11", "title": "[SYNTHETIC] t", '
        '"text": "[SYNTHETIC] Factories opened.", "synthetic": true}',
        "",
        "{not json",
        '{"id": "018", "text": ""}',
        '{"id": "019", "text": "[SYNTHETIC] ok", "published": "11 Jan 2025"}',
        '{"id": "020", "text": "[SYNTHETIC] second good line", "source_type": "analyst"}',
    ]
    items = jsonl.read("\n".join(lines).encode(), "d.jsonl")
    assert [str(i) if isinstance(i, InputError) else i.metadata["external_id"] for i in items] == [
        "017",
        "d.jsonl:3: not JSON: Expecting property name enclosed in double quotes",
        'd.jsonl:4: no "text"',
        "d.jsonl:5: \"published\" must be YYYY-MM-DD, YYYY-MM or YYYY, not '11 Jan 2025'",
        "020",
    ]
    first, last = items[0], items[-1]
    assert (first.publisher, first.published, first.metadata["synthetic"]) == ("KCNA", "2025-01-11", True)
    assert last.source_type == SourceType.ANALYST


def test_feed_entries():
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Synthetic Feed</title>'
        "<link>http://example.org/</link><description>synthetic</description>"
        "<item><title>[SYNTHETIC] A</title><link>http://example.org/a</link>"
        "<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;A mill opened.&lt;/p&gt;&lt;p&gt;It has looms.&lt;/p&gt;</description></item>"
        "<item><title>[SYNTHETIC] B</title><link>http://example.org/b</link></item>"
        "</channel></rss>"
    )
    a, b = feed.read(rss.encode(), "f.rss")
    assert (a.title, a.url, a.publisher, a.published, a.text) == (
        "[SYNTHETIC] A", "http://example.org/a", "Synthetic Feed", "2025-03-04",
        "A mill opened.\nIt has looms.")
    assert str(b) == "f.rss#2: entry '[SYNTHETIC] B': no text found"


def test_unknown_extension_is_skipped_not_failed(tmp_path):
    from nkwatch.errors import Skipped

    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(Skipped, match="skipped: nkwatch does not read .docx files"):
        readers.read_path(tmp_path / "x.docx")


def test_html_declared_korean_charset():
    body = "[합성] 견본군 방직공장 준공식이 진행되었다. 공장은 현대적인 설비를 갖추었다."
    page = ('<html><head><meta charset="euc-kr"><title>[합성] 준공식</title></head>'
            f"<body><article><p>{body}</p></article></body></html>")
    doc = only_doc(html.read(page.encode("euc-kr"), "k.html"))
    assert body in doc.text and doc.title == "[합성] 준공식"
