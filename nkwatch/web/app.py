"""The dashboard and the JSON API (`nkwatch serve`): thin handlers over `Store`.

Pages are rendered on the server with Jinja2 (autoescaping on: text from documents is data,
never markup) and enhanced by the package's own static scripts; every response carries a
Content-Security-Policy that forbids inline script and any other origin, so the dashboard works
offline and a payload in a document cannot run. Reading is open; writing (review decisions)
needs a signed-in analyst (session cookie, HttpOnly, SameSite=Strict, and a CSRF token on every
form) or an API token (`Authorization: Bearer ...`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from nkwatch.store import open_store
from nkwatch.store.store import Store

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SESSION = "nkwatch_session"
PAGE = 50


def create_app(database: str) -> FastAPI:
    reader = open_store(database, write=False)
    # No Swagger or ReDoc pages: they load scripts from CDNs. The schema is at /openapi.json.
    app = FastAPI(title="nkwatch", version=_version(), docs_url=None, redoc_url=None,
                  description="Events of North Korea's industry, merged across sources, with their "
                              "sentences, sources and the analyst's decisions.")
    app.state.reader = reader
    app.state.database = database
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(HTTPException)
    async def error_page(request: Request, exc: HTTPException) -> Response:
        """JSON for the API, a page for people."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return templates.TemplateResponse(request, "error.html", {"analyst": None, "csrf": "",
                                          "status": exc.status_code, "detail": exc.detail},
                                          status_code=exc.status_code)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def store() -> Store:
        return app.state.reader  # type: ignore[no-any-return]

    def writer() -> Store:
        return open_store(app.state.database, write=True)

    def analyst(request: Request) -> tuple[str, str] | None:
        return store().session_user(request.cookies.get(SESSION))

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        who = analyst(request)
        return templates.TemplateResponse(request, name, {"analyst": who[0] if who else None,
                                                          "csrf": who[1] if who else "", **context})

    def filters(type: str | None, sector: str | None, province: str | None, county: str | None,
                facility: str | None, programme: str | None, since: str | None,
                until: str | None, status: str | None, text: str | None) -> dict[str, Any]:
        return {k: v or None for k, v in {
            "event_type": type, "sector": sector, "province": province, "county": county,
            "entity": facility, "programme": programme, "since": since, "until": until,
            "status": status, "text": text}.items()}

    # -- JSON API ------------------------------------------------------------------------------

    @app.get("/api/events", tags=["events"])
    def api_events(type: str | None = None, sector: str | None = None, province: str | None = None,
                   county: str | None = None, facility: str | None = None,
                   programme: str | None = None, since: str | None = None, until: str | None = None,
                   status: str | None = None, text: str | None = None,
                   sort: str = Query("date", pattern="^(date|confidence|sources)$"),
                   limit: int = Query(PAGE, ge=1, le=1000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        """Merged events (the filters of `nkwatch events list`), one page."""
        return store().merged_events(**filters(type, sector, province, county, facility, programme,
                                               since, until, status, text),
                                     sort=sort, limit=limit, offset=offset)

    @app.get("/api/events/{event_id}", tags=["events"])
    def api_event(event_id: str) -> dict[str, Any]:
        """One event with every report, its publisher, grade and sentence, and its decisions."""
        found = store().event(event_id)
        if found is None:
            raise HTTPException(404, "no such event")
        return found

    @app.get("/api/documents", tags=["documents"])
    def api_documents(q: str | None = None, publisher: str | None = None,
                      limit: int = Query(PAGE, ge=1, le=1000), offset: int = Query(0, ge=0)) -> list[dict[str, Any]]:
        docs = store().list_documents(query=q or None, publisher=publisher, limit=limit, offset=offset)
        return [_doc_json(d) for d in docs]

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        doc = store().get_document(doc_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        claims = store().current_claims(document_id=doc_id)
        return {**_doc_json(doc), "text": doc.text,
                "claims": [{"id": c.id, "span": [c.span.start, c.span.end], "kind": c.kind,
                            "status": c.status.value, **c.value} for c in claims],
                "versions": [{"id": d.id, "added_at": at} for d, at in store().versions(doc_id)]}

    @app.get("/api/entities", tags=["entities"])
    def api_entities(kind: str | None = None, province: str | None = None) -> list[dict[str, Any]]:
        """Places, facilities, systems, programmes and organizations of the pack."""
        index = _index()
        return [_entity_json(e) for e in index.list(kind, province)]

    @app.get("/api/entities/{entity_id:path}", tags=["entities"])
    def api_entity(entity_id: str, limit: int = Query(PAGE, ge=1, le=1000)) -> dict[str, Any]:
        e = _index().entity(entity_id)
        if e is None:
            raise HTTPException(404, "no such record")
        return {**_entity_json(e), "events": _entity_events(store(), e, limit)}

    @app.get("/api/places", tags=["entities"])
    def api_places() -> list[dict[str, Any]]:
        return [_entity_json(e) for e in _index().list("place")]

    @app.get("/api/targets", tags=["targets"])
    def api_targets(as_of: str | None = None) -> list[dict[str, Any]]:
        """Every target with its status (docs/targets.md)."""
        return _targets(store(), as_of)

    @app.get("/api/targets/{target_id:path}", tags=["targets"])
    def api_target(target_id: str, as_of: str | None = None) -> dict[str, Any]:
        found = [t for t in _targets(store(), as_of, full=True) if t["id"] == target_id]
        if not found:
            raise HTTPException(404, "no such target")
        return found[0]

    @app.get("/api/stats", tags=["stats"])
    def api_stats() -> dict[str, Any]:
        return store().stats()

    @app.get("/api/map", tags=["map"])
    def api_map(type: str | None = None, sector: str | None = None, since: str | None = None,
                until: str | None = None) -> dict[str, Any]:
        """Events with a place or located record, as GeoJSON points (one per place and sector)."""
        events = store().merged_events(**filters(type, sector, None, None, None, None, since, until,
                                                 None, None), limit=100_000)
        return _map(events)

    @app.get("/api/timeline", tags=["timeline"])
    def api_timeline(by: str = Query("type", pattern="^(type|sector)$")) -> dict[str, Any]:
        """Events per month, by type or sector."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for e in store().merged_events(limit=1_000_000):
            if e["date"] and len(e["date"]) >= 7:
                counts[e[by] or "other"][e["date"][:7]] += 1
        months = sorted({m for c in counts.values() for m in c})
        return {"months": months, "series": {k: [c.get(m, 0) for m in months] for k, c in sorted(counts.items())}}

    @app.post("/api/events/{event_id}/decisions", tags=["review"])
    async def api_decide(event_id: str, request: Request) -> dict[str, Any]:
        """A review decision by an API token's analyst: {"action", "note", "value", "with", "reports"}."""
        auth = request.headers.get("authorization", "")
        who = store().token_user(auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None)
        if who is None:
            raise HTTPException(401, "an API token is needed (nkwatch users token NAME)")
        body = await request.json()
        return _decide(writer(), event_id, body.get("action", ""), who, body.get("note"),
                       body.get("value"), body.get("with"), body.get("reports"))

    @app.get("/api/export", tags=["exports"])
    def api_export(format: str = Query("jsonl", pattern="^(csv|jsonl|geojson|ftm|parquet)$"),
                   type: str | None = None, sector: str | None = None, province: str | None = None,
                   county: str | None = None, facility: str | None = None,
                   programme: str | None = None, since: str | None = None, until: str | None = None,
                   status: str | None = None, changed_since: str | None = None) -> Response:
        """The exports of `nkwatch export` (docs/exports.md) with the same filters, as a download."""
        import io

        from nkwatch.export import acled, ftm, geojson, jsonl, parquet
        from nkwatch.export.gather import collect

        chosen = {k: v for k, v in filters(type, sector, province, county, facility, programme,
                                            since, until, status, None).items() if k != "text"}
        data = collect(store(), _index(), chosen, since=changed_since or None)
        name = f"nkwatch-events.{ {'ftm': 'ftm.json', 'geojson': 'geojson'}.get(format, format) }"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if format == "parquet":
            buffer = io.BytesIO()
            parquet.write(data, buffer)
            return Response(buffer.getvalue(), media_type="application/vnd.apache.parquet", headers=headers)
        text = io.StringIO()
        {"csv": acled.write, "jsonl": jsonl.write, "geojson": geojson.write, "ftm": ftm.write}[format](data, text)
        media = {"csv": "text/csv", "jsonl": "application/x-ndjson", "geojson": "application/geo+json",
                 "ftm": "application/x-ndjson"}[format]
        return Response(text.getvalue(), media_type=f"{media}; charset=utf-8", headers=headers)

    @app.get("/api/brief", tags=["briefings"])
    def api_brief(format: str = Query("html", pattern="^(md|html|pdf)$"), since: str | None = None,
                  until: str | None = None, sector: list[str] = Query([]),
                  province: list[str] = Query([]), programme: list[str] = Query([])) -> Response:
        """The briefing of `nkwatch brief` for these filters, as a download."""
        from nkwatch.brief.compose import compose
        from nkwatch.brief.render import html_document, markdown, pdf
        from nkwatch.brief.gather import gather
        from nkwatch.packs import load_pack

        events, fetch, targets, meta = gather(store(), load_pack(), since or None, until or None,
                                              sector, province, programme, app.state.database)
        briefing = compose(events, fetch, targets, meta)
        name = f"nkwatch-briefing-{since or 'start'}-{until or 'latest'}.{format}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        if format == "pdf":
            return Response(pdf(briefing), media_type="application/pdf", headers=headers)
        if format == "md":
            return Response(markdown(briefing), media_type="text/markdown; charset=utf-8", headers=headers)
        return Response(html_document(briefing), media_type="text/html; charset=utf-8", headers=headers)

    # -- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        events = store().merged_events(limit=1_000_000)
        by_year: dict[str, Counter[str]] = defaultdict(Counter)
        for e in events:
            by_year[(e["date"] or "undated")[:4]][e["sector"] or "other"] += 1
        sectors = sorted({s for c in by_year.values() for s in c})
        latest = sorted((e for e in events if e["date"]), key=lambda e: e["date"], reverse=True)[:12]
        return page(request, "overview.html", by_year=sorted(by_year.items()), sectors=sectors,
                    latest=latest, targets=_targets(store(), None), total=len(events))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, type: str | None = None, sector: str | None = None,
                    province: str | None = None, county: str | None = None,
                    facility: str | None = None, programme: str | None = None,
                    since: str | None = None, until: str | None = None, status: str | None = None,
                    text: str | None = None, offset: int = Query(0, ge=0)) -> HTMLResponse:
        chosen = filters(type, sector, province, county, facility, programme, since, until, status, text)
        rows = store().merged_events(**chosen, limit=PAGE, offset=offset)
        return page(request, "events.html", rows=rows, chosen=request.query_params, offset=offset,
                    page_size=PAGE)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        found = store().event(event_id)
        if found is None:
            raise HTTPException(404, "no such event")
        return page(request, "event.html", e=found)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, q: str | None = None, offset: int = Query(0, ge=0)) -> HTMLResponse:
        docs = store().list_documents(query=q or None, limit=PAGE, offset=offset)
        return page(request, "documents.html", docs=docs, q=q or "", offset=offset, page_size=PAGE)

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> HTMLResponse:
        doc = store().get_document(doc_id)
        if doc is None:
            raise HTTPException(404, "no such document")
        claims = store().current_claims(document_id=doc_id)
        return page(request, "document.html", doc=doc, segments=_segments(doc.text, claims),
                    claims=claims, versions=store().versions(doc_id))

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        e = _index().entity(entity_id)
        if e is None:
            raise HTTPException(404, "no such record")
        targets = [t for t in _targets(store(), None) if e.kind == "programme" and t.get("programme") == e.id]
        return page(request, "entity.html", e=e, events=_entity_events(store(), e, 200), targets=targets)

    @app.get("/targets", response_class=HTMLResponse, include_in_schema=False)
    def targets_page(request: Request) -> HTMLResponse:
        return page(request, "targets.html", targets=_targets(store(), None, full=True))

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        return page(request, "map.html")

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request) -> HTMLResponse:
        return page(request, "timeline.html")

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request) -> HTMLResponse:
        rows = store().merged_events(status="auto", sort="confidence", limit=PAGE)
        return page(request, "review.html", rows=rows)

    @app.post("/review/{event_id}", include_in_schema=False)
    def review_action(request: Request, event_id: str, action: str = Form(...), csrf: str = Form(...),
                      note: str = Form(""), field: str = Form(""), value: str = Form(""),
                      other: str = Form(""), next: str = Form("")) -> RedirectResponse:
        who = analyst(request)
        if who is None:
            raise HTTPException(401, "sign in to review")
        if not csrf or csrf != who[1]:
            raise HTTPException(403, "stale or missing form token: reload the page")
        change = {field: value} if action == "correct" and field else None
        _decide(writer(), event_id, action, who[0], note or None, change, other or None, None)
        # Back where the analyst was (the queue, the event page): a path on this site only.
        back = next if next.startswith("/") and not next.startswith("//") else f"/events/{event_id}"
        return RedirectResponse(back, status_code=303)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, failed: int = 0) -> HTMLResponse:
        return page(request, "login.html", failed=failed)

    @app.post("/login", include_in_schema=False)
    def login(name: str = Form(...), password: str = Form(...)) -> RedirectResponse:
        session = writer().sign_in(name, password)
        if session is None:
            return RedirectResponse("/login?failed=1", status_code=303)
        response = RedirectResponse("/review", status_code=303)
        response.set_cookie(SESSION, session[0], httponly=True, samesite="strict", max_age=12 * 3600)
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request) -> RedirectResponse:
        if request.cookies.get(SESSION):
            writer().sign_out(request.cookies[SESSION])
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(SESSION)
        return response

    return app


