"""Citations: numbered in order of first use, rendered as [n] after each sentence."""

from __future__ import annotations

from bot.answer.cite import cite
from bot.answer.plans import Picked
from bot.answer.retrieve import Candidate
from index.chunk import Chunk

FAQ = "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0"
SKILLS = "level-foundation/certified-mlops-manager-foundation-level/skills-youll-gain#0"
PATH = "learning-paths/choose-your-learning-path/sre-path#0"


def candidate(chunk: Chunk, number: int, score: float) -> Candidate:
    return Candidate(number, chunk, score, score, 0.5, 1, 1.0, 1, 0.0)


def test_citations_are_numbered_by_first_use_and_quote_the_passage(chunks: dict[str, Chunk]) -> None:
    path, skills = candidate(chunks[PATH], 0, 0.812345), candidate(chunks[SKILLS], 1, 0.5)
    picked = [
        Picked(chunks[PATH].sentences[0], path, False),
        Picked(chunks[SKILLS].sentences[0], skills, True),
        Picked(chunks[PATH].sentences[1], path, False),
    ]
    text, sentences, citations = cite(picked)
    assert [(c.n, c.id) for c in citations] == [(1, PATH), (2, SKILLS)]
    assert citations[0].quote == chunks[PATH].text and citations[0].score == 0.8123
    assert [s.citation for s in sentences] == [1, 2, 1]
    assert text.splitlines() == [
        f"{chunks[PATH].sentences[0]} [1]",
        f"- {chunks[SKILLS].sentences[0]} [2]",
        f"{chunks[PATH].sentences[1]} [1]",
    ]


def test_prose_sentences_share_a_line_and_list_items_each_take_one(chunks: dict[str, Chunk]) -> None:
    path = candidate(chunks[PATH], 0, 1.0)
    skills = candidate(chunks[SKILLS], 1, 1.0)
    text, _, _ = cite(
        [Picked(s, path, False) for s in chunks[PATH].sentences[:2]]
        + [Picked(s, skills, True) for s in chunks[SKILLS].sentences[:2]]
    )
    prose, first_item, second_item = text.splitlines()
    assert prose == f"{chunks[PATH].sentences[0]} [1] {chunks[PATH].sentences[1]} [1]"
    assert first_item.startswith("- ") and second_item.startswith("- ")


def test_nothing_picked_renders_nothing() -> None:
    assert cite([]) == ("", [], [])
