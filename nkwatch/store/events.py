"""Merged events in the store: rebuilt from the current event claims and the analyst's decisions.

A rebuild reads every current event claim chain (its newest row; retracted chains left out),
merges them across documents (nkwatch.kb.merge) with the analyst's merges and splits as fixed
constraints, and writes one `events` row per cluster and one `event_members` row per chain. An
event's id comes from its earliest chain, so it survives rebuilds; a decision follows the chains
it was made on, so it survives re-extraction and re-merging. Only the store imports this module.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from nkwatch.kb.merge import Report, content_words, merge_reports, span
from nkwatch.kb.sources import Registry, credibility
from nkwatch.store.db import utc_now
from nkwatch.store.tables import claims, decisions, documents, event_members, events

ATTRIBUTION_CHARS = 1500  # "according to KCNA" sits in a wire story's opening lines
EVENT_ACTIONS = ("accept", "reject", "correct", "merge", "split")
STATUS_OF = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}


def event_id(chain_id: str) -> str:
    return "evt_" + hashlib.sha256(chain_id.encode()).hexdigest()[:24]


def _graded(conn: sa.Connection, registry: Registry) -> Registry:
    """The registry, with the grade its documents came with for a publisher it does not list
    (a JSON Lines record may grade its own publisher); the registry wins where it speaks."""
    from dataclasses import replace

    from nkwatch.store.tables import sources

    stored = dict(conn.execute(sa.select(sources.c.name, sources.c.reliability)).all())
    return replace(registry, grade={**stored, **registry.grade})


def _chains(conn: sa.Connection) -> list[Any]:
    query = (sa.select(claims.c.original_id, claims.c.document_id, claims.c.value, claims.c.quote,
                       claims.c.confidence, claims.c.status, claims.c.seq, documents.c.publisher,
                       documents.c.published,
                       sa.func.substr(documents.c.text, 1, ATTRIBUTION_CHARS).label("opening"))
             .join(documents, documents.c.id == claims.c.document_id)
             .where(claims.c.kind == "event", claims.c.is_head, claims.c.status != "retracted"))
    rows = conn.execute(query).all()
    first = dict(conn.execute(sa.select(claims.c.original_id, sa.func.min(claims.c.seq))
                              .where(claims.c.kind == "event").group_by(claims.c.original_id)).all())
    return sorted(rows, key=lambda r: first.get(r.original_id, r.seq))


def _report(row: Any, n: int) -> Report:
    value = row.value or {}
    links = value.get("entities") or {}
    return Report(
        key=(row.document_id, n), type=str(value.get("type")), date=value.get("date"),
        place=value.get("place"), facility=value.get("facility"),
        records=tuple((role, str(links[role])) for role in ("facility", "system") if links.get(role)),
        partners=tuple(sorted(value.get("partners") or ())),
        quantities=tuple((float(q["value"]), str(q["unit"])) for q in value.get("quantities") or ()
                         if isinstance(q, dict) and isinstance(q.get("value"), (int, float))),
        leader=bool(value.get("leader_present")), words=content_words(row.quote or ""),
        publisher=row.publisher, published=row.published)


def _constraints(decided: list[Any], index: dict[str, int]) -> tuple[list[set[int]], set[tuple[int, int]]]:
    """The analyst's merges (groups that stay together) and splits (pairs kept apart), replayed
    in order: a later split undoes an earlier merge of the same chains."""
    together: list[set[int]] = []
    apart: set[tuple[int, int]] = set()
    for d in decided:
        mine = {index[c] for c in d.chains if c in index}
        other = {index[c] for c in d.other if c in index}
        if d.action == "merge" and mine and other:
            together.append(mine | other)
            apart -= {(min(a, b), max(a, b)) for a in mine for b in other}
        elif d.action == "split" and mine and other:
            apart |= {(min(a, b), max(a, b)) for a in mine for b in other}
            together = [g - other if g & mine else g for g in together]
    return together, apart


def rebuild(conn: sa.Connection, registry: Registry) -> int:
    """Recompute every merged event; returns how many there are."""
    registry = _graded(conn, registry)
    rows = _chains(conn)
    reports = [_report(r, n) for n, r in enumerate(rows)]
    index = {r.original_id: n for n, r in enumerate(rows)}
    decided = list(conn.execute(sa.select(decisions).order_by(decisions.c.seq)).all())
    together, apart = _constraints(decided, index)
    merged = merge_reports(reports, together=together, apart=apart)
    members: dict[int, list[int]] = defaultdict(list)
    for n, cluster in enumerate(merged.clusters):
        members[cluster].append(n)
    why: dict[int, tuple[float, list[str]]] = {}
    for (i, j), reason in merged.reasons.items():
        why.setdefault(j, reason)
        why.setdefault(i, reason)
    conn.execute(sa.delete(event_members))
    conn.execute(sa.delete(events))
    now = utc_now()
    chain_event: dict[str, str] = {}
    event_rows, member_rows = [], []
    for cluster, ns in members.items():
        ns.sort()
        eid = event_id(rows[ns[0]].original_id)
        for n in ns:
            chain_event[rows[n].original_id] = eid
        event_rows.append(_event_row(eid, [rows[n] for n in ns], registry, now))
        member_rows += [{"chain_id": rows[n].original_id, "event_id": eid,
                         "score": why[n][0] if n in why and len(ns) > 1 else None,
                         "reasons": why[n][1] if n in why and len(ns) > 1 else []} for n in ns]
    _apply_decisions(event_rows, decided, chain_event, registry)
    for batch in range(0, len(event_rows), 1000):
        conn.execute(sa.insert(events), event_rows[batch:batch + 1000])
    for batch in range(0, len(member_rows), 1000):
        conn.execute(sa.insert(event_members), member_rows[batch:batch + 1000])
    return len(event_rows)


def _event_row(eid: str, chain_rows: list[Any], registry: Registry, now: str) -> dict[str, Any]:
    values = [r.value or {} for r in chain_rows]
    best = max(range(len(values)), key=lambda n: (chain_rows[n].confidence, -n))
    value = dict(values[best])
    value["date"] = _most_precise(v.get("date") for v in values) or value.get("date")
    place = max((v.get("place") or {} for v in values), key=lambda p: (bool(p.get("county")), bool(p)))
    value["place"] = place or None
    value["leader_present"] = any(v.get("leader_present") for v in values)
    links: dict[str, Any] = dict(next((v["entities"] for v in values if (v.get("entities") or {}).get("facility")),
                                      value.get("entities") or {}))
    for v in values:  # the vessel one report names and the shipyard another names: both
        for role in ("facility", "system", "programme"):
            links.setdefault(role, (v.get("entities") or {}).get(role))
    value["entities"] = {k: v for k, v in links.items() if v}
    originators = {registry.originator(r.publisher, r.opening or "") for r in chain_rows}
    confidence = 1.0
    for r in chain_rows:
        confidence *= 1.0 - float(r.confidence)
    value.pop("evidence", None)
    return {
        "id": eid, "type": value.get("type"), "event_date": (value.get("date") or None),
        "province": (place or {}).get("province") or (place or {}).get("name"),
        "county": (place or {}).get("county"), "facility": value.get("facility"),
        "entity_id": links.get("facility") or links.get("system"),
        "programme_id": links.get("programme"), "sector": value.get("sector"),
        "leader": bool(value["leader_present"]), "reports": len(chain_rows),
        "sources": len({o for o in originators if o}),
        "credibility": credibility(originators, registry),
        "confidence": round(1.0 - confidence, 4), "status": "auto", "value": value,
        "text": " ".join(sorted({w for r in chain_rows for w in content_words(r.quote or "")})),
        "updated_at": now,
        "_chains": [r.original_id for r in chain_rows], "_originators": originators,
    }


def _most_precise(dates: Iterable[str | None]) -> str | None:
    """The most precise date the reports give that agrees with the others at their precision."""
    found = sorted({d for d in dates if d and span(d)}, key=len, reverse=True)
    for d in found:
        if all(other[: len(d)] == d[: len(other)] for other in found):
            return d
    return found[-1] if found else None


def _apply_decisions(rows: list[dict[str, Any]], decided: list[Any], chain_event: dict[str, str],
                     registry: Registry) -> None:
    """The latest accept / reject / correct on any of an event's chains sets its status (and,
    for a correction, its fields): human decisions win over the machine's."""
    by_id = {r["id"]: r for r in rows}
    for d in decided:
        if d.action not in STATUS_OF:
            continue
        targets = {chain_event[c] for c in d.chains if c in chain_event}
        for eid in targets:
            row = by_id[eid]
            row["status"] = STATUS_OF[d.action]
            if d.action == "correct" and d.value:
                _correct(row, d.value)
            row["credibility"] = credibility(row["_originators"], registry,
                                             rejected=d.action == "reject")
    for row in rows:
        row.pop("_chains")
        row.pop("_originators")


