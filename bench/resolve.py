"""Benchmark: place and entity mentions resolved per second, beside a plain rapidfuzz peer.

    .venv/bin/python bench/resolve.py [--n 200000] [--seed 7]

The mix imitates what the extractor hands over: mostly KCNA and wire forms with unit words,
then MR with breves, RR, Hangul in both spellings, some misspelt (one letter changed) and some
words that are no place at all. Half the mentions carry a context sentence naming a province.
Prints mentions/s and the shares resolved right, wrong and left unknown for nkwatch with its
caches off (every mention worked out in full), with its caches on (names repeat in a corpus, so
this is the figure in use), and the peer: rapidfuzz `process.extractOne` (WRatio) over every
variant string, with no folding and no context, timed on a sample because it is slow.

Entities (facilities, systems, programmes, organizations): the mix is each record's written and
generated forms, some lower-cased, some misspelt, and names of things not in the pack; the same
peer (extractOne over every written form) runs on a sample. Finding names in running text is one
Aho-Corasick pass over every place and entity form (the extractor's mention index): its rate in
characters per second is printed beside Python's `re` alternation of the same forms.

A run that did nothing fails loudly (exit 1, the reason on standard error) instead of printing a
rate: an empty gazetteer, no mentions to resolve, or a run that resolved no mention right.
"""

from __future__ import annotations

import argparse
import random
import string
import time
from collections.abc import Callable

from rapidfuzz import fuzz, process, utils

from nkwatch.packs import Pack, load_pack
from nkwatch.resolve import Gazetteer
from nkwatch.resolve.entities import EntityIndex, pack_entities

STYLE_WEIGHTS = {"name": 30, "kcna": 10, "wire": 15, "mr": 12, "mr_ascii": 5, "rr": 10,
                 "hangul": 6, "hangul_rok": 4, "letter": 3, "alias": 2}
NOT_PLACES = ["Kim Jong Un", "Workers' Party", "Seoul", "Vladivostok", "Hwasong-20", "Choe Hyon",
              "Moscow", "the Cabinet", "regional-industry factory", "Beijing"]


def typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, max(2, len(text) - 1))
    return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1:]


def make_mix(gaz: Gazetteer, n: int, rng: random.Random) -> list[tuple[str, str | None, str | None]]:
    """(mention, context, expected id or None)."""
    pool: dict[str, list[tuple[str, str]]] = {s: [] for s in STYLE_WEIGHTS}
    for pid, vs in gaz.variants.items():
        for v in vs:
            if v.style in pool and not v.former:
                pool[v.style].append((v.text, pid))
    styles, weights = zip(*STYLE_WEIGHTS.items())
    mix: list[tuple[str, str | None, str | None]] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.03:
            mix.append((rng.choice(NOT_PLACES), None, None))
            continue
        text, pid = rng.choice(pool[rng.choices(styles, weights)[0]])
        if roll < 0.08 and text.isascii() and len(text) > 6:
            text = typo(rng, text)
        context = None
        if rng.random() < 0.5:
            context = f"a factory was built in {text}, {gaz.province_of(pid)} Province, KCNA said"
        mix.append((text, context, pid))
    return mix


def ours(gaz: Gazetteer) -> Callable[[str, str | None], str | None]:
    def run(text: str, context: str | None) -> str | None:
        best = gaz.best(text, context)
        return best.place_id if best else None
    return run


def peer(gaz: Gazetteer) -> Callable[[str, str | None], str | None]:
    choices: list[str] = []
    owner: list[str] = []
    for pid, vs in gaz.variants.items():
        for v in vs:
            choices.append(v.text)
            owner.append(pid)

    def run(text: str, context: str | None) -> str | None:
        found = process.extractOne(text, choices, scorer=fuzz.WRatio, processor=utils.default_process,
                                   score_cutoff=85)
        return owner[found[2]] if found else None
    return run


def fail(message: str) -> SystemExit:
    return SystemExit(f"bench/resolve.py FAILED: {message}")


def measure(label: str, fn: Callable[[str, str | None], str | None],
            mix: list[tuple[str, str | None, str | None]]) -> None:
    if not mix:
        raise fail(f"{label}: no mentions to resolve")
    start = time.perf_counter()
    got = [fn(text, ctx) for text, ctx, _ in mix]
    secs = time.perf_counter() - start
    right = sum(g == want for g, (_, _, want) in zip(got, mix))
    wrong = sum(g is not None and g != want for g, (_, _, want) in zip(got, mix))
    if not right:
        raise fail(f"{label}: none of {len(mix):,} mentions resolved right "
                   f"({wrong:,} wrong): the run did nothing useful")
    # An abstention ("unknown" for Unsan with no context, Suncheon, a garbled name) is not wrong.
    print(f"{label:<36} {len(mix):>8,} {secs:7.2f} s {len(mix) / secs:>10,.0f}/s"
          f"  right {right / len(mix):6.1%}  wrong {wrong / len(mix):5.1%}"
          f"  abstain {(len(mix) - right - wrong) / len(mix):5.1%}", flush=True)


