"""Every setting in one place: (name, default, help). Read from NKWATCH_* environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "NKWATCH_" + self.name.upper()

    def value(self) -> str:
        return os.environ.get(self.env, self.default)


def _default_db() -> str:
    return "sqlite:///" + str(Path(platformdirs.user_data_dir("nkwatch")) / "nkwatch.sqlite")


SETTINGS = (
    Setting("db", "", "Database URL (sqlite:///path or postgresql+psycopg://...). Default: a SQLite "
            "file in the user data directory."),
    Setting("pack", "dprk", "Domain pack to extract with."),
    Setting("max_bytes", str(20 * 1024 * 1024),
            "Largest file ingest reads; bigger files are reported and skipped."),
    Setting("near_duplicate_threshold", "0.8",
            "Jaccard similarity on word shingles above which a document is a near-duplicate."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    return _BY_NAME[name].value()


def database_url(explicit: str | None = None) -> str:
    """--db beats NKWATCH_DB beats the per-user default file."""
    return explicit or get("db") or _default_db()
