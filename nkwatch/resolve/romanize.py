"""Every written form of a place, generated from its Hangul and its stored romanizations.

The pack stores, per place, the DPRK and ROK Hangul, MR (with breves and apostrophes) and RR,
precomputed at build time with ko-pron. From these, with no romanization package at run time:

- KCNA / DPRK style from the Hangul, syllable by syllable (Songchon, Jungphyong, Nampho), voiced
  and letter-by-letter (Sinkye);
- MR as stored (Sŏngch'ŏn), ASCII MR (Songch'on), wire style (Songchon), MR with its aspirate
  apostrophes turned into h-digraphs (Ch'ŏllima -> Chollima);
- RR (Seongcheon), from the ROK spelling;
- the same from the ROK Hangul (룡강 -> 용강: Yonggang), and both Hangul spellings;
- each with the unit words of its kind ("Songchon County", "Sŏngch'ŏn-gun", "Seongcheon-gun",
  "South Phyongan Province", "P'yŏngan-namdo", "Pyeongannam-do", 성천군).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nkwatch.packs.schema import Place
from nkwatch.resolve.hangul import romanize_dprk, to_rok
from nkwatch.resolve.normalize import strip_marks
from nkwatch.resolve.words import Direction, PlaceWords

_MR_ASPIRATES = (("ch'", "ch"), ("p'", "ph"), ("t'", "th"), ("k'", "kh"))


@dataclass(frozen=True)
class Variant:
    text: str
    style: str  # name, kcna, letter, mr, mr_ascii, wire, rr, hangul, hangul_rok, alias, former
    former: bool = False  # a name the unit no longer has


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def mr_ascii(mr: str) -> str:
    """MR without breves, apostrophes kept: P'yŏngan -> P'yongan."""
    return strip_marks(mr).replace("’", "'")


def wire(mr: str) -> str:
    """Wire-service style: MR with neither breves nor apostrophes (Pyongan, Tongchon)."""
    return mr_ascii(mr).replace("'", "")


def mr_to_dprk(mr: str) -> str:
    """MR's aspirate apostrophes as DPRK h-digraphs: Ch'ŏllima -> Chollima, P'yŏngan -> Phyongan."""
    text = mr_ascii(mr).lower()
    for old, new in _MR_ASPIRATES:
        text = text.replace(old, new)
    return _cap(text.replace("'", ""))


def split_stem(hangul: str, words: PlaceWords, kind: str) -> tuple[str, Direction | None]:
    """성천군 -> (성천, None); 평안남도 -> (평안, South)."""
    for suffix in words.kinds[kind].hangul if kind in words.kinds else ():
        if hangul.endswith(suffix) and len(hangul) > len(suffix):
            hangul = hangul[: -len(suffix)]
            break
    for d in words.directions:
        if kind == "province" and hangul.endswith(d.hangul) and len(hangul) > 1:
            return hangul[: -len(d.hangul)], d
    return hangul, None


def latin_stems(place: Place, stem: str) -> list[Variant]:
    """The bare Latin names of a place, most official first."""
    rok = to_rok(stem)
    out = [Variant(place.name, "name"), Variant(romanize_dprk(stem), "kcna"),
           Variant(romanize_dprk(stem, "letter"), "letter")]
    for mr in filter(None, (place.mr, place.mr_rok)):
        out += [Variant(mr, "mr"), Variant(mr_ascii(mr), "mr_ascii"), Variant(wire(mr), "wire"),
                Variant(mr_to_dprk(mr), "kcna")]
    if rok != stem:
        out += [Variant(romanize_dprk(rok), "kcna"), Variant(romanize_dprk(rok, "letter"), "letter")]
    out.append(Variant(place.rr, "rr"))
    return out


def _with_units(v: Variant, place: Place, words: PlaceWords, d: Direction | None) -> list[Variant]:
    kw = words.kinds.get(place.kind)
    if kw is None:
        return [v]
    out = [v]
    s = v.style
    if d is not None and s == "name":  # the canonical name already says South/North
        return [v] + [Variant(f"{v.text} {u}", s) for u in kw.english]
    if d is not None:  # two-part province: South Phyongan, P'yŏngan-namdo, Pyeongannam-do
        out = [Variant(f"{e} {v.text}", s) for e in d.english]
        out += [Variant(f"{e} {v.text} {u}", s) for e in d.english for u in kw.english]
        if s in ("rr", "name", "kcna", "wire"):
            out += [Variant(f"{v.text}{r}-do", s) for r in d.rr]
            out += [Variant(f"{v.text}{r}do", s) for r in d.rr]
        out += [Variant(f"{v.text}-{m}", s) for m in d.mr]
        out += [Variant(f"{v.text}{m}", s) for m in d.mr]
        return out
    out += [Variant(f"{v.text} {u}", s) for u in kw.english]
    suffixes = kw.rr if s == "rr" else kw.mr
    for suffix in suffixes:
        text = suffix if s in ("mr",) else strip_marks(suffix).replace("'", "")
        out.append(Variant(f"{v.text}-{text}", s))
    return out


def _has_unit_word(text: str, words: PlaceWords) -> bool:
    last = re.split(r"[\s\-]+", text.strip())[-1].lower()
    return last in words.unit_tokens()


def hangul_variants(place: Place, words: PlaceWords, stem: str, d: Direction | None) -> list[Variant]:
    kw = words.kinds.get(place.kind)
    base = stem + (d.hangul if d else "")
    out = []
    for form, style in ((base, "hangul"), (to_rok(base), "hangul_rok")):
        out.append(Variant(form, style))
        out += [Variant(form + s, style) for s in (kw.hangul if kw else ())]
    out.append(Variant(place.hangul, "hangul"))
    if place.hangul_rok:
        out.append(Variant(place.hangul_rok, "hangul_rok"))
    return out


def variants(place: Place, words: PlaceWords) -> list[Variant]:
    """Every form of `place`, deduplicated, in order of officialness."""
    stem, d = split_stem(place.hangul, words, place.kind)
    found: list[Variant] = []
    for v in latin_stems(place, stem):
        found += _with_units(v, place, words, d)
    found += hangul_variants(place, words, stem, d)
    for alias in place.aliases:
        v = Variant(alias, "alias")
        latin = strip_marks(alias).isascii()
        plain = d is not None or not latin or _has_unit_word(alias, words)
        found += [v] if plain else _with_units(v, place, words, None)
    for former in place.former_names:
        found.append(Variant(former, "former", former=True))
    seen: set[str] = set()
    out = []
    for v in found:
        if v.text and v.text not in seen:
            seen.add(v.text)
            out.append(v)
    return out
