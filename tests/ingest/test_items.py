"""Practice items derived at ingest, on the real corpus: every kind, every item valid, distractors the
table or the passage proves wrong, and derivation that keeps unchanged passages' items."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.tutor_items import check_items
from index.practice import BLANK, Item
from ingest.chunk import Chunker
from ingest.corpus import read_corpus
from ingest.items import derive_items
from ingest.items.terms import duration_days, overlaps
from tests.conftest import CORPUS


def chunks_of(corpus: Path) -> list:
    return Chunker(1000, 1).chunk_corpus(read_corpus(corpus))


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return derive_items(chunks_of(CORPUS)).items


def test_every_kind_is_derived_and_every_item_is_valid(items: list[Item]) -> None:
    kinds = {i.kind for i in items}
    assert kinds == {"short", "choice", "cloze", "order"}
    run = check_items(items, chunks_of(CORPUS))
    assert run.invalid == [] and run.validity == 1.0


def test_short_items_ask_the_faq_questions_and_one_question_per_guide_section(items: list[Item]) -> None:
    prompts = {i.prompt for i in items if i.kind == "short"}
    assert "Is the exam proctored?" in prompts
    assert "What are the common mistakes at the Professional level?" in prompts
    assert sum(i.kind == "short" for i in items) == 20 + 3 * 7  # 20 FAQ entries, 7 sections of 3 guides


def test_a_choice_never_offers_a_role_the_table_gives_the_same_certification(items: list[Item]) -> None:
    # SRE and Platform Engineer both get "Professional": neither may be a distractor for the other.
    [sre] = [i for i in items if i.kind == "choice" and i.answer == "SRE"]
    assert "Platform Engineer" not in sre.choices
    assert sre.prompt.endswith("Certified MLOps Manager – Professional.") and BLANK in sre.prompt
    assert len(sre.choices) == 4 and len(set(sre.choices)) == 4


def test_cloze_distractors_are_of_the_same_kind_and_never_mean_the_same(items: list[Item]) -> None:
    durations = [i for i in items if i.kind == "cloze" and i.term_kind == "duration"]
    assert durations
    for item in durations:
        assert all(duration_days(c) is not None for c in item.choices)
        assert not any(overlaps(c, item.answer) for c in item.choices if c != item.answer)
    assert overlaps("30 Days", "4-6 weeks") and not overlaps("6 months", "4-6 weeks")


def test_the_tracks_are_put_in_the_recommended_order(items: list[Item]) -> None:
    whole = next(i for i in items if i.kind == "order" and len(i.order) == 5)
    assert whole.prompt == "Put these tracks in the recommended order."
    assert whole.order == ("Operations", "Engineering", "Leadership", "Security", "Finance")
    assert whole.choices != whole.order  # shown shuffled


def test_an_unchanged_passage_keeps_its_items_and_a_changed_one_is_derived_again(own_corpus: Path) -> None:
    before = derive_items(chunks_of(own_corpus))
    guide = own_corpus / "level-foundation.md"
    guide.write_text(
        guide.read_text(encoding="utf-8").replace("reproducible environments", "repeatable environments"),
        encoding="utf-8",
    )
    after = derive_items(chunks_of(own_corpus), before.items)
    assert after.made > 0 and after.kept > 0 and after.kept + after.made == len(after.items)
    old = {i.id for i in before.items}
    changed = [i for i in after.items if i.id not in old]
    assert changed and all(i.chunk_id.startswith("level-foundation/") for i in changed)
    assert {i.id for i in after.items if i.chunk_id.startswith("faq-general/")} <= old
    again = derive_items(chunks_of(own_corpus), after.items)
    assert (again.kept, again.made) == (len(after.items), 0)
