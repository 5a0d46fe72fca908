"""Fixtures for the resolver tests: the real dprk pack and the reference files in ../shared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nkwatch.packs import Pack, load_pack
from nkwatch.resolve import Gazetteer

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack("dprk")


@pytest.fixture(scope="session")
def gaz(pack: Pack) -> Gazetteer:
    return Gazetteer.from_pack(pack)


@pytest.fixture(scope="session")
def shared_file() -> Callable[[str], Path]:
    """A reference file beside the repo (CI clones the repo next to shared/), or skip."""

    def find(relative: str) -> Path:
        path = SHARED / relative
        if not path.exists():
            pytest.skip(f"{path} not found: these checks need the shared/ folder beside the repo")
        return path

    return find
