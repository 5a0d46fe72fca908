"""The learned stage: a sentence-by-type model trained on the annotated corpus (`make train`).

The rules find dates, places, names, quantities, modality and candidate events; the model reads
each sentence with those signals and says which event types it reports as having happened (or,
for `plan`, as announced). Rule candidates it does not confirm are dropped; events it finds that
no rule proposed are built from the sentence with the rules' attachment; its probability,
calibrated on folds it never trained on, is each event's confidence. docs/model.md is the card.
"""
