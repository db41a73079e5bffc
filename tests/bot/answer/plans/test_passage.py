"""The passage plan: which sentences of the best passage an answer quotes."""

from __future__ import annotations

from bot.answer.answerer import Answerer
from bot.answer.candidate import Candidate
from bot.answer.plans.passage import PassagePlan, asks_about_the_section, is_list_item
from bot.answer.tuning import Tuning
from index.chunk import Chunk

FAQ = "faq-general/frequently-asked-questions-general/is-the-exam-proctored#0"
SKILLS = "level-foundation/certified-mlops-manager-foundation-level/skills-youll-gain#0"
PROVIDER = "providers/training-certification-support-providers-for-certified-mlops-manager/devopsschool#0"
WORTH = "final-thoughts/final-thoughts-is-certified-mlops-manager-worth-it#0"


def picked(answerer: Answerer, question: str, chunk_id: str, plan: PassagePlan | None = None) -> list[str]:
    """The plan's sentences for a question, with `chunk_id` as the best candidate."""
    artifact = answerer.retriever.artifact
    number = next(n for n, c in enumerate(artifact.chunks) if c.id == chunk_id)
    best = Candidate(number, artifact.chunks[number], 1.0, 1.0, 0.5, 1, 1.0, 1, 0.0)
    query = answerer.reader.read(question)
    chosen = (plan or answerer.planner.passage)(query, [best], answerer.retriever.embed(query.expanded))
    assert all(p.candidate is best for p in chosen)
    return [p.text for p in chosen]


def test_nothing_to_quote_without_candidates(answerer: Answerer) -> None:
    query = answerer.reader.read("pass mark?")
    assert answerer.planner.passage(query, [], answerer.retriever.embed(query.expanded)) == []


def test_an_faq_answer_is_quoted_whole(answerer: Answerer, chunks: dict[str, Chunk]) -> None:
    assert picked(answerer, "is anyone watching me", FAQ) == list(chunks[FAQ].sentences)


def test_a_list_is_quoted_as_a_list(answerer: Answerer, chunks: dict[str, Chunk]) -> None:
    sentences = picked(answerer, "skills at the foundation level", SKILLS)
    assert sentences == list(chunks[SKILLS].sentences)
    assert all(is_list_item(chunks[SKILLS], s) for s in sentences)


def test_a_long_passage_is_cut_to_the_sentences_closest_to_the_question(
    answerer: Answerer, chunks: dict[str, Chunk], tuning: Tuning
) -> None:
    worth = chunks[WORTH]
    assert len(worth.sentences) > tuning.passage.whole_section_sentences
    sentences = picked(answerer, "why are ML systems getting harder to run", WORTH)
    assert 1 <= len(sentences) <= tuning.passage.max_sentences
    positions = [worth.sentences.index(s) for s in sentences]
    assert positions == sorted(positions)  # in the passage's own order


def test_a_sentence_that_carries_on_from_a_chosen_one_comes_with_it(
    answerer: Answerer, chunks: dict[str, Chunk]
) -> None:
    # "…a simple badge to post on social media, this isn't it." goes on: "This certification
    # requires a genuine commitment…", which says what it is instead.
    sentences = list(chunks[WORTH].sentences)
    badge = next(i for i, s in enumerate(sentences) if "badge" in s)
    assert sentences[badge + 1].startswith("This ")
    chosen = picked(answerer, "honestly is this just another badge for linkedin?", WORTH)
    assert sentences[badge] in chosen and sentences[badge + 1] in chosen


def test_a_question_about_the_section_itself_gets_the_whole_section(
    answerer: Answerer, chunks: dict[str, Chunk], tuning: Tuning
) -> None:
    provider = chunks[PROVIDER]
    # (a plan quoting fewer sentences than the section has, so that only the question makes it whole)
    four = PassagePlan(answerer.retriever.artifact, tuning.passage.model_copy(update={"max_sentences": 4}))
    assert 4 < len(provider.sentences) <= tuning.passage.whole_section_sentences
    assert asks_about_the_section(provider, set(answerer.reader.read("DevOpsSchool").tokens), 1)
    assert picked(answerer, "What about DevOpsSchool?", PROVIDER, four) == list(provider.sentences)


def test_the_plan_follows_its_tuning(answerer: Answerer, tuning: Tuning) -> None:
    one = PassagePlan(answerer.retriever.artifact, tuning.passage.model_copy(update={"max_sentences": 1}))
    assert len(picked(answerer, "is anyone watching me", FAQ, one)) == 1
    assert len(picked(answerer, "skills at the foundation level", SKILLS, one)) == 1


def test_a_passage_about_one_thing_is_quoted_whole(
    answerer: Answerer, chunks: dict[str, Chunk], tuning: Tuning
) -> None:
    provider = chunks[PROVIDER]
    assert len(provider.sentences) <= tuning.passage.max_sentences
    # "practice" is the labs sentence in other words, which the model scores lowest of the five: a
    # cut by nearness would leave out the answer
    sentences = picked(answerer, "the veteran devops provider, what do they give for practice?", PROVIDER)
    assert sentences == list(provider.sentences)