def _correct(row: dict[str, Any], change: dict[str, Any]) -> None:
    value = dict(row["value"])
    value.update(change)
    row["value"] = value
    place = value.get("place") or {}
    row.update(type=value.get("type"), event_date=value.get("date"), facility=value.get("facility"),
               sector=value.get("sector"), province=place.get("province"), county=place.get("county"))
    if "entity" in change:
        row["entity_id"] = change["entity"]


# -- reading -----------------------------------------------------------------------------------

SORTS = {"date": (events.c.event_date, events.c.type), "confidence": (events.c.confidence,),
         "sources": (events.c.sources.desc(), events.c.event_date)}


def select_events(*, event_type: str | None = None, sector: str | None = None,
                  province: str | None = None, county: str | None = None,
                  entity: str | None = None, programme: str | None = None,
                  since: str | None = None, until: str | None = None,
                  status: str | None = None, text: str | None = None, hide_rejected: bool = True,
                  sort: str = "date", limit: int = 200, offset: int = 0) -> sa.Select[Any]:
    """Merged events by the filters of `events list`, each on an indexed column."""
    q = sa.select(events)
    for column, value in ((events.c.type, event_type), (events.c.sector, sector),
                          (events.c.province, province), (events.c.county, county),
                          (events.c.programme_id, programme), (events.c.status, status)):
        if value is not None:
            q = q.where(column == value)
    if entity is not None:
        q = q.where(sa.or_(events.c.entity_id == entity, events.c.programme_id == entity))
    if since is not None:
        q = q.where(events.c.event_date >= since)
    if until is not None:  # "2025-03" includes every date within March
        q = q.where(events.c.event_date <= until + "\uffff")
    if status is None and hide_rejected:
        q = q.where(events.c.status != "rejected")
    if text:
        for word in content_words(text):
            q = q.where(events.c.text.contains(word))
    if sort == "date":
        q = q.order_by(events.c.event_date.asc().nulls_first(), events.c.type, events.c.seq)
    else:
        q = q.order_by(*SORTS[sort], events.c.seq)
    return q.limit(limit).offset(offset)


