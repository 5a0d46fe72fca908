"""Write a composed briefing as Markdown, HTML (with inline SVG charts) or PDF (WeasyPrint, A4,
page numbers). Text from documents is escaped in HTML; the charts are drawn here from the
events and the province outlines that ship with the dashboard: no network."""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from nkwatch.brief.compose import Briefing, Sentence

GEO = Path(__file__).resolve().parents[1] / "web" / "static" / "geo" / "prk_admin1.geojson"
PALETTE = ("#1f5f99", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207",
           "#be185d", "#4d7c0f", "#475569", "#9333ea", "#0f766e", "#64748b")


# -- Markdown ---------------------------------------------------------------------------------

def _md(text: str) -> str:
    """Document text in Markdown: angle brackets as entities, so no viewer renders it as HTML."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def markdown(b: Briefing) -> str:
    def line(s: Sentence) -> str:
        return _md(s.text) + "".join(f"[^{n}]" for n in s.notes)

    out = [f"# {b.title}", "", *_title_lines(b), "", "## Summary", ""]
    out += [f"- {line(s)}" for s in b.summary]
    for section in b.sections:
        out += ["", f"## {section.title}", ""] + [line(s) for s in section.sentences]
    out += ["", "## Targets and deadlines", ""] + [f"- {line(s)}" for s in b.targets]
    if b.partners:
        out += ["", "## Foreign partners", ""] + [line(s) for s in b.partners]
    out += ["", "## Method", ""] + [f"- {m}" for m in b.method]
    out += ["", "## Event lists", ""]
    for list_id, events in b.lists.items():
        out.append(f"**{list_id}.** " + "; ".join(_md(f"{e.get('date') or 'undated'} {e['type']} "
                                                       f"{e.get('facility') or ''} ({e['id']})") for e in events))
        out.append("")
    out += ["## Notes", ""]
    for n in b.notes:
        if not n.quote:  # a target's own source
            out.append(f"[^{n.n}]: the target as stated: {_md(n.publisher)}, {_md(n.url)}")
            continue
        where = f", {_md(n.title)}" if n.title else ""
        out.append(f'[^{n.n}]: {_md(n.publisher)}, {n.published}{where}, {_md(n.url)}: "{_md(n.quote)}"')
    return "\n".join(out) + "\n"


def _title_lines(b: Briefing) -> list[str]:
    m = b.meta
    return [f"Period: {m.get('since') or 'start'} to {m.get('until') or 'latest'}",
            f"Filters: {m.get('filters') or 'none'}",
            f"Made: {m.get('made')} from {m.get('database')}"]


# -- HTML ---------------------------------------------------------------------------------------

CSS = """
@page { size: A4; margin: 18mm 16mm 20mm; @bottom-center { content: "page " counter(page) " of " counter(pages); font-size: 9pt; color: #555; } }
body { font: 10.5pt/1.45 "DejaVu Sans", sans-serif; color: #111; max-width: 180mm; margin: auto; }
h1 { font-size: 20pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #bbb; }
.title-page { page-break-after: always; } .meta { color: #444; }
sup a { text-decoration: none; color: #1f5f99; } p { margin: 0 0 2.5mm; }
ol.notes { font-size: 8.5pt; } ol.notes q { font-style: italic; }
.lists { font-size: 7pt; columns: 2; column-gap: 6mm; } .lists p { margin: 0 0 1.5mm; } figure { margin: 4mm 0; } figcaption { font-size: 8.5pt; color: #444; }
svg { max-width: 100%; }
"""


def html_document(b: Briefing) -> str:
    e = html.escape

    def para(s: Sentence) -> str:
        refs = "".join(f'<sup><a href="#n{n}">[{n}]</a></sup>' for n in s.notes)
        text = e(s.text)
        if s.list_id:
            text = text.replace(e(f"list {s.list_id}"), f'<a href="#{s.list_id}">list {s.list_id}</a>')
        return f"<p>{text}{refs}</p>"

    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(b.title)}</title>"
             f"<style>{CSS}</style></head><body>",
             "<section class='title-page'>", f"<h1>{e(b.title)}</h1>"]
    parts += [f"<p class='meta'>{e(x)}</p>" for x in _title_lines(b)]
    parts += ["<h2>Summary</h2>", *[para(s) for s in b.summary],
              "<figure>", timeline_svg(b.events), "<figcaption>Events per month by sector.</figcaption></figure>",
              "<figure>", map_svg(b.events), "<figcaption>Where the events happened (county or facility point; "
              "size by count).</figcaption></figure>", "</section>"]
    for section in b.sections:
        parts += [f"<h2>{e(section.title)}</h2>", *[para(s) for s in section.sentences]]
    parts += ["<h2>Targets and deadlines</h2>", *[para(s) for s in b.targets]]
    if b.partners:
        parts += ["<h2>Foreign partners</h2>", *[para(s) for s in b.partners]]
    parts += ["<h2>Method</h2>", *[f"<p>{e(m)}</p>" for m in b.method], "<h2>Event lists</h2><div class='lists'>"]
    for list_id, events in b.lists.items():
        items = "; ".join(e(f"{x.get('date') or 'undated'} {(x.get('facility') or '')[:40]} ({x['id'][4:16]})")
                          for x in events)
        parts.append(f"<p id='{e(list_id)}'><b>{e(list_id)}.</b> {items}</p>")
    parts.append("</div><h2>Notes</h2><ol class='notes'>")
    for n in b.notes:
        if not n.quote:
            parts.append(f"<li id='n{n.n}'>the target as stated: {e(n.publisher)}, {e(n.url)}</li>")
            continue
        where = f", {e(n.title)}" if n.title else ""
        parts.append(f"<li id='n{n.n}'>{e(n.publisher)}, {e(n.published)}{where}, {e(n.url)}: "
                     f"<q>{e(n.quote)}</q></li>")
    parts.append("</ol></body></html>")
    return "\n".join(parts)


def pdf(b: Briefing) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html_document(b)).write_pdf())


# -- pictures -------------------------------------------------------------------------------------

def timeline_svg(events: list[dict[str, Any]], width: int = 640, height: int = 200) -> str:
    """Stacked bars: events per month, by sector."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for ev in events:
        if ev.get("date") and len(ev["date"]) >= 7:
            counts[ev["date"][:7]][ev.get("sector") or "other"] += 1
    if not counts:
        return "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'></svg>"
    months = _month_range(min(counts), max(counts))
    sectors = sorted({s for c in counts.values() for s in c})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sectors)}
    top = max(sum(c.values()) for c in counts.values())
    left, bottom, bar = 30.0, 20.0, (width - 40) / max(len(months), 1)
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height + 40}' "
           f"viewBox='0 0 {width} {height + 40}' font-size='9' font-family='DejaVu Sans'>"]
    for i, month in enumerate(months):
        y = height - bottom
        for sector in sectors:
            n = counts.get(month, Counter())[sector]
            if not n:
                continue
            h = (height - bottom - 10) * n / top
            y -= h
            out.append(f"<rect x='{left + i * bar:.1f}' y='{y:.1f}' width='{max(bar - 1, 1):.1f}' "
                       f"height='{h:.1f}' fill='{colour[sector]}'/>")
        if i % max(-(-len(months) // 8), 1) == 0:  # about eight labels, whatever the period
            out.append(f"<text x='{left + i * bar:.1f}' y='{height - 5}'>{html.escape(month)}</text>")
    out.append(f"<text x='0' y='12'>{top}</text>")
    for i, sector in enumerate(sectors):
        x = left + (i % 5) * 120
        y = height + 8 + (i // 5) * 12
        out.append(f"<rect x='{x}' y='{y}' width='8' height='8' fill='{colour[sector]}'/>"
                   f"<text x='{x + 11}' y='{y + 8}'>{html.escape(sector)}</text>")
    out.append("</svg>")
    return "".join(out)


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@lru_cache(maxsize=1)
def _outlines() -> list[list[tuple[float, float]]]:
    if not GEO.exists():
        return []
    rings = []
    for feature in json.loads(GEO.read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            rings.append([(float(x), float(y)) for x, y in polygon[0]])
    return rings


def map_svg(events: list[dict[str, Any]], width: int = 420, height: int = 460) -> str:
    """Province outlines and the events' points (sized by count)."""
    from nkwatch.export.gather import Locator
    from nkwatch.packs import load_pack
    from nkwatch.resolve.entities import EntityIndex

    locate = Locator(EntityIndex.from_pack(load_pack()))
    lon0, lon1, lat0, lat1 = 124.0, 131.0, 37.5, 43.1

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) / (lon1 - lon0) * width, (lat1 - lat) / (lat1 - lat0) * height

    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
           f"viewBox='0 0 {width} {height}'><rect width='{width}' height='{height}' fill='#f3f5f7'/>"]
    for ring in _outlines():
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(lo, la) for lo, la in ring))
        out.append(f"<polygon points='{points}' fill='#ffffff' stroke='#8a96a3' stroke-width='0.6'/>")
    spots: Counter[tuple[float, float]] = Counter()
    for ev in events:
        point = locate.point(ev)
        if point is not None:
            spots[(round(point.lat, 2), round(point.lon, 2))] += 1
    for (lat, lon), n in spots.items():
        x, y = xy(lon, lat)
        out.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{2 + 2 * n ** 0.5:.1f}' fill='#c2410c' "
                   f"fill-opacity='0.6' stroke='#7c2d12' stroke-width='0.5'/>")
    out.append("</svg>")
    return "".join(out)
