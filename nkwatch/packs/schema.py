"""The schema of a domain pack's files, validated on load (pydantic).

A pack is data only: places, facilities, programmes, organizations, systems, partners and the
lexicons the extractor reads. The engine imports no country-specific names; it reads them here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from nkwatch.model import SECTORS

PlaceKind = Literal[
    "province",
    "directly_governed_city",
    "special_city",
    "city",
    "county",
    "district",
    "special_district",
    "workers_district",
]
CoordPrecision = Literal["seat", "centroid", "approximate"]


# Coordinates a record may carry: a point outside these bounds is a typo or a swapped pair.
_DPRK_BOUNDS = {"lat": (37.5, 43.1), "lon": (124.0, 131.0)}


class Located(BaseModel):
    """Coordinates, checked once for every kind of record that carries them."""

    lat: float | None = None
    lon: float | None = None

    @field_validator("lat", "lon")
    @classmethod
    def _inside_dprk(cls, value: float | None, info: ValidationInfo) -> float | None:
        low, high = _DPRK_BOUNDS[str(info.field_name)]
        if value is not None and not low <= value <= high:
            name = "latitude" if info.field_name == "lat" else "longitude"
            raise ValueError(f"{name} {value} is outside the DPRK")
        return value


class SourceRef(BaseModel):
    """A public source a record's facts were checked against."""

    model_config = ConfigDict(extra="forbid")
    title: str
    url: str | None = None
    accessed: str | None = None  # YYYY-MM-DD


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_./-]*$")
    name: str
    aliases: list[str] = []
    sources: list[SourceRef] = Field(min_length=1)
    note: str | None = None


class Place(Record, Located):
    """A first- or second-level administrative unit.

    `name` is the DPRK's own English style as KCNA writes it (`South Phyongan`, `Songchon`).
    """

    kind: PlaceKind
    parent: str | None = None  # id of the first-level unit; None for first-level units
    hangul: str  # DPRK spelling, with the unit suffix (성천군)
    hangul_rok: str | None = None  # ROK spelling where it differs (용강군 for 룡강군)
    mr: str  # McCune-Reischauer with breves and apostrophes, stem only (Sŏngch'ŏn)
    rr: str  # Revised Romanization of the ROK spelling, stem only (Seongcheon, Yonggang)
    mr_rok: str | None = None  # MR of the ROK spelling where it differs (Yonggang for 룡강)
    geonames_id: int | None = None  # GeoNames feature id when the unit was taken from GeoNames
    coord_precision: CoordPrecision | None = None
    valid_from: str | None = None  # when the unit took this form (Samjiyon city: 2019-12)
    former_names: list[str] = []


class Facility(Record, Located):
    """A notable site or project: a complex, mine, power station, shipyard, farm, hospital ..."""

    kind: str  # steel_complex, chemical_complex, mine, power_station, shipyard, munitions_factory,
    # tourist_zone, hospital, greenhouse_farm, housing_project, bridge, railway, ...
    sector: str
    place: str | None = None  # place id (county if known, else province)
    hangul: str | None = None
    status: str | None = None  # e.g. "operating", "under construction (2025)"

    @field_validator("sector")
    @classmethod
    def _known_sector(cls, v: str) -> str:
        if v not in SECTORS:
            raise ValueError(f"unknown sector {v!r}; one of {', '.join(SECTORS)}")
        return v


class Target(BaseModel):
    """A stated target of a programme: `value unit per period`, optionally by a deadline."""

    model_config = ConfigDict(extra="forbid")
    description: str
    value: float | None = None
    unit: str | None = None
    per: Literal["year", "month", "total"] | None = None
    start: str | None = None
    deadline: str | None = None


class Programme(Record):
    """A policy, plan or programme (Regional Development 20x10 Policy, a five-year plan ...)."""

    kind: Literal["policy", "plan", "programme", "project"]
    sector: str
    start: str | None = None
    end: str | None = None
    targets: list[Target] = []


class Organization(Record):
    kind: str  # party_body, state_body, ministry, military_unit, company, international
    hangul: str | None = None
    parent: str | None = None


class System(Record):
    """A weapon system, vessel, vessel class or space launcher."""

    kind: str  # icbm, irbm, srbm, cruise_missile, hypersonic_missile, sam, mlrs, destroyer,
    # submarine, vessel_class, satellite, launcher, ...
    sector: str = "military"
    hangul: str | None = None
    first_seen: str | None = None
    vessel_class: str | None = None  # id of the class for a named vessel


class Partner(Record):
    """A foreign state: id is the ISO 3166-1 alpha-2 code in lower case."""

    code: str = Field(pattern=r"^[A-Z]{2}$")
    adjectives: list[str] = []  # "Russian", "Belarusian"
    capital: str | None = None
