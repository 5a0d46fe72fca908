"""Domain packs: data files validated on load. `load_pack("dprk")` returns a `Pack`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from nkwatch.errors import PackError
from nkwatch.packs.schema import Facility, Organization, Partner, Place, Programme, System

PACKS_DIR = Path(__file__).parent
M = TypeVar("M", bound=BaseModel)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Pack:
    name: str
    places: tuple[Place, ...]
    facilities: tuple[Facility, ...]
    programmes: tuple[Programme, ...]
    organizations: tuple[Organization, ...]
    systems: tuple[System, ...]
    partners: tuple[Partner, ...]
    lexicons: dict[str, Any] = field(default_factory=dict)
    digest: str = ""  # sha256 over every file of the pack: which rules and names a run used

    def place(self, place_id: str) -> Place | None:
        index: dict[str, Place] | None = getattr(self, "_place_index", None)
        if index is None:  # frozen dataclass: the lazily built index is set around __setattr__
            index = {p.id: p for p in self.places}
            object.__setattr__(self, "_place_index", index)
        return index.get(place_id)


def read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as err:
        raise PackError(f"{path}: not valid YAML: {err}") from None


def load_records(root: Path, stem: str, model: type[M]) -> tuple[M, ...]:
    """Validate every record of `stem.yaml` and `stem_*.yaml` in a pack folder.

    A bad record names file, id and field. Ids are unique across all of a kind's files.
    """
    records: list[M] = []
    seen: set[str] = set()
    for path in sorted(root.glob(f"{stem}.yaml")) + sorted(root.glob(f"{stem}_*.yaml")):
        records.extend(_load_file(path, model, seen))
    return tuple(records)


def _load_file(path: Path, model: type[M], seen: set[str]) -> list[M]:
    raw = read_yaml(path) or []
    if not isinstance(raw, list):
        raise PackError(f"{path}: expected a list of records")
    records: list[M] = []
    for n, item in enumerate(raw, 1):
        rid = item.get("id", f"#{n}") if isinstance(item, dict) else f"#{n}"
        try:
            record = model.model_validate(item)
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(x) for x in first["loc"]) or "(record)"
            raise PackError(f"{path.name}: record {rid}: field {loc}: {first['msg']}") from None
        if rid in seen:
            raise PackError(f"{path.name}: record {rid}: duplicate id")
        seen.add(rid)
        records.append(record)
    return records


@lru_cache(maxsize=4)
def load_pack(name: str = "dprk") -> Pack:
    root = PACKS_DIR / name
    if not root.is_dir():
        raise PackError(f"no pack named {name!r} in {PACKS_DIR}")
    lexicons = {p.stem: read_yaml(p) for p in sorted((root / "lexicons").glob("*.yaml"))}
    return Pack(
        name=name,
        places=load_records(root, "places", Place),
        facilities=load_records(root, "facilities", Facility),
        programmes=load_records(root, "programmes", Programme),
        organizations=load_records(root, "organizations", Organization),
        systems=load_records(root, "systems", System),
        partners=load_records(root, "partners", Partner),
        lexicons=lexicons,
        digest=_digest(root),
    )


def _digest(root: Path) -> str:
    import hashlib

    sha = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        sha.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()
