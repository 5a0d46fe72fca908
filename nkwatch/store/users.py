"""Analysts, sessions and API tokens. Passwords are hashed with scrypt (the standard library's,
n=2**14, r=8, p=1, 16-byte salt); session ids and API tokens are random and kept only as their
SHA-256. Only the store imports this module."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from nkwatch.store.db import utc_now
from nkwatch.store.tables import api_tokens, sessions, users

SESSION_HOURS = 12
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "scrypt$%d$%d$%d$%s$%s" % (_N, _R, _P, base64.b64encode(salt).decode(),
                                      base64.b64encode(digest).decode())


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r),
                               p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, base64.b64decode(digest))


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def add_user(conn: sa.Connection, name: str, password: str) -> None:
    """Add an analyst, or set a new password for one."""
    row = {"name": name, "password_hash": hash_password(password), "created_at": utc_now()}
    if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first():
        conn.execute(sa.update(users).where(users.c.name == name).values(password_hash=row["password_hash"]))
    else:
        conn.execute(sa.insert(users), row)


def sign_in(conn: sa.Connection, name: str, password: str) -> tuple[str, str] | None:
    """A new session (its id and CSRF token) for right credentials, else None."""
    row = conn.execute(sa.select(users.c.password_hash).where(users.c.name == name)).first()
    if row is None or not check_password(password, row.password_hash):
        return None
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = (datetime.now(timezone.utc) + timedelta(hours=SESSION_HOURS)).isoformat()
    conn.execute(sa.insert(sessions), {"id_hash": _sha(session), "name": name, "csrf": csrf,
                                        "expires_at": expires})
    return session, csrf


def session_user(conn: sa.Connection, session: str | None) -> tuple[str, str] | None:
    """(analyst, CSRF token) of a live session."""
    if not session:
        return None
    row = conn.execute(sa.select(sessions.c.name, sessions.c.csrf, sessions.c.expires_at)
                       .where(sessions.c.id_hash == _sha(session))).first()
    if row is None or row.expires_at < datetime.now(timezone.utc).isoformat():
        return None
    return row.name, row.csrf


def sign_out(conn: sa.Connection, session: str) -> None:
    conn.execute(sa.delete(sessions).where(sessions.c.id_hash == _sha(session)))


def new_token(conn: sa.Connection, name: str) -> str:
    if conn.execute(sa.select(users.c.name).where(users.c.name == name)).first() is None:
        raise KeyError(f"no analyst {name!r}: add one with `nkwatch users add {name}`")
    token = "nkw_" + secrets.token_urlsafe(32)
    conn.execute(sa.insert(api_tokens), {"token_hash": _sha(token), "name": name, "created_at": utc_now()})
    return token


def token_user(conn: sa.Connection, token: str | None) -> str | None:
    if not token:
        return None
    row = conn.execute(sa.select(api_tokens.c.name).where(api_tokens.c.token_hash == _sha(token))).first()
    return row.name if row else None
