"""Rare word pairs: two words side by side that only a few passages say side by side."""

from __future__ import annotations

import numpy as np

from bot.answer.answerer import Answerer
from bot.answer.entities import ENTITY_PAIRS
from bot.answer.pairs import WordPairs, pairs_of
from index.keywords import tokenize

AUDIENCE = "level-foundation/certified-mlops-manager-foundation-level/who-should-take-it#0"


def test_pairs_are_neighbouring_stems() -> None:
    assert pairs_of(tokenize("a project manager with no coding")) == {("project", "manag"), ("manag", "code")}


def test_a_pair_few_passages_say_boosts_them_and_no_other(answerer: Answerer) -> None:
    chunks = answerer.retriever.artifact.chunks
    pairs = WordPairs(chunks, max_passages=3)
    boost = pairs.boost(tokenize("is foundation ok for a project manager"), 0.25)
    assert boost is not None
    boosted = [chunks[n].id for n in np.flatnonzero(boost)]
    assert AUDIENCE in boosted and len(boosted) <= 3
    assert all("project manager" in chunks[n].text.lower() for n in np.flatnonzero(boost))
    assert pairs.boost(tokenize("how do I bake sourdough bread"), 0.25) is None  # no pair the curriculum says


def test_a_pair_that_names_an_entity_is_left_to_the_entity_boost(answerer: Answerer) -> None:
    chunks = answerer.retriever.artifact.chunks
    assert ("top", "tier") in ENTITY_PAIRS  # the managerial level, in learners' words
    assert ("top", "tier") in WordPairs(chunks, max_passages=3).where  # "top-tier education" (a provider)
    assert ("top", "tier") not in WordPairs(chunks, max_passages=3, named=ENTITY_PAIRS).where


def test_a_project_manager_is_pointed_to_the_level_whose_audience_names_them(answerer: Answerer) -> None:
    query = answerer.reader.read("can a project manager with almost no tech background take the first exam?")
    assert answerer.attempt(query).candidates[0].chunk.id == AUDIENCE
