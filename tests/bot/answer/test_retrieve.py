"""Hybrid retrieval on the real index: each retriever alone, fused, filtered and steered."""

from __future__ import annotations

import numpy as np

from bot.answer.answerer import Answerer
from bot.answer.candidate import Candidate, Filters
from bot.answer.entities import ChunkEntities, Entities, chunk_entities
from bot.answer.retrieve import Retriever, entity_boost
from bot.answer.tuning import Tuning
from index.chunk import Chunk

MISTAKES = "level-professional/certified-mlops-manager-professional-level/common-mistakes#0"


def search(
    answerer: Answerer, question: str, mode: str = "hybrid", filters: Filters | None = None
) -> list[Candidate]:
    query = answerer.reader.read(question)
    return answerer.retriever.search(query, answerer.retriever.embed(query.expanded), mode, filters)  # type: ignore[arg-type]


def named(**kinds: str) -> Entities:
    return Entities({k: frozenset({v}) for k, v in kinds.items()})


def test_hybrid_ranks_the_answering_passage_first(answerer: Answerer) -> None:
    ranked = search(answerer, "what mistakes do people make at the professional level")
    assert ranked[0].chunk.id == MISTAKES
    assert ranked[0].dense_rank is not None and ranked[0].bm25_rank is not None
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert all(0.0 <= c.fused <= 1.0 for c in ranked)
    assert len(ranked) <= 2 * answerer.retriever.tuning.candidates


def test_each_retriever_alone(answerer: Answerer) -> None:
    dense = search(answerer, "will someone watch me while I take the test", "dense")
    bm25 = search(answerer, "proctored exam", "bm25")
    assert all(c.bm25_rank is None for c in dense)
    assert all(c.dense_rank is None for c in bm25)
    assert "proctored" in bm25[0].chunk.id
    assert all(-1.0 <= c.dense <= 1.0 for c in bm25)  # cosine is filled in for every candidate


def test_filters_are_hard(answerer: Answerer) -> None:
    ranked = search(answerer, "common mistakes", filters=Filters(level="foundation"))
    assert ranked and all(c.chunk.meta.get("level") == "foundation" for c in ranked)
    assert not Filters() and Filters(kind="faq")


def test_filters_accept_by_front_matter_or_chunk_kind(chunks: dict[str, Chunk]) -> None:
    chunk = chunks[MISTAKES]
    assert Filters(level="professional").accepts(chunk)
    assert not Filters(level="foundation").accepts(chunk)
    assert Filters(kind="guide").accepts(chunk) and Filters(kind="section").accepts(chunk)


def test_a_named_level_moves_the_ranking(answerer: Answerer) -> None:
    foundation = search(answerer, "common mistakes at the foundation level")
    managerial = search(answerer, "common mistakes at the managerial level")
    assert foundation[0].chunk.meta["level"] == "foundation" and foundation[0].boost > 0
    assert managerial[0].chunk.meta["level"] == "manager"


def test_a_document_named_as_the_source_moves_the_ranking(answerer: Answerer) -> None:
    """The overview's, the FAQ's and a level guide's "who is it for" passages are alike: the
    document the learner names as the source decides."""
    overview = search(answerer, "the overview says it is ideal for DevOps engineers and SREs, who else?")
    assert overview[0].chunk.meta["kind"] == "overview" and overview[0].boost > 0
    faq = search(answerer, "who is the top level really for? I'm not sure the FAQ says so")
    assert faq[0].chunk.meta["kind"] == "faq"


def test_the_learners_years_pick_the_level_whose_range_holds_them(answerer: Answerer) -> None:
    # Meaning alone ranks the "at least 3 years" passage first for a year in IT support.
    ranked = search(answerer, "I've been in IT support for about a year. what level is realistic for me?")
    first = ranked[0].chunk
    assert first.id.startswith("level-foundation/") and "0-2 years" in first.text
    assert ranked[0].boost > 0


def test_years_do_not_move_a_question_about_a_level_it_names(answerer: Answerer) -> None:
    # "Am I ready for the professional level?" is answered by what that level asks, whatever they have.
    query = answerer.reader.read(
        "I'm a platform engineer with 2 years experience. Am I ready for the professional level?"
    )
    assert query.years is None
    assert answerer.reader.read("I'm a platform engineer with 2 years experience. which level?").years == 2.0


