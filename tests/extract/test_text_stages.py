"""Cleanup and sentence splitting keep offsets into the original text."""

from nkwatch.extract.cleanup import cleanup
from nkwatch.extract.dates import reference_from
from nkwatch.extract.sentences import split_sentences
from nkwatch.extract.state import DocState
from nkwatch.model import Document
from nkwatch.packs import load_pack

LEX = load_pack().lexicons

# SYNTHETIC test text, written for these tests.
PAGE = (
    " date 2025-01-24 Photo : YONHAP News\n\n"
    "A synthetic factory opened in a county.It was built in ten months. Mr. Ri spoke on Jan. 6.\n"
    "More From Example News\n"
    "Unrelated headline one\n"
)


def sentences(text: str) -> list[str]:
    state = DocState(Document(id="t", text=text), reference_from(None))
    state = split_sentences(cleanup(state, LEX))
    for s in state.sentences:
        assert text[s.start : s.end] == s.text
    return [s.text for s in state.sentences]


def test_furniture_is_skipped_and_glued_sentences_split():
    assert sentences(PAGE) == [
        "A synthetic factory opened in a county.",
        "It was built in ten months.",
        "Mr. Ri spoke on Jan. 6.",
    ]


def test_a_sentence_broken_over_lines_is_joined():
    text = "Mr Kim observed\n\nconstruction of a synthetic vessel\n\nwith officials.\nNext line."
    assert sentences(text) == ["Mr Kim observed\n\nconstruction of a synthetic vessel\n\nwith officials.",
                               "Next line."]


def test_trigger_cues_are_words_every_match_must_contain():
    from nkwatch.extract.triggers import literal_cues

    assert literal_cues(r"exhibitions?(?:-\d{4})?") == ()  # digits: always run
    assert literal_cues(r"exhibitions?") == ("exhibition",)
    assert literal_cues(r"(?:has|have|was|were) (?:\w+ ){0,2}(?:completed|inaugurated)") == (
        "completed", "inaugurated")
    assert literal_cues(r"by the end of (?:\d{4}|next year)") == ()


def test_html_tags_left_in_text_are_skipped():
    text = "<p>A synthetic factory opened.</p><p>It was built in ten months.</p>"
    assert sentences(text) == ["A synthetic factory opened.", "It was built in ten months."]


def test_lowering_keeps_offsets_when_a_character_lowers_to_two():
    from nkwatch.extract.dates import find_dates, reference_from
    from nkwatch.extract.text import lowered_same_length

    text = "İİ Talks in Pyongyang on June 19."
    assert len(lowered_same_length(text)) == len(text)
    (found,) = find_dates(text, reference_from("2024-06-20"))
    assert text[found.start : found.end] == "June 19"
