"""Who says so: a report's originating source, an event's independent sources, and the
Admiralty credibility (1-6) they give it. The rule is written down in docs/sources.md.

The registry is the pack's publishers.yaml: grade, type, and which publishers only relay others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from nkwatch.packs import load_publishers

STRONG = ("A", "B")


@dataclass(frozen=True)
class Registry:
    grade: dict[str, str]  # canonical publisher name -> reliability grade
    relays: dict[str, str]  # publisher -> the publisher it relays (the first listed)
    canonical: dict[str, str]  # casefolded name or alias -> canonical name
    attribution: re.Pattern[str] | None  # "according to KCNA", "KCNA said", "(KCNA)"

    def name(self, publisher: str | None) -> str | None:
        if not publisher:
            return None
        return self.canonical.get(publisher.strip().casefold(), publisher.strip())

    def originator(self, publisher: str | None, text: str = "") -> str | None:
        """The source a report comes from: whom its publisher relays, else whom its text
        attributes the news to, else the publisher itself."""
        name = self.name(publisher)
        if name in self.relays:
            return self.relays[name]
        if text and self.attribution is not None:
            for found in self.attribution.finditer(text):  # "SEOUL (Yonhap) -- ... KCNA said"
                cited = self.canonical.get(next(g for g in found.groups() if g).casefold())
                if cited and cited != name:
                    return self.relays.get(cited, cited)
        return name


@lru_cache(maxsize=4)
def registry(pack: str | None = None) -> Registry:
    grade, relays, canonical = {}, {}, {}
    names: list[str] = []
    for p in load_publishers(pack):
        grade[p.name] = p.reliability
        if p.relays:
            relays[p.name] = p.relays[0]
        for alias in (p.name, *p.aliases):
            canonical[alias.casefold()] = p.name
            if len(alias) >= 3:
                names.append(alias)
    # relayed names resolve to the canonical spelling
    relays = {k: canonical.get(v.casefold(), v) for k, v in relays.items()}
    attribution = None
    if names:
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        attribution = re.compile(
            rf"according to (?:the |North Korea's |North Korean )?({alt})\b"
            rf"|\b({alt}) (?:said|reported|says|reports|announced|stated)\b"
            rf"|\(({alt})\)")
    return Registry(grade, relays, canonical, attribution)


def credibility(originators: Iterable[str | None], reg: Registry, rejected: bool = False) -> int:
    """Admiralty information credibility from an event's independent sources (docs/sources.md):
    1 confirmed ... 6 cannot be judged."""
    if rejected:
        return 5
    sources = {o for o in originators if o}
    grades = [reg.grade.get(s, "F") for s in sources]
    if len(sources) >= 2:
        return 1 if any(g in STRONG for g in grades) else 2
    if not grades:
        return 6
    return {"A": 2, "B": 2, "C": 3, "D": 4, "E": 5}.get(grades[0], 6)
