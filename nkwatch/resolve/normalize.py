"""Two normal forms of a place mention: an exact form and a folded key.

`exact()` only evens out case, apostrophe style, hyphens and spaces, so "Sŏngch'ŏn-gun" and
"sŏngch’ŏn gun" are the same but "Unsan" and "Ŭnsan" stay apart. `Keyer.key()` folds everything
that romanization systems disagree on, so Songchon, Sŏngch'ŏn-gun, Seongcheon and "Songchon
County" share one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from nkwatch.resolve.hangul import is_hangul, to_rok
from nkwatch.resolve.words import PlaceWords

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "ʻ": "'", "´": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")
_TOKEN_SPLIT = re.compile(r"[\s\-‐‑–—_/.,()']+")
_NASAL_LIQUID = re.compile(r"[nl]{2,}")  # Ullyul / Unryul / Unnyul -> one l
_DOUBLE = re.compile(r"(.)\1+")
# Spelling differences between KCNA, MR, wire and RR: the order matters (ph before voicing).
_FOLDS = (("eo", "o"), ("eu", "u"), ("ph", "p"), ("th", "t"), ("kh", "k"), ("ch", "j"),
          ("sh", "s"), ("ng", "N"), ("g", "k"), ("d", "t"), ("b", "p"), ("r", "l"), ("Nn", "Nl"))


def exact(text: str) -> str:
    """Case, apostrophe style, hyphens and runs of spaces evened out; diacritics kept."""
    if text.isascii():  # the common case, kept cheap: no Unicode normalization needed
        text = text.lower()
        if "-" in text or "  " in text or "_" in text or "/" in text or "\t" in text or "\n" in text:
            text = _SEPARATORS.sub(" ", text)
        return text.strip(" .,;:")
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold()
    return _SEPARATORS.sub(" ", text).strip(" .,;:")


def strip_marks(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_latin(text: str) -> str:
    """Fold one Latin-script name (no unit words) to its key."""
    for old, new in _FOLDS:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", _NASAL_LIQUID.sub("l", text))
    return text.replace("N", "ng")


class Keyer:
    """Turns a mention into a key, using the pack's unit and direction words."""

    def __init__(self, words: PlaceWords, cache_size: int = 1 << 16) -> None:
        self.unit_tokens = frozenset(strip_marks(t).replace("'", "") for t in words.unit_tokens())
        self.hangul_suffixes = tuple(words.hangul_suffixes())
        self.dir_first = {strip_marks(e).lower().rstrip("."): d.key
                          for d in words.directions for e in d.english}
        self.dir_last = {strip_marks(m).lower(): d.key for d in words.directions for m in d.mr}
        self.dir_hangul = {d.hangul for d in words.directions}
        self.key = lru_cache(maxsize=cache_size)(self._key)
        self.unit_word = lru_cache(maxsize=cache_size)(self._unit_word)

    def _key(self, text: str) -> str:
        if is_hangul(text):
            return self._hangul_key(text)
        text = strip_marks(text.translate(_APOSTROPHES)).casefold().replace("'", "")
        tokens = [t for t in _TOKEN_SPLIT.split(text) if t]
        direction = ""
        if len(tokens) > 1 and tokens[0] in self.dir_first:
            direction = self.dir_first[tokens.pop(0)]
        if len(tokens) > 1 and tokens[-1] in self.dir_last:
            direction = self.dir_last[tokens.pop()]
        while len(tokens) > 1 and tokens[-1] in self.unit_tokens:
            tokens.pop()
        return fold_latin("".join(tokens) + direction)

    def _hangul_key(self, text: str) -> str:
        text = to_rok("".join(text.split()))
        for suffix in self.hangul_suffixes:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
        return "h:" + text

    def _unit_word(self, text: str) -> str | None:
        """The trailing unit word of a Latin mention, lower case ("county"), if any."""
        tokens = [t for t in _TOKEN_SPLIT.split(strip_marks(text).casefold()) if t]
        if len(tokens) > 1 and tokens[-1] in self.unit_tokens:
            return tokens[-1]
        return None