def as_dict(row: Any) -> dict[str, Any]:
    value = row.value or {}
    return {"id": row.id, "type": row.type, "date": row.event_date,
            "place": value.get("place"), "facility": row.facility, "entity": row.entity_id,
            "programme": row.programme_id, "sector": row.sector, "leader_present": bool(row.leader),
            "quantities": value.get("quantities") or [], "partners": value.get("partners") or [],
            "deadline": value.get("deadline"),
            "records": sorted({r for r in (row.entity_id, *(
                (value.get("entities") or {}).get(k) for k in ("facility", "system"))) if r}),
            "reports": row.reports, "sources": row.sources, "credibility": row.credibility,
            "confidence": row.confidence, "status": row.status}


def one(conn: sa.Connection, eid: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(events).where(events.c.id == eid)).first()
    if row is None:
        return None
    out = as_dict(row)
    heads = (sa.select(claims.c.id, claims.c.original_id, claims.c.document_id, claims.c.value,
                       claims.c.quote, claims.c.span_start, claims.c.span_end, claims.c.status,
                       claims.c.confidence, event_members.c.score, event_members.c.reasons,
                       documents.c.publisher, documents.c.published, documents.c.url,
                       documents.c.title,
                       sa.func.substr(documents.c.text, 1, ATTRIBUTION_CHARS).label("opening"))
             .join(event_members, event_members.c.chain_id == claims.c.original_id)
             .join(documents, documents.c.id == claims.c.document_id)
             .where(event_members.c.event_id == eid, claims.c.is_head)
             .order_by(documents.c.published, claims.c.seq))
    from nkwatch.kb.sources import registry

    reg = _graded(conn, registry())
    out["reports_detail"] = [
        {"claim": r.id, "chain": r.original_id, "document": r.document_id, "publisher": r.publisher,
         "published": r.published, "url": r.url, "title": r.title, "sentence": r.quote,
         "span": [r.span_start, r.span_end], "status": r.status, "confidence": r.confidence,
         "date": (r.value or {}).get("date"), "source": reg.originator(r.publisher, r.opening or ""),
         "grade": reg.grade.get(reg.name(r.publisher) or "", "F"),
         "joined": {"score": r.score, "reasons": list(r.reasons or [])}}
        for r in conn.execute(heads)]
    out["decisions"] = log(conn, eid, 50)
    return out


