"""The model card (docs/model.md), written by `make train` from the run's own numbers."""

from __future__ import annotations

from datetime import date
from typing import Any

from nkwatch.learn.model import LearnedModel
from nkwatch.packs.lexicons import EVENT_TYPES



def _f(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def render(model: LearnedModel, report: dict[str, Any], digest: str) -> str:
    mean, pooled = report["mean"], report["pooled"]
    learned, rules = mean["learned"], mean["rules"]
    lines = [
        "# Model card: nkwatch's learned extraction stage",
        "",
        f"Trained {date.today().isoformat()} by `make train` (`nkwatch/learn/train.py`); file "
        f"`nkwatch/learn/model.json.gz`, sha256 `{digest[:16]}…` (the extractor version carries "
        "its first 8 characters). Every number below was written by the same run.",
        "",
        "## What it decides",
        "The rules (`nkwatch/extract/`) find sentences, dates, places, names, quantities, modality "
        "cues and trigger candidates. Two linear models decide what the rules cannot:",
        "",
        "1. **Sentence model** (one logistic regression per event type): does this sentence report "
        "an event of this type? Where it says yes (probability ≥ "
        f"{model.propose_threshold}) and no rule proposed that type there, an event is built by the "
        "rules' attachment, anchored on the word that weighs most for the type. Rule candidates "
        "all stay and are merged by the rules (one event per type, place or facility, date).",
        "2. **Event model** (logistic regression): is this merged event a real, reported event "
        "(not a repetition, a background mention the gold does not count, speculation or noise)? "
        "Events under their type's threshold are dropped; the probability, calibrated, is the "
        "claim's confidence (the review queue sorts by it).",
        "",
        "Run time: a sum of weights per sentence and per event, in pure Python (no scientific "
        "library is loaded at run time). Dates, places, names, quantities and modality stay rules.",
        "",
        "## Data",
        f"The annotated corpus (`eval/corpus/`, `docs/corpus.md`): {report['documents']} real "
        f"documents, {report['gold_events']} gold events, {report['groups']} document groups. "
        "Labels: a sentence reports type T when a gold event of type T quotes it (evidence); a "
        "merged event is real when the scorer (`../shared/eval/score.py`) pairs it with a gold "
        "event of its type. The dev set (`../shared/eval/dev/`) is not used for training.",
        "",
        "## Features",
        "- Sentence: its words and word pairs (numbers folded to `<num>`, years to `<year>`), the "
        "previous and next sentence's words, the rules' triggers (with modality) and candidates in "
        "it, date mentions (role, past/future, precision), names by kind, quantity units, whether "
        "the leader takes part, position in the document.",
        "- Event: sentence probability (bucketed), proposed by a rule or by the model, trigger "
        "weight and words, date precision and its relation to the publication date, place kind, "
        "facility kind, number of sentences merged, position, how many events of its type the "
        "document has and its rank among them, leader, partners, deadline, the words of its "
        "sentence; each also crossed with the event type.",
        f"- {model.meta.get('sentence_features')} sentence features and "
        f"{model.meta.get('event_features')} event features carry weight (features seen once are "
        f"dropped); L2 strength C = {model.meta.get('C_sentences')} and "
        f"{model.meta.get('C_events')}, liblinear, seed 0.",
        "",
        "## How it was measured",
        f"{len(report['folds'])} folds by **document group** — publisher (relays by the outlet "
        "that carried them) and year — dealt largest first, so one outlet's stories of one year "
        "never sit on both sides. For each fold: the sentence model and event model are trained "
        "on the other folds; each type's threshold is the one that maximises that type's F1 on the "
        "other folds; calibration is fitted on the other folds; the fold is then extracted end to "
        "end and scored with the shared scorer. The numbers are means over the folds; the rules "
        "alone are scored on the same folds beside them.",
        "",
        "## Scores on folds the model never trained on",
        "",
        "| | type F1 | strict F1 | date | place | sector |",
        "|---|---|---|---|---|---|",
        f"| learned stage (mean of folds) | {_f(learned['type_f1'])} | {_f(learned['strict_f1'])} | "
        f"{_f(learned['date'])} | {_f(learned['place'])} | {_f(learned['sector'])} |",
        f"| rules alone, same folds | {_f(rules['type_f1'])} | {_f(rules['strict_f1'])} | "
        f"{_f(rules['date'])} | {_f(rules['place'])} | {_f(rules['sector'])} |",
        "",
        "Per fold (learned / rules, type F1): " + ", ".join(
            f"{f['learned']['type_f1']:.3f} / {f['rules']['type_f1']:.3f}" for f in report["folds"]) + ".",
        "",
        "By type (F1, mean over folds; pooled tp/pred/gold for the learned stage):",
        "",
        "| type | learned | rules | learned tp/pred/gold |",
        "|---|---|---|---|",
    ]
    for t in EVENT_TYPES:
        b = pooled["learned"]["by_type"].get(t, {})
        lines.append(f"| {t} | {_f(learned['by_type'].get(t))} | {_f(rules['by_type'].get(t))} | "
                     f"{b.get('tp', 0)}/{b.get('pred', 0)}/{b.get('gold', 0)} |")
    cal = report["calibration"]
    lines += [
        "",
        "## Calibration",
        f"Expected calibration error of the claims' confidence on the folds: **{cal['ece']:.3f}** "
        f"over {cal['events']} extracted events (10 equal-width bins; an event counts as right when "
        "the scorer pairs it with a gold event of its type).",
        "",
        "| confidence | events | mean confidence | share right |",
        "|---|---|---|---|",
    ]
    lines += [f"| {row['bin']} | {row['events']} | {row['confidence']:.3f} | {row['accuracy']:.3f} |"
              for row in cal["table"]]
    lines += [
        "",
        "## Thresholds shipped",
        ", ".join(f"{t} {v}" for t, v in sorted(model.thresholds.items())) + ".",
        "",
        "## Limits",
        "- The gold quotes one sentence per event; other sentences that tell the same event are "
        "negatives for the sentence model, which caps what it can learn at the sentence level.",
        "- Dates and places are the rules' (date accuracy over paired events is the weakest "
        "attribute, see above); strict F1 follows them.",
        "- The corpus was annotated by one annotator per document (64 documents twice, "
        "`docs/annotation-notes.md`); the targets of issue 8 (type F1 0.85, strict 0.75) are not "
        "reached.",
        "- Retrain (`make train`) after changing the rules: the model reads their signals.",
        "",
    ]
    return "\n".join(lines)