NOT_ENTITIES = ["Zvezda Shipyard", "Hyundai Heavy Industries", "POSCO Pohang Steelworks",
                "Dalian Shipyard", "Samsung Electronics", "Nampho Complex", "machine factory"]


def entity_mix(index: EntityIndex, n: int, rng: random.Random
               ) -> list[tuple[str, str | None, str | None]]:
    pool = [(form, eid) for form, _kind, eid in index.surface_forms()]
    if not pool:
        raise fail("the entity index holds no forms: nothing to resolve")
    mix: list[tuple[str, str | None, str | None]] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.05:
            mix.append((rng.choice(NOT_ENTITIES), None, None))
            continue
        text, eid = rng.choice(pool)
        if roll < 0.15:
            text = text.lower()
        elif roll < 0.20 and text.isascii() and len(text) > 8:
            text = typo(rng, text)
        mix.append((text, None, eid))
    return mix


def entity_ours(index: EntityIndex) -> Callable[[str, str | None], str | None]:
    def run(text: str, context: str | None) -> str | None:
        best = index.best(text, context)
        return best.entity.id if best else None
    return run


def entity_peer(index: EntityIndex) -> Callable[[str, str | None], str | None]:
    choices = [(form, e.id) for e in index.entities.values() if e.kind != "place" for form in e.forms]
    names = [c for c, _ in choices]

    def run(text: str, context: str | None) -> str | None:
        found = process.extractOne(text, names, scorer=fuzz.WRatio, processor=utils.default_process,
                                   score_cutoff=85)
        return choices[found[2]][1] if found else None
    return run


def text_scan(pack: Pack, rng: random.Random) -> None:
    """Names found in running text: one automaton pass vs a regex alternation of the forms."""
    import re

    from nkwatch.extract.mentions import index_for

    mentions = index_for(pack)
    forms = sorted({f for f, _k, _i in EntityIndex.from_pack(pack).surface_forms()}, key=len,
                   reverse=True)
    filler = "The delegation inspected the production lines and praised the workers. "
    parts = [filler * rng.randint(1, 4) + rng.choice(forms) + " was visited." for _ in range(4000)]
    text = " ".join(parts)
    start = time.perf_counter()
    found = mentions.find(text)
    ours_secs = time.perf_counter() - start
    entity_hits = sum(m.kind != "place" for m in found)
    if entity_hits < 2000:
        raise fail(f"text scan: only {entity_hits} entity names found in 4,000 planted")
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.I)
    start = time.perf_counter()
    peer_hits = sum(1 for _ in pattern.finditer(text))
    peer_secs = time.perf_counter() - start
    print(f"{'text scan: one automaton (places+entities)':<44} {len(text) / ours_secs / 1e6:8.1f} M chars/s"
          f"  {entity_hits:,} entity names")
    print(f"{'peer: re alternation of entity forms only':<44} {len(text) / peer_secs / 1e6:8.1f} M chars/s"
          f"  {peer_hits:,} matches")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200_000, help="mentions in the warm run")
    ap.add_argument("--sample", type=int, default=3_000, help="mentions given to the slow peer")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.n < 4 or args.sample < 1:
        ap.error("--n must be at least 4 and --sample at least 1")
    rng = random.Random(args.seed)
    pack = load_pack("dprk")
    start = time.perf_counter()
    gaz = Gazetteer(pack.places, Gazetteer.from_pack(pack).words)
    print(f"gazetteer: {len(gaz.places)} places, {sum(map(len, gaz.variants.values())):,} variants,"
          f" built in {time.perf_counter() - start:.2f} s", flush=True)
    if not gaz.places or not any(gaz.variants.values()):
        raise fail("the gazetteer holds no places or no variants: nothing to resolve")
    mix = make_mix(gaz, args.n, rng)
    no_cache = Gazetteer(pack.places, gaz.words, cache_size=0)
    print(f"{'run':<36} {'mentions':>8} {'time':>9} {'rate':>12}")
    measure("nkwatch, caches off", ours(no_cache), mix[: args.n // 4])
    measure("nkwatch, caches on (as in use)", ours(gaz), mix)
    sample = mix[: args.sample]  # the peer is slow: time it on the first mentions of the mix
    measure("peer: rapidfuzz extractOne", peer(gaz), sample)
    measure("nkwatch, caches off, same mentions", ours(no_cache), sample)

    start = time.perf_counter()
    index = EntityIndex(pack_entities(pack, gaz), EntityIndex.from_pack(pack).words, gaz)
    cold = EntityIndex(pack_entities(pack, gaz), index.words, gaz, cache_size=0)
    records = sum(e.kind != "place" for e in index.entities.values())
    print(f"\nentities: {records} records, {sum(1 for _ in index.surface_forms()):,} forms, "
          f"built in {time.perf_counter() - start:.2f} s", flush=True)
    emix = entity_mix(index, args.n, rng)
    measure("entities, caches off", entity_ours(cold), emix[: args.n // 4])
    measure("entities, caches on (as in use)", entity_ours(index), emix)
    measure("peer: rapidfuzz extractOne", entity_peer(index), emix[: args.sample])
    measure("entities, caches off, same mentions", entity_ours(cold), emix[: args.sample])
    text_scan(pack, rng)


if __name__ == "__main__":
    main()
