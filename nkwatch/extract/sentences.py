"""Split text into sentences, skipping furniture, keeping offsets into the original text.

News copy is messy: wire rewrites glue sentences together ("ground.According"), state media
write "10 000", and abbreviations ("Jan.", "U.S.", "No. 2") end in full stops that end nothing.
"""

from __future__ import annotations

import re

from nkwatch.extract.state import DocState, Sentence

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "no", "nos", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "gen", "lt", "col", "maj", "capt", "jr", "sr", "vs", "etc",
    "approx", "corp", "inc", "co", "ltd", "u.s", "u.n", "u.k", "e.g", "i.e", "n", "s",
    "prof", "gov", "sen", "rep", "vol", "fig", "est",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or
# opening quote; or glued straight onto a capitalised word after a lower-case one ("said.The").
_END = re.compile(
    r"(?<=[.!?])[\"”’')\]]*(?=\s+[\"“‘(]?[A-Z0-9])"
    r"|(?<=[a-z0-9)\"”’]{2}[.!?])[\"”’]?(?=[A-Z][a-z])"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _blocks(text: str, furniture: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines of text with the furniture cut out."""
    blocks: list[tuple[int, int]] = []
    furniture = sorted(furniture)
    first = 0  # furniture[:first] ends before the line at hand: lines and spans walk together
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        cursor = start
        while first < len(furniture) and furniture[first][1] <= start:
            first += 1
        for f_start, f_end in furniture[first:]:
            if f_start >= end:
                break
            if f_end <= cursor:
                continue
            if f_start > cursor:
                blocks.append((cursor, f_start))
            cursor = max(cursor, f_end)
        if cursor < end:
            blocks.append((cursor, end))
    blocks = [(s, e) for s, e in blocks if text[s:e].strip()]
    return _join_broken(text, blocks)


def _join_broken(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pages that render links on lines of their own cut a sentence in three ("Mr Kim observed /
    construction of a submarine / with his daughter"). A line that ends mid-sentence and a next
    line that starts in lower case are one block."""
    joined: list[tuple[int, int]] = []
    for s, e in blocks:
        if joined:
            prev_s, prev_e = joined[-1]
            tail = text[prev_s:prev_e].rstrip()
            head = text[s:e].lstrip()
            gap = text[prev_e:s]
            if (tail and tail[-1] not in ".!?:\"”’)" and head[:1].islower() and gap.count("\n") <= 3
                    and not gap.strip()):
                joined[-1] = (prev_s, e)
                continue
        joined.append((s, e))
    return joined


def _is_abbreviation(text: str, cut: int) -> bool:
    before = text[max(0, cut - 12) : cut].rstrip("\"”’')]")
    m = _WORD_BEFORE.search(before)
    if not m:
        return False
    word = m.group(1).lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _END.finditer(text, start, end):
        cut = m.end()
        if _is_abbreviation(text, m.start() if m.group() else cut):
            continue
        spans.append((cursor, cut))
        cursor = cut
    spans.append((cursor, end))
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            result.append((s, e))
    return result


def split_sentences(state: DocState) -> DocState:
    text = state.doc.text
    sentences: list[Sentence] = []
    for block_index, (b_start, b_end) in enumerate(_blocks(text, state.furniture)):
        for s, e in split_block(text, b_start, b_end):
            sentences.append(Sentence(s, e, text[s:e], block_index))
    state.sentences = sentences
    return state
