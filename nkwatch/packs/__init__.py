"""Domain packs: data files validated on load.

    load_pack()            # the pack named by the `pack` setting (NKWATCH_PACK), cached
    load_pack("dprk")      # a pack shipped in nkwatch/packs/, cached
    load_pack_dir(folder)  # any folder laid out like one (a copy being edited), not cached

Loading checks everything (see docs/rules.md): every record and lexicon against its model, every
pattern compiles, no file the engine needs is missing and no file it does not know is present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from nkwatch.errors import PackError
from nkwatch.packs.lexicons import describe_errors, known_keys, load_lexicons
from nkwatch.packs.schema import (Facility, Organization, PackMeta, Partner, Place, Programme,
                                  Publisher, System, TargetRecord)

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
    lexicons: dict[str, Any] = field(default_factory=dict)  # validated, slots expanded
    digest: str = ""  # sha256 over every file of the pack: which rules and names a run used
    meta: PackMeta | None = None
    publishers: tuple[Publisher, ...] = ()
    targets: tuple[TargetRecord, ...] = ()

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


# Record files: `stem.yaml` and `stem_*.yaml` in the pack folder.
RECORDS: dict[str, type[BaseModel]] = {
    "places": Place, "facilities": Facility, "programmes": Programme,
    "organizations": Organization, "systems": System, "partners": Partner,
    "targets": TargetRecord,
}
# Other files the loader reads or that tests read (examples.yaml).
OTHER_FILES = ("pack.yaml", "publishers.yaml", "examples.yaml")


def load_records(root: Path, stem: str, model: type[M], context: dict[str, Any] | None = None
                 ) -> tuple[M, ...]:
    """Validate every record of `stem.yaml` and `stem_*.yaml` in a pack folder.

    A bad record names file, id and field. Ids are unique across all of a kind's files.
    """
    records: list[M] = []
    seen: set[str] = set()
    for path in sorted(root.glob(f"{stem}.yaml")) + sorted(root.glob(f"{stem}_*.yaml")):
        records.extend(_load_file(path, model, seen, context))
    return tuple(records)


def _load_file(path: Path, model: type[M], seen: set[str], context: dict[str, Any] | None = None
               ) -> list[M]:
    raw = read_yaml(path) or []
    if not isinstance(raw, list):
        raise PackError(f"{path.name}: expected a list of records")
    records: list[M] = []
    for n, item in enumerate(raw, 1):
        rid = item.get("id", f"#{n}") if isinstance(item, dict) else f"#{n}"
        try:
            record = model.model_validate(item, context=context)
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(x) for x in first["loc"]) or "(record)"
            msg = str(first["msg"]).removeprefix("Value error, ")
            raise PackError(f"{path.name}: record {rid}: field {loc}: {msg}") from None
        if rid in seen:
            raise PackError(f"{path.name}: record {rid}: duplicate id")
        seen.add(rid)
        records.append(record)
    return records


def load_meta(root: Path) -> PackMeta:
    path = root / "pack.yaml"
    if not path.is_file():
        raise PackError(f"{root}: no pack.yaml (name, title, region, bounds): not a pack folder")
    try:
        return PackMeta.model_validate(read_yaml(path))
    except ValidationError as err:
        raise PackError("\n".join(describe_errors(path, err, known_keys(PackMeta)))) from None


def load_publishers_file(root: Path) -> tuple[Publisher, ...]:
    """`publishers.yaml`: no name, alias or domain may point to two publishers."""
    path = root / "publishers.yaml"
    if not path.is_file():
        raise PackError(f"publishers.yaml is missing from {root} (an empty list is allowed)")
    raw = read_yaml(path) or []
    if not isinstance(raw, list):
        raise PackError("publishers.yaml: expected a list of publishers")
    try:
        publishers = TypeAdapter(list[Publisher]).validate_python(raw)
    except ValidationError as err:
        raise PackError("\n".join(describe_errors(path, err, known_keys(Publisher)))) from None
    out: list[Publisher] = []
    names: dict[str, str] = {}
    for publisher in publishers:
        for key in [publisher.name.casefold(), *(a.casefold() for a in publisher.aliases),
                    *("@" + d for d in publisher.domains)]:
            if names.get(key, publisher.name) != publisher.name:
                raise PackError(f"publishers.yaml: {publisher.name}: {key.lstrip('@')!r} also "
                                f"identifies {names[key]}")
            names[key] = publisher.name
        out.append(publisher)
    for publisher in out:
        for relayed in publisher.relays:
            if relayed.casefold() not in names:
                raise PackError(f"publishers.yaml: {publisher.name}: relays {relayed!r}, which is "
                                "not a publisher listed here")
    return tuple(out)


def pack_folder(name: str | None = None) -> Path:
    """A pack's folder: a name shipped in nkwatch/packs/ or a path to a folder (contains "/")."""
    from nkwatch import settings

    name = name or settings.get("pack")
    root = Path(name).expanduser() if ("/" in name or "\\" in name) else PACKS_DIR / name
    if not root.is_dir():
        raise PackError(f"no pack named {name!r} in {PACKS_DIR}" if root.parent == PACKS_DIR
                        else f"no pack folder {root}")
    return root


def load_pack(name: str | None = None) -> Pack:
    """The pack `name` (default: the `pack` setting, NKWATCH_PACK), loaded once per process."""
    return _load_cached(pack_folder(name).resolve())


@lru_cache(maxsize=4)
def _load_cached(root: Path) -> Pack:
    return load_pack_dir(root)


@lru_cache(maxsize=4)
def load_publishers(name: str | None = None) -> tuple[Publisher, ...]:
    """Only `publishers.yaml` of a pack (ingest grades sources without loading the rules)."""
    return load_publishers_file(pack_folder(name))


def load_pack_dir(root: Path) -> Pack:
    """Load and validate the pack in `root`. Raises PackError naming the file, the entry and
    the problem."""
    root = Path(root)
    meta = load_meta(root)
    _no_stray_files(root, meta)
    context = {"bounds": meta.bounds, "region": meta.region}
    partners = load_records(root, "partners", Partner, context)
    return Pack(
        name=meta.name,
        places=load_records(root, "places", Place, context),
        facilities=load_records(root, "facilities", Facility, context),
        programmes=load_records(root, "programmes", Programme, context),
        organizations=load_records(root, "organizations", Organization, context),
        systems=load_records(root, "systems", System, context),
        partners=partners,
        lexicons=load_lexicons(root / "lexicons", {p.code for p in partners}),
        digest=_digest(root),
        meta=meta,
        publishers=load_publishers_file(root),
        targets=load_records(root, "targets", TargetRecord, context),
    )


def _no_stray_files(root: Path, meta: PackMeta) -> None:
    """A misspelt record file ("facilites_civil.yaml") would be skipped without a word."""
    import difflib

    known = set(OTHER_FILES) | set(meta.not_loaded)
    for path in sorted(root.glob("*.yaml")):
        if path.name in known or any(path.stem == s or path.stem.startswith(s + "_") for s in RECORDS):
            continue
        close = difflib.get_close_matches(path.stem.split("_")[0], RECORDS, n=1)
        hint = f" (did you mean {close[0]}.yaml or {close[0]}_*.yaml?)" if close else ""
        raise PackError(f"{path.name}: not a file the pack loader reads{hint}; record files are "
                        f"{', '.join(RECORDS)} (.yaml or _*.yaml), others {', '.join(OTHER_FILES)}; "
                        "list files kept for other tools under not_loaded in pack.yaml")


def _digest(root: Path) -> str:
    import hashlib

    sha = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        sha.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()
