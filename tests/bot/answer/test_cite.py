"""Citations: numbered in order of first use, rendered as [n] after each sentence, blocks under
bold labels that are the tutor's, not quotes."""

from __future__ import annotations

from bot.answer.candidate import Candidate
from bot.answer.cite import NOT_COVERED_PART, cite, plain_label
from bot.answer.plans import Block, Composition, Picked
from index.chunk import Chunk

FAQ = "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0"
SKILLS = "level-foundation/certified-mlops-manager-foundation-level/skills-youll-gain#0"
PATH = "learning-paths/choose-your-learning-path/sre-path#0"


def candidate(chunk: Chunk, number: int, score: float) -> Candidate:
    return Candidate(number, chunk, score, score, 0.5, 1, 1.0, 1, 0.0)


def one_block(picked: list[Picked]) -> Composition:
    return Composition("passage", (Block(tuple(picked)),))


def test_citations_are_numbered_by_first_use_and_quote_the_passage(chunks: dict[str, Chunk]) -> None:
    path, skills = candidate(chunks[PATH], 0, 0.812345), candidate(chunks[SKILLS], 1, 0.5)
    picked = [
        Picked(chunks[PATH].sentences[0], path, False),
        Picked(chunks[SKILLS].sentences[0], skills, True),
        Picked(chunks[PATH].sentences[1], path, False),
    ]
    text, sentences, citations, sections = cite(one_block(picked))
    assert [(c.n, c.id) for c in citations] == [(1, PATH), (2, SKILLS)]
    assert citations[0].quote == chunks[PATH].text and citations[0].score == 0.8123
    assert [s.citation for s in sentences] == [1, 2, 1]
    assert text.splitlines() == [
        f"{chunks[PATH].sentences[0]} [1]",
        f"- {chunks[SKILLS].sentences[0]} [2]",
        f"{chunks[PATH].sentences[1]} [1]",
    ]
    assert [(s.label, s.covered, s.sentences) for s in sections] == [(None, True, [0, 1, 2])]


def test_prose_sentences_share_a_line_and_list_items_each_take_one(chunks: dict[str, Chunk]) -> None:
    path = candidate(chunks[PATH], 0, 1.0)
    skills = candidate(chunks[SKILLS], 1, 1.0)
    text, _, _, _ = cite(
        one_block(
            [Picked(s, path, False) for s in chunks[PATH].sentences[:2]]
            + [Picked(s, skills, True) for s in chunks[SKILLS].sentences[:2]]
        )
    )
    prose, first_item, second_item = text.splitlines()
    assert prose == f"{chunks[PATH].sentences[0]} [1] {chunks[PATH].sentences[1]} [1]"
    assert first_item.startswith("- ") and second_item.startswith("- ")


def test_labelled_blocks_render_bold_labels_on_lines_of_their_own(chunks: dict[str, Chunk]) -> None:
    path, faq = candidate(chunks[PATH], 0, 1.0), candidate(chunks[FAQ], 1, 1.0)
    composition = Composition(
        "parts",
        (
            Block((Picked(chunks[PATH].sentences[0], path, False),), "SRE Path", "heading"),
            Block((Picked(chunks[FAQ].sentences[0], faq, False),), "Is the exam proctored?", "heading"),
        ),
    )
    text, sentences, citations, sections = cite(composition)
    assert text.split("\n\n") == [
        f"**SRE Path**\n{chunks[PATH].sentences[0]} [1]",
        f"**Is the exam proctored?**\n{chunks[FAQ].sentences[0]} [2]",
    ]
    assert [(s.label, s.source, s.sentences) for s in sections] == [
        ("SRE Path", "heading", [0]),
        ("Is the exam proctored?", "heading", [1]),
    ]
    assert [c.n for c in citations] == [1, 2] and len(sentences) == 2


def test_an_uncovered_part_is_said_not_covered_in_the_learners_words(chunks: dict[str, Chunk]) -> None:
    faq = candidate(chunks[FAQ], 0, 1.0)
    composition = Composition(
        "parts",
        (
            Block((), "how much is the **exam**\nfee", "asked"),
            Block((Picked(chunks[FAQ].sentences[0], faq, False),), "Is the exam proctored?", "heading"),
        ),
    )
    text, sentences, _, sections = cite(composition)
    first = text.split("\n\n")[0]
    assert first == NOT_COVERED_PART.format(asked="how much is the exam fee")
    assert "does not cover" in first and "[" not in first  # the tutor's words: no citation
    assert not sections[0].covered and sections[0].sentences == [] and sections[0].source == "asked"
    assert sections[1].sentences == [0] and sentences[0].citation == 1


def test_labels_are_one_plain_line() -> None:
    assert plain_label("  **a**\n b_c  ") == "a b c"


def test_nothing_picked_renders_nothing() -> None:
    assert cite(Composition("passage", ())) == ("", [], [], [])
