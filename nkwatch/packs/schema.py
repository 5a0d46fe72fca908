"""The schema of a domain pack's files, validated on load (pydantic).

A pack is data only: what it covers (`pack.yaml`), places, facilities, programmes, organizations,
systems, partners, publishers and the lexicons the extractor reads (`lexicons.py`). The engine
imports no country-specific names or numbers; it reads them here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from nkwatch.model import RELIABILITY_GRADES, SECTORS, SourceType

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
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]  # ISO 3166-1 alpha-2


class Bounds(BaseModel):
    """The box every coordinate of the pack's records lies in: a point outside is a typo or a
    swapped pair."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    lat: tuple[float, float]
    lon: tuple[float, float]

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        for name, (low, high), limit in (("lat", self.lat, 90.0), ("lon", self.lon, 180.0)):
            if not -limit <= low < high <= limit:
                raise ValueError(f"{name}: [{low}, {high}] is not a range from low to high "
                                 f"within +-{limit:g}")
        return self


class PackMeta(BaseModel):
    """`pack.yaml`: what a pack covers."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    region: str  # how a message names the area the bounds enclose: "the DPRK"
    bounds: Bounds
    # Letters of scripts other than English: a text mostly in them is not read (no events).
    # A regex character class, e.g. "[\uac00-\ud7a3]".
    other_scripts: str | None = None
    # Files kept in the pack folder that the loader does not read (inputs of build scripts).
    not_loaded: list[str] = []

    @field_validator("other_scripts")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        import re

        if value is not None:
            try:
                re.compile(value)
            except re.error as err:
                raise ValueError(f"pattern {value!r}: {err}") from None
        return value


class Located(BaseModel):
    """Coordinates, checked once for every kind of record that carries them against the pack's
    bounds (`pack.yaml`, given to validation as context `bounds` and `region`)."""

    lat: float | None = None
    lon: float | None = None

    @field_validator("lat", "lon")
    @classmethod
    def _inside_bounds(cls, value: float | None, info: ValidationInfo) -> float | None:
        context = info.context or {}
        bounds = context.get("bounds")
        if value is None or not isinstance(bounds, Bounds):
            return value
        low, high = getattr(bounds, str(info.field_name))
        if not low <= value <= high:
            name = "latitude" if info.field_name == "lat" else "longitude"
            raise ValueError(f"{name} {value} is outside {context.get('region', 'the pack')} "
                             f"({low} to {high}, pack.yaml)")
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

    `name` is the country's own English style as its state media write it (the DPRK pack:
    `South Phyongan`, `Songchon`).
    """

    kind: PlaceKind
    parent: str | None = None  # id of the first-level unit; None for first-level units
    hangul: str  # the country's own spelling, with the unit suffix (성천군)
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
    programme: str | None = None  # id of the programme it is built under (20x10 factories)
    year: int | None = None  # the programme's year it belongs to (a county's 20x10 round)

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

    code: CountryCode
    adjectives: list[str] = []  # "Russian", "Belarusian"
    capital: str | None = None


class Publisher(BaseModel):
    """`publishers.yaml`: a well-known publisher, the names and web domains that identify it,
    its source type and an Admiralty reliability grade (A reliable ... E unreliable, F cannot
    be judged)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    aliases: list[str] = []
    domains: list[str] = []
    type: SourceType
    reliability: str
    # Publishers whose reports this one only carries on (Rodong Sinmun relays KCNA): its reports
    # do not count as an independent source beside theirs.
    relays: list[str] = []
    note: str | None = None  # why this grade, in a sentence

    @field_validator("reliability")
    @classmethod
    def _grade(cls, value: str) -> str:
        if value not in RELIABILITY_GRADES:
            raise ValueError(f"{value!r} is not a grade; one of {', '.join(RELIABILITY_GRADES)}")
        return value

    @field_validator("domains")
    @classmethod
    def _host_names(cls, value: list[str]) -> list[str]:
        for domain in value:
            if domain != domain.lower() or "/" in domain or ":" in domain or not domain.strip("."):
                raise ValueError(f"{domain!r} is not a lower-case host name (example.org)")
        return value


class TargetCounts(BaseModel):
    """What evidence counts toward a target: events of these types about records of these kinds
    (or these records, or this programme), in these places."""

    model_config = ConfigDict(extra="forbid")
    types: list[str] = Field(min_length=1)  # construction_start, completion, vessel_launch ...
    facility_kinds: list[str] = []  # regional_industry_factories, hospital, destroyer ...
    records: list[str] = []  # facility or system ids
    programme: str | None = None  # events linked to this programme count
    words: list[str] = []  # words of the event's facility ("flats", "destroyer")
    # events about no known record: of these sectors, in these places (a district's flats)
    sectors: list[str] = []
    places: list[str] = []
    unit: Literal["county", "event", "record", "quantity"] = "event"
    quantity_unit: str | None = None  # for unit quantity: flats, tonnes ...


class TargetPeriod(BaseModel):
    """One period of a target (a year of 20x10) with what was announced for it."""

    model_config = ConfigDict(extra="forbid")
    period: str  # "2024", "2021/2025"
    goal: float | None = None
    places: list[str] = []  # place ids announced for this period (the year's counties)
    sources: list[SourceRef] = []
    note: str | None = None


class TargetRecord(Record):
    """`targets.yaml`: a stated goal with its period, what counts toward it and its sources."""

    programme: str | None = None
    counts: TargetCounts
    goal: float | None = None  # per period (per: year) or in all (per: total)
    per: Literal["year", "total"] = "total"
    goal_unit: str = "event"
    start: str | None = None  # YYYY or YYYY-MM(-DD)
    end: str | None = None
    deadline: str | None = None  # the date by which the goal is due
    announced: str | None = None  # when it was set
    periods: list[TargetPeriod] = []
    confirmed: bool = True  # a candidate from the extractor is False until an analyst confirms
