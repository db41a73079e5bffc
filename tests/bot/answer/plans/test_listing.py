"""The list plan: every passage of the kind asked for, each under its heading, each cited."""

from __future__ import annotations

from collections.abc import Callable

from bot.answer.answerer import Answerer, Attempt
from index.chunk import Chunk
from tests.bot.answer.plans.conftest import chunk_ids, cited


def test_every_path_is_listed_once_under_its_heading(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    composition = answerer.planner.listing(found("What learning paths are there?"))
    assert composition is not None and composition.plan == "list"
    paths = chunk_ids(chunks, "learning-paths/")
    assert cited(composition) == paths  # all of them, in the corpus's order
    assert [b.label for b in composition.blocks] == [chunks[i].breadcrumb[-1] for i in paths]
    per = answerer.config.tuning.plans.list_sentences
    assert all(len(b.picked) == per for b in composition.blocks)  # a summary, not the whole passage


def test_one_heading_across_the_guides_is_listed_for_each_guide(
    answerer: Answerer, found: Callable[[str], Attempt], chunks: dict[str, Chunk]
) -> None:
    composition = answerer.planner.listing(found("What are the common mistakes for every level?"))
    assert composition is not None
    assert [i for i in cited(composition)] == [i for i in chunks if i.endswith("/common-mistakes#0")]
    block = composition.blocks[0]
    assert len(block.picked) == len(block.picked[0].candidate.chunk.sentences)  # a list is quoted whole


def test_naming_one_member_asks_for_that_passage_not_the_list(
    answerer: Answerer, found: Callable[[str], Attempt]
) -> None:
    assert answerer.planner.listing(found("list the foundation level skills")) is None


def test_no_group_of_that_kind(answerer: Answerer, found: Callable[[str], Attempt]) -> None:
    assert answerer.planner.listing(found("list the exam centres in Europe")) is None