def test_entity_boost_matches_mentions_and_mismatches(tuning: Tuning) -> None:
    weights = tuning.retrieval
    level_match, level_mismatch = weights.entity_weights["level"]
    about_pro = ChunkEntities(owned=named(level="professional"), mentioned=Entities())
    mentions_pro = ChunkEntities(owned=Entities(), mentioned=named(level="professional"))
    about_foundation = ChunkEntities(owned=named(level="foundation"), mentioned=Entities())
    asked = named(level="professional")
    assert entity_boost(asked, about_pro, weights) == level_match
    assert entity_boost(asked, mentions_pro, weights) == level_match * weights.mention_share
    assert entity_boost(asked, about_foundation, weights) == level_mismatch
    assert entity_boost(Entities(), about_pro, weights) == 0.0
    # Only what a chunk is about can mismatch: a chunk about no level is not pushed away.
    assert entity_boost(asked, ChunkEntities(owned=Entities(), mentioned=Entities()), weights) == 0.0


def test_a_role_without_a_recommendation_is_context(tuning: Tuning) -> None:
    weights = tuning.retrieval
    chunk = ChunkEntities(owned=named(role="sre"), mentioned=Entities())
    other = ChunkEntities(owned=named(role="cloud engineer"), mentioned=Entities())
    match, _ = weights.entity_weights["role"]
    assert entity_boost(named(role="sre"), chunk, weights) == match * weights.context_role_share
    assert entity_boost(named(role="sre"), other, weights) == 0.0  # no mismatch for context
    asking = Entities({"role": frozenset({"sre"}), "intent": frozenset({"recommend"})})
    assert entity_boost(asking, other, weights) < 0


def test_a_row_whose_columns_name_no_section_cannot_answer_one(
    answerer: Answerer, tuning: Tuning, chunks: dict[str, Chunk]
) -> None:
    roles = "roles/role-recommended-certified-mlops-manager-certifications#row-2"
    tracks = "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table#row-2"
    assert chunk_entities(chunks[roles]).closed == {"section"}
    assert not chunk_entities(chunks[tracks]).closed  # "Skills Covered", "Prerequisites": sections it tells
    _, mismatch = tuning.retrieval.entity_weights["section"]
    asked = named(section="skills")
    assert entity_boost(asked, chunk_entities(chunks[roles]), tuning.retrieval) == mismatch
    # The learner's role no longer lifts the roles table's row over the level's own skills.
    (best, *_) = search(answerer, "I'm an SRE. What will I learn at the professional level?")
    assert (
        best.chunk.id == "level-professional/certified-mlops-manager-professional-level/skills-youll-gain#0"
    )


def test_passages_with_the_kind_of_fact_asked_for_are_steered_up(answerer: Answerer) -> None:
    ranked = search(answerer, "how long does it take to get certified")
    duration = next(t for t in answerer.reader.read("how long").steering if t.name == "duration")
    evidence = answerer.retriever.evidence(duration)
    assert ranked[0].number in evidence
    assert answerer.retriever.evidence(duration) is evidence  # found once per kind


def test_a_retriever_is_built_with_its_tuning(answerer: Answerer, tuning: Tuning) -> None:
    narrow = Retriever(
        answerer.retriever.artifact,
        answerer.retriever.encoder,
        tuning.retrieval.model_copy(update={"candidates": 3}),
    )
    query = answerer.reader.read("common mistakes")
    ranked = narrow.search(query, narrow.embed(query.expanded), "bm25")
    assert len(ranked) <= 3


def test_each_chunks_topic_vector_is_its_faq_question_or_heading(answerer: Answerer) -> None:
    retriever = answerer.retriever
    chunks = retriever.artifact.chunks
    faq = next(n for n, c in enumerate(chunks) if c.kind == "faq")
    section = next(n for n, c in enumerate(chunks) if c.kind == "section" and c.topic)
    for number in (faq, section):
        topic = chunks[number].topic
        assert topic is not None
        similarity = retriever.topics @ retriever.encoder.encode([topic])[0]
        assert int(np.argmax(similarity)) == number and similarity[number] > 0.95
    row = next(n for n, c in enumerate(chunks) if c.kind == "row")
    assert chunks[row].topic is None  # a row has no topic view: its passage stands in
    similarity = retriever.topics @ retriever.encoder.encode([chunks[row].embed_text])[0]
    assert int(np.argmax(similarity)) == row and similarity[row] > 0.95


def test_the_plain_vector_votes_for_its_own_passages(answerer: Answerer) -> None:
    """With a dense vector that points elsewhere, the plain vector's top passage gains a vote of its own."""
    retriever = answerer.retriever
    query = answerer.reader.read("what mistakes do people make at the professional level")
    plain = retriever.embed(query.expanded)
    elsewhere = retriever.embed("which training provider focuses on site reliability")
    without = {c.chunk.id: c for c in retriever.search(query, elsewhere, "dense")}
    voted = {c.chunk.id: c for c in retriever.search(query, elsewhere, "dense", None, plain)}
    before = without[MISTAKES].fused if MISTAKES in without else 0.0
    assert voted[MISTAKES].fused > before
    assert max(voted.values(), key=lambda c: c.fused).fused <= 1.0
