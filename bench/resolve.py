"""Benchmark: place mentions resolved per second, against a plain rapidfuzz peer in the same run.

    .venv/bin/python bench/resolve.py [--n 200000] [--seed 7]

The mix imitates what the extractor hands over: mostly KCNA and wire forms with unit words,
then MR with breves, RR, Hangul in both spellings, some misspelt (one letter changed) and some
words that are no place at all. Half the mentions carry a context sentence naming a province.
Prints mentions/s and the shares resolved right, wrong and left unknown for nkwatch with its
caches off (every mention worked out in full), with its caches on (names repeat in a corpus, so
this is the figure in use), and the peer: rapidfuzz `process.extractOne` (WRatio) over every
variant string, with no folding and no context, timed on a sample because it is slow.

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

from nkwatch.packs import load_pack
from nkwatch.resolve import Gazetteer

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


if __name__ == "__main__":
    main()