def log(conn: sa.Connection, eid: str | None, limit: int) -> list[dict[str, Any]]:
    q = sa.select(decisions).order_by(decisions.c.seq.desc()).limit(limit)
    if eid is not None:
        chains = [c for (c,) in conn.execute(sa.select(event_members.c.chain_id)
                                              .where(event_members.c.event_id == eid))]
        q = q.where(decisions.c.event_id == eid) if not chains else q
        rows = [r for r in conn.execute(q.limit(None)) if r.event_id == eid or set(r.chains) & set(chains)
                or set(r.other) & set(chains)][:limit]
    else:
        rows = list(conn.execute(q))
    return [{"seq": r.seq, "at": r.at, "author": r.author, "action": r.action, "event": r.event_id,
             "chains": list(r.chains), "other": list(r.other), "value": r.value, "note": r.note}
            for r in rows]


# -- deciding ----------------------------------------------------------------------------------

CORRECTABLE = ("type", "date", "place", "facility", "sector", "leader_present", "entity", "partners")


class DecisionError(ValueError):
    """A decision that cannot be made (unknown event, bad field, nothing to split)."""


def decide(conn: sa.Connection, eid: str, action: str, *, author: str, note: str | None,
           value: dict[str, Any] | None, other: str | None, reports: list[str] | None
           ) -> dict[str, Any]:
    from nkwatch.model import ClaimStatus
    from nkwatch.store import claims as claim_rows

    if action not in EVENT_ACTIONS:
        raise DecisionError(f"unknown action {action!r}; one of {', '.join(EVENT_ACTIONS)}")
    chains = _members(conn, eid)
    if not chains:
        raise DecisionError(f"no event {eid!r}; try `nkwatch events list`")
    others: list[str] = []
    if action == "merge":
        if not other or other == eid:
            raise DecisionError("merge needs another event: --with EVENT")
        others = _members(conn, other)
        if not others:
            raise DecisionError(f"no event {other!r}")
    elif action == "split":
        heads = conn.execute(sa.select(claims.c.id, claims.c.original_id, claims.c.document_id)
                             .where(claims.c.original_id.in_(chains), claims.c.is_head)).all()
        wanted = set(reports or [])
        others = [h.original_id for h in heads
                  if wanted & {h.id, h.original_id, h.document_id}]
        if not others or len(others) == len(chains):
            raise DecisionError("split needs some, not all, of the event's reports (claim, chain "
                                "or document ids): --report ID")
        chains = [c for c in chains if c not in others]
    elif action == "correct":
        if not value:
            raise DecisionError("a correction needs at least one field: --set FIELD=VALUE")
        unknown = sorted(set(value) - set(CORRECTABLE))
        if unknown:
            raise DecisionError(f"cannot correct {', '.join(unknown)}; fields: {', '.join(CORRECTABLE)}")
    row = {"action": action, "event_id": eid, "chains": chains, "other": others, "value": value,
           "author": author, "note": note, "at": utc_now()}
    conn.execute(sa.insert(decisions), row)
    if action in STATUS_OF:  # the chains' claims carry the decision too, so re-extraction leaves them
        status = {"accept": ClaimStatus.ACCEPTED, "reject": ClaimStatus.REJECTED,
                  "correct": ClaimStatus.CORRECTED}[action]
        for chain in chains:
            head = conn.execute(sa.select(claims.c.id, claims.c.value).where(
                claims.c.original_id == chain, claims.c.is_head)).first()
            if head is None:
                continue
            new_value = {**(head.value or {}), **(value or {})} if action == "correct" else None
            claim_rows.review(conn, head.id, status, author=author, value=new_value, note=note)
    return row


def _members(conn: sa.Connection, eid: str) -> list[str]:
    return [c for (c,) in conn.execute(sa.select(event_members.c.chain_id)
                                       .where(event_members.c.event_id == eid)
                                       .order_by(event_members.c.chain_id))]


TARGET_ACTIONS = ("target_add", "target_edit")


def decide_target(conn: sa.Connection, target_id: str, action: str, *, author: str,
                  note: str | None, value: dict[str, Any]) -> dict[str, Any]:
    """An analyst's target, or a change to one, as a decision row (the audit trail)."""
    if action not in TARGET_ACTIONS:
        raise DecisionError(f"unknown action {action!r}")
    row: dict[str, Any] = {"action": action, "event_id": target_id, "chains": [], "other": [], "value": value,
           "author": author, "note": note, "at": utc_now()}
    conn.execute(sa.insert(decisions), row)
    return row
