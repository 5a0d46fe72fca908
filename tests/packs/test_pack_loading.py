"""The pack loader checks what an analyst edits: every lexicon against its model, every pattern
compiled as the engine compiles it, no missing or unknown file, no misspelt key. Each test writes
a broken copy of the shipped pack into tmp_path and loads it with load_pack_dir."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from nkwatch.errors import PackError
from nkwatch.packs import PACKS_DIR, load_pack, load_pack_dir
from nkwatch.packs.lexicons import LEXICONS, expand_slots


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "dprk"
    shutil.copytree(PACKS_DIR / "dprk", root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer holds {old!r}: update the test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problem(root: Path) -> str:
    with pytest.raises(PackError) as caught:
        load_pack_dir(root)
    return str(caught.value)


# -- the shipped pack ------------------------------------------------------------------------------

def test_shipped_pack_loads_with_every_lexicon():
    pack = load_pack("dprk")
    assert set(pack.lexicons) == set(LEXICONS)
    assert pack.meta is not None and pack.meta.name == pack.name == "dprk"
    assert pack.publishers and all(p.domains or p.aliases for p in pack.publishers)
    assert load_pack() is pack  # the default pack (the `pack` setting) is loaded once


def test_slots_are_expanded_for_the_engine():
    triggers = load_pack().lexicons["triggers"]
    assert "slots" not in triggers
    patterns = [rule["pattern"] for rules in triggers.values() for rule in rules]
    assert not [p for p in patterns if re.search(r"(?<!\\)\{[a-z_]+\}", p)]
    assert any("(?:(?:began|begun|started|commenced)|got under way|kicked off)" in r["pattern"]
               for r in triggers["construction_start"])


def test_expand_slots_keeps_the_order_of_alternatives():
    slots = {"began": "began|begun|started|commenced"}
    assert expand_slots("(?:{began}|got under way) \\w{0,4}", slots) == (
        "(?:(?:began|begun|started|commenced)|got under way) \\w{0,4}")
    assert expand_slots(r"\{began}", slots) == r"\{began}"  # an escaped brace is a literal


def test_a_pack_can_be_loaded_from_a_folder_named_by_the_setting(pack, monkeypatch):
    monkeypatch.setenv("NKWATCH_PACK", str(pack))
    loaded = load_pack()
    assert loaded.name == "dprk" and loaded.lexicons == load_pack("dprk").lexicons


# -- triggers.yaml ---------------------------------------------------------------------------------

def test_broken_trigger_regex_names_file_entry_and_problem(pack):
    edit(pack, "lexicons/triggers.yaml", "{pattern: 'inaugural (?:ceremon(?:y|ies)|tape)'",
         "{pattern: 'inaugurat('")
    message = problem(pack)
    assert message.startswith("triggers.yaml: completion[1]: pattern 'inaugurat(': missing ), "
                              "unterminated subpattern at position 9 (line ")


def test_deleted_triggers_file_is_an_error_not_zero_events(pack):
    (pack / "lexicons" / "triggers.yaml").unlink()
    assert "lexicons/triggers.yaml is missing" in problem(pack)


def test_empty_triggers_file_is_an_error(pack):
    (pack / "lexicons" / "triggers.yaml").write_text("# nothing\n", encoding="utf-8")
    assert "triggers.yaml: expected event types" in problem(pack)


def test_misspelt_key_in_a_trigger_rule(pack):
    edit(pack, "lexicons/triggers.yaml", "{pattern: 'plenum', weight: 3",
         "{pattern: 'plenum', wieght: 3")
    assert re.search(r"triggers\.yaml: meeting\[\d+\]: unknown key 'wieght'; did you mean "
                     r"'weight'\? \(line \d+\)", problem(pack))


def test_misspelt_event_type(pack):
    edit(pack, "lexicons/triggers.yaml", "\ninspection:\n", "\ninspecton:\n")
    assert "triggers.yaml: unknown key 'inspecton'; did you mean 'inspection'?" in problem(pack)


def test_unknown_and_unused_slots(pack):
    edit(pack, "lexicons/triggers.yaml", "(?:{began}|kick(?:ed)? off|launched)",
         "(?:{begun}|kick(?:ed)? off|launched)")
    message = problem(pack)
    assert "construction_start[" in message and "unknown slot {begun}" in message
    assert "did you mean {began}?" in message


def test_a_slot_used_nowhere_is_reported(pack):
    edit(pack, "lexicons/triggers.yaml", "slots:\n", "slots:\n  spare: one|two\n")
    assert "triggers.yaml: slots: spare: defined but used in no pattern" in problem(pack)


def test_a_trigger_matching_the_empty_string_is_refused(pack):
    edit(pack, "lexicons/triggers.yaml", "{pattern: 'plenum'", "{pattern: '(?:plenum)?'")
    assert "matches the empty string" in problem(pack)


def test_a_pattern_the_engine_would_lower_case_into_an_error_is_caught(pack):
    # Compiles as written, but the engine matches lower-cased: (?P<Name>...) becomes (?p<name>.
    edit(pack, "lexicons/triggers.yaml", "{pattern: 'plenum'", "{pattern: '(?P<x>plenum)'")
    assert "triggers.yaml: meeting[" in problem(pack)


def test_bad_weight_and_facility_values(pack):
    edit(pack, "lexicons/triggers.yaml", "{pattern: 'plenum', weight: 3, facility: trigger}",
         "{pattern: 'plenum', weight: 0, facility: name}")
    message = problem(pack)
    assert "weight: Input should be greater than 0" in message
    assert "facility: Input should be 'trigger'" in message


# -- every lexicon ---------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", sorted(LEXICONS))
def test_every_lexicon_file_is_required(pack, stem):
    (pack / "lexicons" / f"{stem}.yaml").unlink()
    assert f"lexicons/{stem}.yaml is missing" in problem(pack)


def test_a_misspelt_lexicon_file_name(pack):
    (pack / "lexicons" / "units.yaml").rename(pack / "lexicons" / "unit.yaml")
    message = problem(pack)
    assert "lexicons/unit.yaml: not a lexicon the engine reads (did you mean units.yaml?)" in message
    assert "lexicons/units.yaml is missing" in message


BROKEN_PATTERNS = [
    ("modality.yaml", "  - '\\bwill\\b'", "  - '\\bwill(\\b'", "modality.yaml: future[0]: pattern"),
    ("furniture.yaml", "  - '^more from\\b'", "  - '^more from[\\b'", "furniture.yaml: tail[0]: pattern"),
    ("furniture.yaml", "{pattern: 'please contact \\S+@\\S+'", "{pattern: 'please contact \\S+@\\S+)'",
     "furniture.yaml: span[4]: pattern"),
    ("people.yaml", "  - 'Supreme Leader'", "  - 'Supreme Leader)'", "people.yaml: leader[5]: pattern"),
    ("agencies.yaml", "- Xinhua", "- 'Xin[hua'", "agencies.yaml: [1]: pattern 'Xin[hua'"),
]


@pytest.mark.parametrize("name, old, new, expected", BROKEN_PATTERNS,
                         ids=[b[3].split(":")[0] + b[3].split(":")[1] for b in BROKEN_PATTERNS])
def test_a_broken_pattern_in_any_lexicon(pack, name, old, new, expected):
    edit(pack, f"lexicons/{name}", old, new)
    message = problem(pack)
    assert message.startswith(expected), message
    assert re.search(r"\(line \d+\)$", message)


MISSPELT_KEYS = [
    ("modality.yaml", "\nhedge:", "\nhegde:", "modality.yaml: unknown key 'hegde'; did you mean 'hedge'?"),
    ("furniture.yaml", "cue: 'share copy link'", "clue: 'share copy link'",
     "furniture.yaml: span[1]: unknown key 'clue'; did you mean 'cue'?"),
    ("people.yaml", "\npronoun:", "\npronown:", "people.yaml: missing key 'pronoun'"),
    ("place_words.yaml", "\n  county:\n", "\n  countie:\n",
     "place_words.yaml: kinds: unknown key 'countie'; did you mean 'county'?"),
    ("place_words.yaml", "\nforeign_context:", "\nforeign_contexts:",
     "place_words.yaml: unknown key 'foreign_contexts'; did you mean 'foreign_context'?"),
    ("units.yaml", "\nbed: [beds, bed]", "\nbeds: [beds, bed]", "units.yaml: unknown key 'beds'; did you mean 'bed'?"),
    ("sectors.yaml", "\ntourism:", "\ntourisme:", "sectors.yaml: unknown key 'tourisme'"),
]


@pytest.mark.parametrize("name, old, new, expected", MISSPELT_KEYS,
                         ids=[m[3].split(":")[0] + "-" + m[1].strip()[:12] for m in MISSPELT_KEYS])
def test_a_misspelt_key_in_any_lexicon(pack, name, old, new, expected):
    edit(pack, f"lexicons/{name}", old, new)
    assert expected in problem(pack)


def test_a_unit_word_listed_under_two_units(pack):
    edit(pack, "lexicons/units.yaml", "bed: [beds, bed]", "bed: [beds, bed, flats]")
    assert re.search(r"units\.yaml: bed\[2\]: unit word 'flats' is already listed under home "
                     r"\(line \d+\)", problem(pack))


def test_a_sector_word_listed_under_two_sectors(pack):
    edit(pack, "lexicons/sectors.yaml", "health: [hospital,", "health: [hospital, tank,")
    assert "sectors.yaml: health[1]: sector word 'tank' is already listed under military" in problem(pack)


def test_a_facility_head_listed_twice(pack):
    (pack / "lexicons" / "facility_heads.yaml").open("a", encoding="utf-8").write("- Factory\n")
    assert "word 'Factory' is listed twice" in problem(pack)


def test_partner_cues_name_a_partner_of_the_pack(pack):
    edit(pack, "lexicons/partners_cues.yaml", "LA: [Vientiane]", "LO: [Vientiane]")
    assert "partners_cues.yaml: LO: no partner with code LO in partners.yaml" in problem(pack)


def test_country_codes_are_checked(pack):
    edit(pack, "lexicons/foreign_places.yaml", "Minsk: BY", "Minsk: Belarus")
    assert "foreign_places.yaml: Minsk: String should match pattern" in problem(pack)


def test_generic_words_are_single_lower_case_words(pack):
    edit(pack, "lexicons/generic_words.yaml", "- korean", "- North Korean")
    assert "'North Korean': one lower-case word" in problem(pack)


def test_invalid_yaml_names_the_file(pack):
    edit(pack, "lexicons/units.yaml", "bed: [beds, bed]", "bed: [beds, bed")
    assert problem(pack).startswith("units.yaml: not valid YAML")


def test_every_problem_is_reported_at_once(pack):
    edit(pack, "lexicons/units.yaml", "\nbed: [beds, bed]", "\nbeds: [beds, bed]")
    edit(pack, "lexicons/modality.yaml", "\nhedge:", "\nhegde:")
    message = problem(pack)
    assert "units.yaml: unknown key 'beds'" in message and "modality.yaml: unknown key 'hegde'" in message


# -- pack.yaml, records, publishers ----------------------------------------------------------------

def test_pack_without_pack_yaml_is_not_a_pack(pack):
    (pack / "pack.yaml").unlink()
    assert "no pack.yaml" in problem(pack)


def test_coordinates_outside_the_pack_bounds(pack):
    edit(pack, "pack.yaml", "lat: [37.5, 43.1]", "lat: [37.5, 38.0]")
    assert re.search(r"\w+\.yaml: record [\w/.-]+: field lat: latitude [\d.]+ is "
                     r"outside the DPRK \(37\.5 to 38\.0, pack\.yaml\)", problem(pack))


def test_bounds_must_be_a_range(pack):
    edit(pack, "pack.yaml", "lon: [124.0, 131.0]", "lon: [131.0, 124.0]")
    assert "pack.yaml: bounds: lon: [131.0, 124.0] is not a range" in problem(pack)


def test_a_misspelt_record_file_is_not_skipped_silently(pack):
    (pack / "facilities_civil.yaml").rename(pack / "facilites_civil.yaml")
    assert "facilites_civil.yaml: not a file the pack loader reads (did you mean facilities.yaml" in problem(pack)


def test_publishers_are_validated(pack):
    edit(pack, "publishers.yaml", "reliability: B", "reliability: Q")
    assert re.search(r"publishers\.yaml: \[\d+\]: reliability: 'Q' is not a grade", problem(pack))


def test_a_name_that_identifies_two_publishers(pack):
    edit(pack, "publishers.yaml", "aliases: [NK Pro]", "aliases: [NK Pro, Yonhap]")
    assert "publishers.yaml: NK News: 'yonhap' also identifies Yonhap" in problem(pack)


def test_publishers_file_is_required(pack):
    (pack / "publishers.yaml").unlink()
    assert "publishers.yaml is missing" in problem(pack)


def test_a_unit_word_the_engine_can_never_match(pack):
    edit(pack, "lexicons/units.yaml", "kWh: [kwh, kilowatt hours]", "kWh: [kwh, kilowatt-hours]")
    assert "units.yaml: kWh[1]: 'kilowatt-hours' can never match" in problem(pack)
