"""Fetching a feed URL: only when asked (`nkwatch ingest --feed URL`), bounded in size and time."""

from __future__ import annotations

import urllib.error
import urllib.request

from nkwatch import __version__
from nkwatch.errors import InputError
from nkwatch.ingest import feed
from nkwatch.ingest.base import Items, max_bytes, too_big

TIMEOUT = 30


def fetch(url: str) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise InputError(url, "a feed URL starts with http:// or https://")
    request = urllib.request.Request(url, headers={"User-Agent": f"nkwatch/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            data: bytes = response.read(max_bytes() + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(url, f"cannot fetch: {reason}") from exc
    if len(data) > max_bytes():
        raise InputError(url, too_big(len(data)))
    return data


def read_url(url: str) -> Items:
    return feed.read(fetch(url), name=url)
