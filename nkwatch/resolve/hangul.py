"""Hangul arithmetic: split syllables into jamo, romanize per syllable, apply the ROK initial rule.

Pure Python over the Unicode syllable block, so the runtime needs no romanization package. The
tables are Korean orthography, not place names: the engine stays country-neutral.
"""

from __future__ import annotations

import re
from typing import Literal

_BASE, _LAST = 0xAC00, 0xD7A3
_N_MEDIAL, _N_FINAL = 21, 28

INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ", "ㅀ",
          "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")

_VOWELS = dict(zip(MEDIALS, (
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i")))
# DPRK/KCNA initials: aspirates as h-digraphs, ㅈ always j. (plain, voiced) for ㄱㄷㅂ.
_INITIAL_LATIN = {
    "ㄱ": ("k", "g"), "ㄲ": ("kk", "kk"), "ㄴ": ("n", "n"), "ㄷ": ("t", "d"), "ㄸ": ("tt", "tt"),
    "ㄹ": ("r", "r"), "ㅁ": ("m", "m"), "ㅂ": ("p", "b"), "ㅃ": ("pp", "pp"), "ㅅ": ("s", "s"),
    "ㅆ": ("ss", "ss"), "ㅇ": ("", ""), "ㅈ": ("j", "j"), "ㅉ": ("jj", "jj"), "ㅊ": ("ch", "ch"),
    "ㅋ": ("kh", "kh"), "ㅌ": ("th", "th"), "ㅍ": ("ph", "ph"), "ㅎ": ("h", "h"),
}
_FINAL_LATIN = {
    "": "", "ㄱ": "k", "ㄲ": "k", "ㄳ": "k", "ㄴ": "n", "ㄵ": "n", "ㄶ": "n", "ㄷ": "t", "ㄹ": "l",
    "ㄺ": "k", "ㄻ": "m", "ㄼ": "l", "ㄽ": "l", "ㄾ": "l", "ㄿ": "p", "ㅀ": "l", "ㅁ": "m", "ㅂ": "p",
    "ㅄ": "p", "ㅅ": "t", "ㅆ": "t", "ㅇ": "ng", "ㅈ": "t", "ㅊ": "t", "ㅋ": "k", "ㅌ": "t", "ㅍ": "p",
    "ㅎ": "t",
}
_VOICED_FINALS = {"", "ㄴ", "ㄹ", "ㅁ", "ㅇ"}
_FRONT_Y = set("ㅑㅕㅖㅛㅠㅣ")  # vowels before which the ROK drops an initial ㄹ/ㄴ


_HANGUL = re.compile("[\uac00-\ud7a3]")


def is_hangul(text: str) -> bool:
    """Whether the text holds any Hangul syllable."""
    return not text.isascii() and _HANGUL.search(text) is not None


def split(syllable: str) -> tuple[str, str, str]:
    """One Hangul syllable -> (initial, medial, final) jamo; ("", "", "") if not a syllable."""
    code = ord(syllable) - _BASE
    if not 0 <= code <= _LAST - _BASE:
        return ("", "", "")
    return (INITIALS[code // (_N_MEDIAL * _N_FINAL)],
            MEDIALS[code // _N_FINAL % _N_MEDIAL], FINALS[code % _N_FINAL])


def join(initial: str, medial: str, final: str = "") -> str:
    code = (INITIALS.index(initial) * _N_MEDIAL + MEDIALS.index(medial)) * _N_FINAL
    return chr(_BASE + code + FINALS.index(final))


def to_rok(word: str) -> str:
    """The ROK spelling of a DPRK word: the initial-sound rule (두음법칙) on its first syllable.

    룡강 -> 용강, 락원 -> 낙원, 녕변 -> 영변, 리원 -> 이원. The DPRK never applies it.
    """
    if not word or not is_hangul(word[0]):
        return word
    ini, med, fin = split(word[0])
    if ini == "ㄹ":
        ini = "ㅇ" if med in _FRONT_Y else "ㄴ"
    elif ini == "ㄴ" and med in _FRONT_Y:
        ini = "ㅇ"
    else:
        return word
    return join(ini, med, fin) + word[1:]


Style = Literal["kcna", "letter"]


def romanize_dprk(word: str, style: Style = "kcna") -> str:
    """Romanize Hangul syllable by syllable the way DPRK English text writes place names.

    "kcna": ㄱㄷㅂ voiced after a vowel or n/l/m/ng (Kanggye, Sonbong, Kangdong) and ㄷ after any
    final (Popdong, Pyokdong), aspirates as kh/th/ph, ㅈ always j, no nasal assimilation
    (Songrim, Unryul, Rakrang; MR's assimilated forms come from the MR variants). "letter": no voicing at all (Sinkye, Phankyo), as some DPRK-sourced lists write.
    A final ㄱ before a vowel stays k (Rakwon), as KCNA and DPRK-sourced lists write it.
    """
    out: list[str] = []
    prev_final: str | None = None  # None at the start of the word
    for ch in word:
        ini, med, fin = split(ch)
        if not med:  # not a syllable: keep it and restart word-initial rules
            out.append(ch)
            prev_final = None
            continue
        plain, voiced = _INITIAL_LATIN[ini]
        if ini == "ㄹ" and prev_final == "ㄹ":
            lat = "l"
        elif style == "kcna" and prev_final is not None and (
                prev_final in _VOICED_FINALS or ini == "ㄷ"):
            lat = voiced
        else:
            lat = plain
        out.append(lat + _VOWELS[med] + _FINAL_LATIN[fin])
        prev_final = fin
    text = "".join(out)
    return text[:1].upper() + text[1:]


def final_is_stop(word: str) -> bool:
    """Whether the last syllable ends in a stop (MR then writes -kun, -kuyŏk, -to)."""
    if not word or not is_hangul(word[-1]):
        return False
    return _FINAL_LATIN[split(word[-1])[2]] in ("k", "t", "p")
