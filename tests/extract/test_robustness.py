"""No text, however broken, crashes the extractor or yields evidence outside the text.

Random SYNTHETIC texts from a vocabulary of domain words, dates, numbers and junk characters,
with publication dates good and bad (issue 4, "bad input"). Seeded: the same cases every run.
"""

import random
import string

from nkwatch.extract.pipeline import analyse
from nkwatch.model import Document
from nkwatch.packs import load_pack

VOCABULARY = (
    "Kim Jong Un inspected visited inaugurated inauguration ceremony groundbreaking test-fired "
    "launched missile destroyer factory factories county County Province South Phyongan Kangdong "
    "Songchon Unsan Nampho Rason Pyongyang will plans to build signed agreement Russia Belarus "
    "plenary meeting congress exhibition production increased on Monday the previous day last "
    "October in January last year Jan. 6 2025 10 000 flats 5,000-ton 20 cities and counties "
    "$28 million 30% he his The the of and , . ; : ( ) \" “ ” ’ - — – \n"
).split(" ")
PUBLISHED = [None, "2025", "2025-02", "2025-06-03", "2025-02-30", "abc", "2025-13-01",
             "0001-01-01", "9999-12-31", ""]


def test_random_texts_never_crash():
    rng = random.Random(20261129)
    pack = load_pack()
    for i in range(400):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(0, 120))]
        for _ in range(rng.randint(0, 4)):
            junk = "".join(rng.choice(string.printable + "ŏŭ평양\u0000\u2011") for _ in range(8))
            words.insert(rng.randint(0, len(words)), junk)
        text = " ".join(words)
        state = analyse(Document(id=str(i), text=text, published=rng.choice(PUBLISHED)), pack)
        for event in state.events:
            start, end = event.evidence.start, event.evidence.end
            assert 0 <= start <= end <= len(text)
            assert event.type and event.sector
