"""Fetching a feed URL: only when asked (`nkwatch ingest --feed URL`), bounded in size and in
total time (a server that drips one byte at a time is cut off at the deadline)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from nkwatch import __version__
from nkwatch.errors import InputError
from nkwatch.ingest import feed
from nkwatch.ingest.base import Items, max_bytes, too_big

TIMEOUT = 60.0  # seconds for the whole fetch, connection to last byte
_CHUNK = 65536


def fetch(url: str, timeout: float = TIMEOUT) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise InputError(url, "a feed URL starts with http:// or https://")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": f"nkwatch/{__version__}"})
    late = InputError(url, f"no complete answer within {timeout:g} s (--timeout)")
    chunks: list[bytes] = []
    size = 0
    try:
        # Each socket operation waits at most the time left; read1 returns whatever one read
        # brings, so the deadline is checked however slowly the bytes come.
        with urllib.request.urlopen(request, timeout=max(0.1, timeout)) as response:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise late
                _set_timeout(response, left)
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes():
                    raise InputError(url, too_big(size))
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except TimeoutError as exc:
        raise late from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise late from exc
        raise InputError(url, f"cannot fetch: {reason}") from exc
    if time.monotonic() > deadline:
        raise late
    return b"".join(chunks)


def _set_timeout(response: object, seconds: float) -> None:
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(0.05, seconds))


def read_url(url: str, timeout: float = TIMEOUT) -> Items:
    return feed.read(fetch(url, timeout), name=url)
