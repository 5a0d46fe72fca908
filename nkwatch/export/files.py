"""A binary output file that appears only when complete: nkwatch.outfile's `atomic_text` for
bytes (Parquet), with the same checks (never an input, never a folder) and the same rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from nkwatch.outfile import OutputError, check_output


@contextmanager
def atomic_bytes(path: Path, inputs: Sequence[Path] = ()) -> Iterator[IO[bytes]]:
    check_output(path, inputs)
    folder = path.resolve().parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {folder}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if path.exists():  # keep the permissions a user gave the file they replace
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(temp, 0o666 & ~mask)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