# -- helpers -------------------------------------------------------------------------------------

def _version() -> str:
    from nkwatch import __version__

    return __version__


def _index() -> Any:
    from nkwatch.packs import load_pack
    from nkwatch.resolve.entities import EntityIndex

    return EntityIndex.from_pack(load_pack())


def _doc_json(doc: Any) -> dict[str, Any]:
    return {"id": doc.id, "title": doc.title, "publisher": doc.publisher, "published": doc.published,
            "url": doc.url, "chars": len(doc.text)}


def _entity_json(e: Any) -> dict[str, Any]:
    return {"id": e.id, "kind": e.kind, "type": e.type, "name": e.name, "province": e.province,
            "place": e.place_id, "lat": e.lat, "lon": e.lon, "located": e.located}


def _entity_events(store: Store, e: Any, limit: int) -> list[dict[str, Any]]:
    if e.kind == "place":
        if "/" in e.id:
            return store.merged_events(county=e.name, province=e.province, limit=limit)
        return store.merged_events(province=e.name, limit=limit)
    if e.kind == "programme":
        return store.merged_events(programme=e.id, limit=limit)
    return store.merged_events(entity=e.id, limit=limit)


def _targets(store: Store, as_of: str | None, full: bool = False) -> list[dict[str, Any]]:
    """Every target's report, from the same evidence as `nkwatch targets` (kb/tracking.py)."""
    from nkwatch.kb.tracking import evidence, report
    from nkwatch.packs import load_pack

    try:
        when = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise HTTPException(400, f"as_of {as_of!r} is not a date (YYYY-MM-DD)") from None
    found = evidence(store, load_pack())
    out = [report(t, found, when) for t in found.targets]
    if not full:
        out = [{k: v for k, v in r.items() if k not in ("periods", "units")} for r in out]
    return out


