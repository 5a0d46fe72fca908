"""Fetching a feed URL: only when asked (`nkwatch ingest --feed URL`), bounded in size and in
total time (a server that drips one byte at a time is cut off at the deadline)."""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

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
    cutoff = _Cutoff(timeout)
    opener = urllib.request.build_opener(_HTTPHandler(cutoff), _HTTPSHandler(cutoff))
    try:
        # At the deadline the cutoff shuts the connection down, which ends any read waiting on a
        # slow server (status line, headers or body); read1 returns whatever one read brings, so
        # the deadline is also checked between the bytes of a server that drips them.
        with cutoff, opener.open(request, timeout=max(0.1, timeout)) as response:
            while True:
                if time.monotonic() >= deadline:
                    raise late
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes():
                    raise InputError(url, too_big(size))
    except urllib.error.HTTPError as exc:
        raise InputError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except (OSError, http.client.HTTPException) as exc:  # URLError, TimeoutError: OSErrors
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError) or time.monotonic() >= deadline:
            raise late from exc  # whatever broke, the cutoff broke it
        if isinstance(reason, http.client.HTTPException):  # BadStatusLine, IncompleteRead ...
            reason = f"{type(reason).__name__}: {reason}"
        raise InputError(url, f"cannot fetch: {reason}") from exc
    if time.monotonic() > deadline:
        raise late
    return b"".join(chunks)


class _Cutoff:
    """At the deadline, shut down every connection of one fetch: a read waiting on a server that
    drips its status line or headers (each byte well within the per-read timeout) ends at once."""

    def __init__(self, seconds: float) -> None:
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._timer = threading.Timer(seconds, self.cut)
        self._timer.daemon = True

    def watch(self, sock: socket.socket) -> None:
        copy = sock.dup()  # the same connection: shutting it down ends TLS reads on it too
        with self._lock:
            self._sockets.append(copy)
            if self._expired:
                _shut(copy)

    def cut(self) -> None:
        with self._lock:
            self._expired = True
            for sock in self._sockets:
                _shut(sock)

    def connection(self, kind: type[_WatchedHTTP]) -> Callable[..., http.client.HTTPConnection]:
        def make(host: str, /, **kwargs: Any) -> http.client.HTTPConnection:
            made = kind(host, **kwargs)
            made.cutoff = self
            return made

        return make

    def __enter__(self) -> _Cutoff:
        self._timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _WatchedHTTP(http.client.HTTPConnection):
    """A connection whose socket its fetch's cutoff can shut down."""

    cutoff: _Cutoff | None = None

    def connect(self) -> None:
        super().connect()
        if self.cutoff is not None:
            self.cutoff.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection, _WatchedHTTP):
    """TCP is watched before TLS starts (HTTPSConnection.connect calls the method above first),
    so a dripped handshake is cut off too."""


class _Watching(urllib.request.AbstractHTTPHandler):
    """Opens its connections as `watched`, so the fetch's cutoff can shut them down."""

    watched: type[_WatchedHTTP]

    def __init__(self, cutoff: _Cutoff) -> None:
        super().__init__()
        self.cutoff = cutoff

    def do_open(self, http_class: Any, req: urllib.request.Request,
                **http_conn_args: Any) -> http.client.HTTPResponse:
        return super().do_open(self.cutoff.connection(self.watched), req, **http_conn_args)


class _HTTPHandler(_Watching, urllib.request.HTTPHandler):
    watched = _WatchedHTTP


class _HTTPSHandler(_Watching, urllib.request.HTTPSHandler):
    watched = _WatchedHTTPS


def read_url(url: str, timeout: float = TIMEOUT) -> Items:
    return feed.read(fetch(url, timeout), name=url)
