"""The lexicons of a pack: one pydantic model per file in `lexicons/`, validated on load.

Every file the engine reads must be there, every key must be one the engine knows (a misspelt
key is an error, not a silently ignored rule) and every regular expression must compile the way
the engine compiles it. A problem names the file, the entry and what is wrong:

    triggers.yaml: completion[3]: pattern 'inaugurat(': missing ), unterminated subpattern at position 9 (line 9)

`triggers.yaml` may define named `slots`, word lists written once and used in many patterns as
`{name}`; they are expanded here, so the engine only ever sees plain patterns.

What the engine reads (`Pack.lexicons`) is the validated data as plain dicts and lists, in the
order of the files. How to edit the rules: docs/rules.md.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, get_args

import yaml
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, RootModel,
                      ValidationError, ValidationInfo, model_validator)
from pydantic_core import PydanticCustomError

from nkwatch.errors import PackError
from nkwatch.model import SECTORS
from nkwatch.packs.schema import CountryCode, PlaceKind

# The contract's event types and units (../shared/eval/SCHEMA.md).
EventType = Literal["construction_start", "completion", "inspection", "weapons_test",
                    "vessel_launch", "agreement", "meeting", "production", "exhibition", "plan"]
Unit = Literal["home", "factory", "county", "building", "bed", "room", "ton", "missile", "shell",
               "launcher", "ship", "km", "m", "m2", "hectare", "MW", "kW", "kWh", "percent",
               "person", "day", "month", "year", "usd", "rub", "item"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
UNITS: tuple[str, ...] = get_args(Unit)


# -- regular expressions ---------------------------------------------------------------------

def lower_pattern(source: str) -> str:
    """Lower-case a pattern's literal letters, leaving escapes (\\W, \\S, \\D) as written.

    The engine matches most patterns, lower-cased, against lower-cased text (much faster than
    re.IGNORECASE); the loader compiles them in that same form."""
    out = []
    escaped = False
    for ch in source:
        out.append(ch if escaped else ch.lower())
        escaped = ch == "\\" and not escaped
    return "".join(out)


def _compile(pattern: str, flags: int = 0, shown: str | None = None) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as err:
        raise PydanticCustomError("regex", f"pattern {shown or pattern!r}: {err}") from None
    except (OverflowError, RecursionError, ValueError) as err:  # a repeat count too large, ...
        raise PydanticCustomError("regex", f"pattern {shown or pattern!r}: {err}") from None


def _plain(value: str) -> str:
    """A pattern matched as written (case-sensitive unless it says (?i))."""
    _compile(value)
    return value


def _ignoring_case(value: str) -> str:
    """A pattern the engine compiles with re.IGNORECASE (furniture)."""
    _compile(value, re.IGNORECASE)
    return value


def _lowered(value: str) -> str:
    """A pattern the engine lower-cases and matches against lower-cased text (modality cues)."""
    _compile(value)
    _compile(lower_pattern(value), shown=value)
    if re.compile(lower_pattern(value)).match(""):
        raise PydanticCustomError("regex", f"pattern {value!r} matches the empty string: it would "
                                           "fire everywhere")
    return value


_SLOT_REF = re.compile(r"(?<!\\)\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand_slots(source: str, slots: dict[str, str], used: set[str] | None = None) -> str:
    """`{name}` -> `(?:the slot's alternatives)`. An unknown name is an error."""
    def replace(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in slots:
            known = ", ".join(sorted(slots)) or "none defined"
            close = difflib.get_close_matches(name, slots, n=1)
            hint = f"; did you mean {{{close[0]}}}?" if close else ""
            raise PydanticCustomError(
                "slot", f"pattern {source!r}: unknown slot {{{name}}} (slots: {known}){hint}")
        if used is not None:
            used.add(name)
        return f"(?:{slots[name]})"

    return _SLOT_REF.sub(replace, source)


def _trigger(value: str, info: ValidationInfo) -> str:
    """A trigger pattern: slots expanded, compiled as the engine compiles it (lower-cased unless
    it holds a case-sensitive group `(?-i:...)`), and never matching the empty string."""
    context = info.context or {}
    expanded = expand_slots(value, context.get("slots", {}), context.get("used"))
    shown = value if expanded == value else f"{value}' (with its slots: '{expanded}"
    _compile(expanded, shown=shown)
    engine_form = expanded if "(?-i:" in expanded else lower_pattern(expanded)
    if _compile(engine_form, shown=shown).match(""):
        raise PydanticCustomError("regex", f"pattern {shown!r} matches the empty string: it "
                                           "would fire everywhere")
    return expanded


def _non_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "an empty entry")
    return value


Word = Annotated[str, AfterValidator(_non_blank)]
Pattern = Annotated[str, AfterValidator(_non_blank), AfterValidator(_plain)]
CasePattern = Annotated[str, AfterValidator(_non_blank), AfterValidator(_ignoring_case)]
LoweredPattern = Annotated[str, AfterValidator(_non_blank), AfterValidator(_lowered)]
TriggerPattern = Annotated[str, AfterValidator(_non_blank), AfterValidator(_trigger)]


def _known_sector(value: str) -> str:
    if value not in SECTORS:
        raise PydanticCustomError("sector", f"{value!r} is not a sector; one of "
                                            f"{', '.join(SECTORS)}")
    return value


SectorName = Annotated[str, AfterValidator(_known_sector)]


def _none_is_empty(value: Any) -> Any:
    return value if value is not None else []


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# -- triggers.yaml -----------------------------------------------------------------------------

class TriggerRule(_Strict):
    """One trigger: a pattern announcing an event of its type. `weight` ranks it against an
    overlapping trigger (higher wins); `facility: trigger` makes the matched phrase the name."""

    pattern: TriggerPattern
    weight: float = Field(default=1.0, gt=0)
    facility: Literal["trigger"] | None = None


def _slot_text(value: str) -> str:
    if _SLOT_REF.search(value):
        raise PydanticCustomError("slot", f"slot {value!r} refers to another slot; write the words out")
    _compile(f"(?:{value})", shown=value)
    return value


SlotName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
SlotText = Annotated[str, AfterValidator(_non_blank), AfterValidator(_slot_text)]


class Slots(RootModel[dict[SlotName, SlotText]]):
    """Named alternatives, `{began}` in a pattern standing for `(?:began|begun|started|...)`."""


class Triggers(RootModel[dict[EventType, Annotated[list[TriggerRule], Field(min_length=1)]]]):
    """Event type -> its trigger rules (the file's `slots` are taken out first)."""


# -- modality.yaml -----------------------------------------------------------------------------

ModalityList = Annotated[list[LoweredPattern], BeforeValidator(_none_is_empty)]


class Modality(_Strict):
    """Cues that change how a trigger is read; each list is one alternation in the engine."""

    future: ModalityList = []
    directive: ModalityList = []
    hedge: ModalityList = []
    negated: ModalityList = []
    not_ours: ModalityList = []
    upcoming: ModalityList = []
    upcoming_after: ModalityList = []

    @model_validator(mode="after")
    def _alternations_compile(self) -> Modality:
        for key in type(self).model_fields:
            cues: list[str] = getattr(self, key)
            if cues:
                joined = "|".join(f"(?:{p})" for p in cues)
                _join_check(key, lower_pattern(joined))
        return self


def _join_check(key: str, joined: str, flags: int = 0) -> None:
    try:
        re.compile(joined, flags)
    except re.error as err:
        raise PydanticCustomError("regex", f"{key}: the patterns do not combine into one: {err}") from None


# -- people.yaml -------------------------------------------------------------------------------

class People(_Strict):
    """Who counts as the leader, who else acts, and the words that put him at an event."""

    leader: Annotated[list[Pattern], Field(min_length=1)]
    others_as_subject: list[Pattern] = []
    pronoun: Pattern
    presence: list[Word] = []  # "Kim's visit": words after his possessive that put him there
    chairs: list[Word] = []  # meetings he chairs: named anywhere, he is present at them

    @model_validator(mode="after")
    def _alternations_compile(self) -> People:
        leader = "(?:" + "|".join(self.leader) + r")(?![\w])"
        _join_check("leader", leader)
        if self.others_as_subject:
            _join_check("others_as_subject", "|".join(self.others_as_subject))
        if re.compile(leader).match(""):
            raise PydanticCustomError("regex", "leader: a pattern matches the empty string")
        return self


# -- furniture.yaml ----------------------------------------------------------------------------

def _span_entry(value: Any) -> Any:
    return {"pattern": value} if isinstance(value, str) else value


class SpanRule(_Strict):
    """Furniture anywhere in a line; `cue`: text every match contains (lines without it are
    not searched)."""

    pattern: CasePattern
    cue: str | None = None

    @model_validator(mode="after")
    def _cue_not_blank(self) -> SpanRule:
        if self.cue is not None and not self.cue.strip():
            raise PydanticCustomError("blank", "cue: an empty cue")
        return self


class Furniture(_Strict):
    tail: Annotated[list[CasePattern], BeforeValidator(_none_is_empty)] = []
    line: Annotated[list[CasePattern], BeforeValidator(_none_is_empty)] = []
    span: Annotated[list[Annotated[SpanRule, BeforeValidator(_span_entry)]],
                    BeforeValidator(_none_is_empty)] = []

    @model_validator(mode="after")
    def _alternations_compile(self) -> Furniture:
        anchored = [p[1:] for p in self.line if p.startswith("^")]
        anywhere = [p for p in self.line if not p.startswith("^")]
        for key, patterns in (("tail", self.tail), ("line", anchored), ("line", anywhere)):
            if patterns:
                _join_check(key, "|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        return self


# -- word lists ----------------------------------------------------------------------------------

def _unit_word(value: str) -> str:
    """The engine reads the words after a number as runs of letters and digits (a hyphen or any
    other character splits them), lower-cased: a unit word must be made of such runs."""
    for token in value.lower().split():
        if not re.fullmatch(r"[a-z%²][a-z0-9²%]*|%", token):
            raise PydanticCustomError(
                "word", f"{value!r} can never match: the text after a number is read as words of "
                        "letters and digits (hyphens split them: write 'kilowatt hours')")
    return value


UnitWord = Annotated[str, AfterValidator(_non_blank), AfterValidator(_unit_word)]


class Units(RootModel[dict[Unit, list[UnitWord]]]):
    """Contract unit -> the words that name it after a number (longest phrase wins)."""


class Sectors(RootModel[dict[SectorName, list[Word]]]):
    """Sector -> words pointing to it, strongest first; sectors in order of precedence."""


class FacilityHeads(RootModel[Annotated[list[Word], Field(min_length=1)]]):
    """Head nouns that end a facility, project, system or vessel named in running text."""


def _one_word(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+", value):
        raise PydanticCustomError("word", f"{value!r}: one lower-case word (letters and digits)")
    return value


def _one_word_id(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", value):
        raise PydanticCustomError("word", f"{value!r}: a lower-case name (letters, digits, _)")
    return value


class GenericWords(RootModel[list[Annotated[str, AfterValidator(_one_word)]]]):
    """Words in a facility's name that say nothing about which facility is meant (the country's
    own names), added to the engine's English ones."""


class ForeignPlaces(RootModel[dict[Word, CountryCode]]):
    """Places abroad that events happen at -> ISO 3166-1 alpha-2 code."""


class PartnerCues(RootModel[dict[CountryCode, list[Word]]]):
    """Partner state (its code in partners.yaml) -> people and bodies that show it taking part."""


class Agencies(RootModel[Annotated[list[Pattern], BeforeValidator(_none_is_empty)]]):
    """News agencies whose name in brackets after a date makes it the date of a report:
    "June 2 (KCNA)". Case-sensitive patterns."""


# -- place_words.yaml (read by nkwatch.resolve) -------------------------------------------------

class UnitWordsOfKind(_Strict):
    hangul: list[Word] = []
    english: list[Word] = []
    mr: list[Word] = []
    rr: list[Word] = []


class DirectionWords(_Strict):
    hangul: Word
    english: list[Word]
    mr: list[Word]
    rr: list[Word]
    key: Word


class HomonymEntry(_Strict):
    name: Word
    country: CountryCode
    note: str = ""
    source: str | None = None


class PlaceWordsLexicon(_Strict):
    kinds: Annotated[dict[PlaceKind, UnitWordsOfKind], Field(min_length=1)]
    directions: list[DirectionWords] = []
    extra_unit_words: list[Word] = []
    foreign_homonyms: list[HomonymEntry] = []
    foreign_context: list[Word] = []
    # Unit words after a name no variant rule produced ("Unnyul County"): the name goes to the
    # resolver's fuzzy matching. Case-sensitive whole words.
    fuzzy_unit_words: list[Word] = []


# -- entity_words.yaml (read by nkwatch.resolve.entities) ---------------------------------------

class NameClass(_Strict):
    """Words of one class in entity names: English phrases and Hangul suffixes."""

    english: list[Word] = []
    hangul: list[Word] = []
    weak: bool = False

    @model_validator(mode="after")
    def _has_words(self) -> NameClass:
        if not self.english and not self.hangul:
            raise ValueError("a class needs English phrases or Hangul suffixes")
        return self


class EntityWordsLexicon(_Strict):
    classes: Annotated[dict[Annotated[str, AfterValidator(_one_word_id)], NameClass],
                       Field(min_length=1)]
    spellings: dict[Word, Word] = {}
    stopwords: list[Word] = []
    not_records: list[Word] = []
    reporters: list[Word] = []


# -- loading -------------------------------------------------------------------------------------

# Every lexicon the engine reads: file stem -> model. All are required.
LEXICONS: dict[str, type[BaseModel]] = {
    "agencies": Agencies,
    "entity_words": EntityWordsLexicon,
    "facility_heads": FacilityHeads,
    "foreign_places": ForeignPlaces,
    "furniture": Furniture,
    "generic_words": GenericWords,
    "modality": Modality,
    "partners_cues": PartnerCues,
    "people": People,
    "place_words": PlaceWordsLexicon,
    "sectors": Sectors,
    "triggers": Triggers,
    "units": Units,
}

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_lexicons(folder: Path, partner_codes: set[str] | None = None) -> dict[str, Any]:
    """Validate every lexicon of a pack's `lexicons/` folder; plain data for the engine.

    Raises PackError listing every problem found (file, entry, problem, line)."""
    problems: list[str] = []
    present = {p.stem: p for p in sorted(folder.glob("*.yaml"))} if folder.is_dir() else {}
    for stem, path in present.items():
        if stem not in LEXICONS:
            close = difflib.get_close_matches(stem, LEXICONS, n=1)
            hint = f" (did you mean {close[0]}.yaml?)" if close else ""
            problems.append(f"lexicons/{path.name}: not a lexicon the engine reads{hint}; "
                            f"lexicons are {', '.join(s + '.yaml' for s in LEXICONS)}")
    out: dict[str, Any] = {}
    for stem, model in LEXICONS.items():
        found_path = present.get(stem)
        if found_path is None:
            problems.append(f"lexicons/{stem}.yaml is missing from {folder.parent}: the engine "
                            "needs it (an empty file is allowed where a list may be empty)")
            continue
        try:
            out[stem] = _load_one(found_path, model, partner_codes)
        except _Problems as found:
            problems.extend(found.lines)
    if problems:
        raise PackError("\n".join(problems))
    return out


class _Problems(Exception):
    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def _load_one(path: Path, model: type[BaseModel], partner_codes: set[str] | None) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            raw = yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as err:
        raise _Problems([f"{path.name}: not valid YAML: {err}"]) from None
    except UnicodeDecodeError as err:
        raise _Problems([f"{path.name}: not UTF-8 text: {err}"]) from None
    if model is Triggers:
        return _load_triggers(path, raw)
    try:
        value = model.model_validate(raw)
    except ValidationError as err:
        raise _Problems(describe_errors(path, err, known_keys(model))) from None
    dumped = value.model_dump()
    duplicates = _duplicates(path.stem, dumped)
    if duplicates:
        raise _Problems([f"{path.name}: {_render(loc)}: {text}{_line_suffix(path, loc)}"
                         for loc, text in duplicates])
    if model is PartnerCues and partner_codes is not None:
        unknown = [c for c in value.model_dump() if c not in partner_codes]
        if unknown:
            raise _Problems([f"{path.name}: {c}: no partner with code {c} in partners.yaml"
                             + _line_suffix(path, (c,)) for c in unknown])
    return dumped


def _words_once(lists: list[tuple[tuple[str | int, ...], list[str]]], what: str,
                fold: Callable[[str], Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """Words listed twice, as the engine folds them: each a problem at the second listing."""
    owner: dict[Any, tuple[str | int, ...]] = {}
    out = []
    for where, words in lists:
        for i, word in enumerate(words):
            key = fold(word)
            if key in owner:
                first = _render(owner[key]) or "this list"
                out.append(((*where, i), f"{what} {word!r} is already listed under {first}"
                            if owner[key] != where else f"{what} {word!r} is listed twice"))
            else:
                owner[key] = where
    return out


def _duplicates(stem: str, data: Any) -> list[tuple[tuple[str | int, ...], str]]:
    """A word listed twice is at best dead weight and at worst ambiguous (the engine silently
    keeps one reading): units and sector words across their lists, other word lists within."""
    if stem == "units":
        return _words_once([((k,), v) for k, v in data.items()], "unit word",
                           lambda w: tuple(w.lower().split()))
    if stem == "sectors":
        return _words_once([((k,), v) for k, v in data.items()], "sector word", str.lower)
    if stem in ("facility_heads", "generic_words"):
        return _words_once([((), data)], "word", str.lower)
    if stem == "partners_cues":
        return _words_once([((k,), v) for k, v in data.items()], "cue", str.lower)
    if stem == "people":
        return (_words_once([(("presence",), data["presence"])], "word", str.lower)
                + _words_once([(("chairs",), data["chairs"])], "word", str.lower))
    if stem == "entity_words":  # a phrase in two classes would be read as whichever came first
        return (_words_once([(("classes", k, "english"), v["english"])
                             for k, v in data["classes"].items()], "phrase", str.lower)
                + _words_once([(("classes", k, "hangul"), v["hangul"])
                               for k, v in data["classes"].items()], "suffix", str))
    if stem == "place_words":
        return _words_once([(("fuzzy_unit_words",), data["fuzzy_unit_words"])], "word", str)
    return []


def _load_triggers(path: Path, raw: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(raw, dict):
        raise _Problems([f"{path.name}: expected event types, each with a list of rules"])
    raw = dict(raw)
    try:
        slots = Slots.model_validate(raw.pop("slots", None) or {}).root
    except ValidationError as err:
        raise _Problems(describe_errors(path, err, set(), prefix=("slots",))) from None
    used: set[str] = set()
    try:
        triggers = Triggers.model_validate(raw, context={"slots": slots, "used": used})
    except ValidationError as err:
        raise _Problems(describe_errors(path, err, known_keys(Triggers) | {"slots"})) from None
    if not triggers.root:
        raise _Problems([f"{path.name}: no trigger rules: the extractor would find no events"])
    unused = sorted(set(slots) - used)
    if unused:
        raise _Problems([f"{path.name}: slots: {name}: defined but used in no pattern"
                         + _line_suffix(path, ("slots", name)) for name in unused])
    return {event_type: [rule.model_dump() for rule in rules]
            for event_type, rules in triggers.root.items()}


def known_keys(model: type[BaseModel]) -> set[str]:
    """Field names and literal keys anywhere in a model: what a misspelt key is compared with."""
    keys: set[str] = set()
    seen: set[type[BaseModel]] = set()

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.add(annotation)
            for name, info in annotation.model_fields.items():
                if name != "root":
                    keys.add(name)
                walk(info.annotation)
            return
        for arg in get_args(annotation):
            if isinstance(arg, str):
                keys.add(arg)
            else:
                walk(arg)

    walk(model)
    return keys


def describe_errors(path: Path, err: ValidationError, known: set[str],
              prefix: tuple[str | int, ...] = ()) -> list[str]:
    """One line per problem: `file: entry: problem (line n)`."""
    lines = []
    for e in err.errors(include_url=False):
        loc = prefix + tuple(p for p in e["loc"] if not _internal(p))
        at_key = bool(e["loc"]) and e["loc"][-1] == "[key]"
        msg = str(e["msg"]).removeprefix("Value error, ")
        entry: tuple[str | int, ...] = loc
        if (e["type"] == "extra_forbidden" or at_key) and loc:
            entry, key = loc[:-1], loc[-1]
            close = difflib.get_close_matches(str(key), known - {str(key)}, n=1)
            text = f"unknown key {key!r}" + (f"; did you mean {close[0]!r}?" if close else "")
            if at_key:
                text += f" ({msg[0].lower()}{msg[1:]})"
        elif e["type"] == "missing" and loc:
            entry, text = loc[:-1], f"missing key {loc[-1]!r}"
        elif loc and loc[-1] == "pattern" and msg.startswith("pattern "):
            entry, text = loc[:-1], msg  # the message names the pattern itself
        elif len(loc) > 1 and isinstance(loc[-1], str) and loc[-1] in known:
            entry, text = loc[:-1], f"{loc[-1]}: {msg}"
        else:
            text = msg
        where = _render(entry)
        lines.append(f"{path.name}: {where + ': ' if where else ''}{text}{_line_suffix(path, loc)}")
    return lines


def _internal(part: str | int) -> bool:
    """Parts of a pydantic location that are not in the file (`[key]`, `function-after[...]`)."""
    return isinstance(part, str) and (part == "[key]" or "[" in part or "(" in part)


def _render(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_suffix(path: Path, loc: tuple[str | int, ...]) -> str:
    line = line_of(path, loc)
    return f" (line {line})" if line else ""


def line_of(path: Path, loc: tuple[str | int, ...]) -> int | None:
    """The line of the YAML node at `loc` (keys and list indexes), best effort; only read when
    there is a problem to report."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return None
    if node is None:
        return None
    line: int = node.start_mark.line
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    line, node = key.start_mark.line, value
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return line + 1
