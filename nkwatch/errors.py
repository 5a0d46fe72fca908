"""One root exception. Messages name the thing at fault and, where possible, what to do."""

from __future__ import annotations


class NkwatchError(Exception):
    """Root of every error nkwatch raises on purpose."""


class InputError(NkwatchError):
    """A file or document that cannot be read: `path: problem`."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class Skipped(InputError):
    """A file nkwatch does not read (an image, an archive, a FIFO or device): listed, not failed."""


class PackError(NkwatchError):
    """A domain-pack record that fails validation: names the file, the record id and the field."""


class StoreError(NkwatchError):
    """The database cannot be opened or migrated."""
