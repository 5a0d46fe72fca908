"""Writing an output file so that a failure never leaves half a file or destroys an input.

Every file nkwatch writes goes to a temporary file in the same folder and is renamed into place
only when complete (rename is atomic on one file system); a path that is one of the run's inputs
is refused before anything is opened.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from nkwatch.errors import NkwatchError


class OutputError(NkwatchError):
    """An output path that cannot or must not be written: `path: problem`."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_output(path: Path, inputs: Sequence[Path] = ()) -> None:
    """Refuse, before any work, an output that is an input, a folder, or in an unwritable or
    missing folder."""
    for source in inputs:
        if _same_file(path, source) or path.resolve() == source.resolve():
            raise OutputError(f"{path}: is also the input; writing it would destroy the input")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: the folder {folder} is not writable")


@contextmanager
def atomic_text(path: Path, inputs: Sequence[Path] = ()) -> Iterator[IO[str]]:
    """A text file that appears at `path` only when the block completes; on any error (or
    Ctrl-C) the temporary file is removed and an existing `path` is left as it was."""
    with _atomic(path, inputs, "w") as out:
        yield out


@contextmanager
def atomic_bytes(path: Path, inputs: Sequence[Path] = ()) -> Iterator[IO[bytes]]:
    """`atomic_text` for bytes (Parquet, PDF)."""
    with _atomic(path, inputs, "wb") as out:
        yield out


@contextmanager
def _atomic(path: Path, inputs: Sequence[Path], mode: str) -> Iterator[IO[Any]]:
    check_output(path, inputs)
    folder = path.resolve().parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {folder}: {exc.strerror or exc}") from exc
    try:
        out: IO[Any]
        if "b" in mode:
            out = os.fdopen(fd, mode)
        else:
            out = os.fdopen(fd, mode, encoding="utf-8", newline="")
        with out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if path.exists():  # keep the permissions a user gave the file they replace
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
