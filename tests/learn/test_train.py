"""Training on a tiny SYNTHETIC corpus written for this test (invented events, real place names):
the whole procedure runs, is reproducible byte for byte, and gives a model the extractor loads."""

from __future__ import annotations

import json

import pytest

from nkwatch.extract.pipeline import analyse
from nkwatch.learn import train
from nkwatch.learn.corpus import Example, group_of, load_corpus, sentence_labels
from nkwatch.learn.model import Calibration, from_bytes, load_model, to_bytes
from nkwatch.learn.stage import learned_stage
from nkwatch.model import Document
from nkwatch.packs import load_pack

COUNTIES = ["Songchon", "Kujang", "Unpha", "Kyongsong", "Jaeryong", "Onchon", "Kumya", "Sinpho"]
PUBLISHERS = ["Synthetic Agency A", "Synthetic Agency B", "Synthetic Daily C", "Synthetic Wire D",
              "Synthetic Review E", "Synthetic Radio F"]


def synthetic_corpus() -> list[Example]:
    examples = []
    for i in range(36):
        county = COUNTIES[i % len(COUNTIES)]
        publisher = PUBLISHERS[i % len(PUBLISHERS)]
        day = 1 + i % 27
        opening = f"A ceremony opened new factories in {county} County on March {day}."
        filler = "Officials gave speeches about the policy and the weather was fine."
        test = f"The military fired a synthetic rocket on March {day}."
        text = f"{opening} {filler} {test}" if i % 2 else f"{opening} {filler}"
        gold = [{"type": "completion", "date": f"2025-03-{day:02d}",
                 "place": {"province": None, "county": county}, "facility": "factories",
                 "sector": "light_industry", "leader_present": False, "quantities": [],
                 "partners": [], "deadline": None, "evidence": [0, len(opening)]}]
        if i % 2:
            start = text.index(test)
            gold.append({"type": "weapons_test", "date": f"2025-03-{day:02d}", "place": None,
                         "facility": None, "sector": "military", "leader_present": False,
                         "quantities": [], "partners": [], "deadline": None,
                         "evidence": [start, start + len(test)]})
        doc = Document(id=f"syn-{i:02d}", text=text, publisher=publisher, published="2025-03-28")
        examples.append(Example(doc, gold, group_of(publisher, "2025-03-28")))
    return examples


def test_group_keeps_relays_of_one_outlet_and_year_together():
    assert group_of("KCNA (via KCNA Watch)", "2025-01-11") == group_of("KCNA", "2025") == "kcna|2025"
    assert group_of(None, None) == "unknown|undated"


def test_sentence_labels_come_from_gold_evidence():
    labels = sentence_labels([(0, 10), (11, 30)], [{"type": "plan", "evidence": [12, 20]}])
    assert labels == [set(), {"plan"}]


def test_training_runs_reproducibly_and_the_model_loads(tmp_path):
    examples = synthetic_corpus()
    pack = load_pack()
    model, report = train.train(examples, pack, log=lambda _: None)
    again, _ = train.train(examples, pack, log=lambda _: None)
    assert to_bytes(model) == to_bytes(again)  # same corpus, same file
    assert len(report["folds"]) == train.FOLDS
    assert {"learned", "rules"} <= set(report["mean"])
    assert 0.0 <= report["calibration"]["ece"] <= 1.0
    loaded = from_bytes(to_bytes(model))
    assert loaded.thresholds == {t: round(v, 4) for t, v in model.thresholds.items()}
    assert set(loaded.thresholds) == set(train.TYPES)
    # The extractor runs with it and finds the kind of event it was trained on.
    doc = Document(id="new", text="A ceremony opened new factories in Unpha County on March 3.",
                   published="2025-03-28")
    events = analyse(doc, pack, learned_stage(loaded)).events
    assert [e.type for e in events] == ["completion"]
    assert 0.0 < events[0].confidence <= 1.0


def test_main_refuses_without_texts(tmp_path, capsys):
    assert train.main(["--texts", str(tmp_path / "missing.jsonl")]) == 2
    assert "docs/corpus.md" in capsys.readouterr().err


def test_load_corpus_reads_index_gold_and_texts(tmp_path):
    (tmp_path / "index.jsonl").write_text(json.dumps({"id": "d1", "url": "u", "publisher": "P (relay)",
                                                      "published": "2024-05-01"}) + "\n")
    (tmp_path / "gold.jsonl").write_text(json.dumps({"doc_id": "d1", "events": []}) + "\n")
    (tmp_path / "docs.jsonl").write_text(json.dumps({"id": "d1", "text": "Synthetic text."}) + "\n")
    [example] = load_corpus(tmp_path / "index.jsonl", tmp_path / "gold.jsonl", tmp_path / "docs.jsonl")
    assert example.group == "p|2024" and example.document.text == "Synthetic text."


def test_shipped_model_is_calibrated_monotone_and_named_in_the_version():
    from nkwatch.extract.pipeline import extractor_version

    model = load_model()
    assert model is not None, "nkwatch/learn/model.json.gz is part of the package"
    xs, ys = model.calibration.xs, model.calibration.ys
    assert list(xs) == sorted(xs) and list(ys) == sorted(ys)
    assert all(0.0 <= y <= 1.0 for y in ys)
    assert model.digest[:8] in extractor_version(load_pack())


@pytest.mark.parametrize("p", [0.0, 0.2, 0.5, 0.9, 1.0])
def test_calibration_interpolates_within_bounds(p):
    cal = Calibration((0.1, 0.5, 0.9), (0.05, 0.4, 0.95))
    assert 0.05 <= cal(p) <= 0.95