def _map(events: list[dict[str, Any]]) -> dict[str, Any]:
    """One point per place and sector (the exports' locator: a record's own point, else its
    county's or province's), with up to 20 of its events."""
    from nkwatch.export.gather import Locator

    locate = Locator(_index())
    points: dict[tuple[float, float, str], dict[str, Any]] = {}
    for e in events:
        found = locate.point(e)
        if found is None:
            continue
        key = (round(found.lat, 3), round(found.lon, 3), e["sector"] or "other")
        point = points.setdefault(key, {"count": 0, "events": [], "sector": key[2]})
        point["count"] += 1
        if len(point["events"]) < 20:
            point["events"].append({"id": e["id"], "date": e["date"], "type": e["type"],
                                    "facility": e["facility"]})
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}
        for (lat, lon, _), props in points.items()]}


def _segments(text: str, claims: list[Any]) -> list[tuple[str, dict[str, Any] | None]]:
    """The text cut into plain pieces and claimed pieces (the first claim over each span)."""
    spans = sorted((c.span.start, c.span.end, c) for c in claims if c.kind == "event")
    out: list[tuple[str, dict[str, Any] | None]] = []
    at = 0
    for start, end, claim in spans:
        if start < at:
            continue
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], {"id": claim.id, "type": claim.value.get("type"),
                                      "date": claim.value.get("date")}))
        at = end
    out.append((text[at:], None))
    return out


def _decide(store: Store, event_id: str, action: str, who: str, note: str | None,
            value: dict[str, Any] | None, other: str | None, reports: list[str] | None) -> dict[str, Any]:
    from nkwatch.store.events import DecisionError

    try:
        with store:
            return store.decide(event_id, action, author=who, note=note, value=value, other=other,
                                reports=reports)
    except DecisionError as exc:
        raise HTTPException(400, str(exc)) from None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
