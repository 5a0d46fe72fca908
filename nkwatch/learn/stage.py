"""The learned stage inside extraction, in two steps around the rules' merging:

    propose(state, attacher, candidates) -> candidates      (per sentence, before merging)
    judge(state, merged) -> merged                          (per event, after merging)

`propose`: a sentence model says which event types each sentence may report; where it sees a
type no rule proposed, events are built by the rules' own attachment (`candidates_at`), anchored
on the word that speaks most for that type. Its threshold is low: this step is for recall.
`judge`: an event model reads each merged event (its type, sentence probability, whether the
rules proposed it, date, place, names, position, words) and gives the probability that it is a
real, reported event; events under their type's threshold are dropped, and the probability,
calibrated on folds never trained on, is the event's confidence. This step is for precision.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nkwatch.extract.attach import Attacher, Candidate, candidates_at
from nkwatch.extract.state import DocState
from nkwatch.learn.features import date_options, event_features, sentence_features, word_spans, words

if TYPE_CHECKING:
    from nkwatch.learn.model import LearnedModel

Strongest = Callable[[list[str], str], "int | None"]


@dataclass(frozen=True)
class Stage:
    propose: Callable[[DocState, Attacher, list[Candidate]], list[Candidate]]
    judge: Callable[[DocState, list[Candidate]], list[Candidate]]


def _unchanged_candidates(state: DocState, attacher: Attacher, cands: list[Candidate]) -> list[Candidate]:
    return cands


def _unchanged_events(state: DocState, merged: list[Candidate]) -> list[Candidate]:
    return merged


RULES_ONLY = Stage(_unchanged_candidates, _unchanged_events)


def propose_with(state: DocState, attacher: Attacher, candidates: list[Candidate],
                 probabilities: list[dict[str, float]], threshold: float,
                 strongest: Strongest) -> list[Candidate]:
    """Add candidates where the sentence model sees a type no rule proposed. Rule candidates all
    stay, with their sentence's probability: they carry what their sentence says (a leader who
    cut the tape) into the event they merge with, and the judge decides on merged events."""
    kept = []
    proposed = set()
    ranks = [{t: r for r, t in enumerate(sorted(by_type, key=lambda t: (-by_type[t], t)))}
             for by_type in probabilities]
    for cand in candidates:
        proposed.add((cand.sentence, cand.type))
        cand.sentence_probability = probabilities[cand.sentence].get(cand.type, 0.0)
        cand.sentence_rank = ranks[cand.sentence].get(cand.type)
        cand.from_rules = True
        kept.append(cand)
    for index, by_type in enumerate(probabilities):
        for event_type, p in sorted(by_type.items()):
            if p < threshold or (index, event_type) in proposed:
                continue
            for cand in candidates_at(state, attacher, index, event_type,
                                      _anchor(state, index, event_type, strongest)):
                cand.sentence_probability = p
                cand.sentence_rank = ranks[index].get(event_type)
                kept.append(cand)
    return kept


def judge_with(merged: list[Candidate], probabilities: list[float], thresholds: dict[str, float],
               calibrate: Callable[[float], float]) -> list[Candidate]:
    kept = []
    for cand, p in zip(merged, probabilities):
        if p >= thresholds.get(cand.type, 0.5):
            cand.probability = calibrate(p)
            kept.append(cand)
    return kept


def choose_dates(state: DocState, kept: list[Candidate], score: Callable[[list[str]], float]) -> None:
    """Give each event (plans excepted: their date is when they were announced, which the rules
    work out from the programme and the meeting) the date option the date model rates highest."""
    starts = [d.start for d in state.dates]
    for cand in kept:
        if cand.type == "plan":
            continue
        options = date_options(state, cand, starts)
        best = max(options, key=lambda o: score(o[1]))
        cand.date = best[0]


def _anchor(state: DocState, index: int, event_type: str, strongest: Strongest) -> tuple[int, int]:
    sentence = state.sentences[index]
    spans = word_spans(sentence.text)
    at = strongest(words(sentence.text), event_type)
    if at is None or at >= len(spans):
        return sentence.start, sentence.start
    start, end = spans[at]
    return sentence.start + start, sentence.start + end


def learned_stage(model: LearnedModel) -> Stage:
    sentences, events = model.sentences, model.events

    def propose(state: DocState, attacher: Attacher, candidates: list[Candidate]) -> list[Candidate]:
        probabilities = [sentences.probabilities(f) for f in sentence_features(state, attacher, candidates)]
        return propose_with(state, attacher, candidates, probabilities, model.propose_threshold,
                            sentences.strongest)

    def judge(state: DocState, merged: list[Candidate]) -> list[Candidate]:
        probabilities = [events.probability(f) for f in event_features(state, merged)]
        kept = judge_with(merged, probabilities, model.thresholds, model.calibration)
        if model.dates is not None:
            choose_dates(state, kept, model.dates.probability)
        return kept

    return Stage(propose, judge)
