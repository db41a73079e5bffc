"""The Block Kit builder: sections within Slack's limits, numbered sources, buttons that carry their turn."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bot.answer.answerer import Answerer
from bot.citations import passage_url, source_label
from bot.schemas import Answer, Citation
from bot.slack.blocks import MAX_BLOCKS, answer_message, modal_reason, reason_modal
from bot.slack.mrkdwn import SECTION_LIMIT
from bot.slack.values import MessageRef, Suggestion

PUBLIC = "https://conversations.example.org"
REF = MessageRef(conversation_id="conv-1", turn=3, thread_ts="1600000000.000001")


def citation(n: int, quote: str = "Generally, a score of 70% or higher is required.") -> Citation:
    return Citation(
        n=n, id=f"faq-general/faq/passing-score#{n}", title="Frequently Asked Questions (General)",
        section="Frequently Asked Questions (General) › What is the passing score for the exams?",
        source="corpus/faq-general.md", lines=(24, 26), quote=quote, score=0.9,
    )  # fmt: skip


def answer(text: str, citations: int = 1, **fields: Any) -> Answer:
    return Answer(
        answer=text,
        citations=[citation(n) for n in range(1, citations + 1)],
        abstained=False,
        confidence=0.9,
        **fields,
    )


def sections(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def test_answer_layout() -> None:
    message = answer_message(answer("Generally, a score of **70%** or higher is required. [1]"), REF, PUBLIC)
    types = [b["type"] for b in message.blocks]
    assert types == ["section", "context", "actions"]
    assert sections(message.blocks) == ["Generally, a score of *70%* or higher is required. [1]"]
    [source] = message.blocks[1]["elements"]
    assert source == {
        "type": "mrkdwn",
        "text": f"<{PUBLIC}/?passage=faq-general%2Ffaq%2Fpassing-score%231|"
        "[1] Frequently Asked Questions (General) › What is the passing score for the exams?>",
    }
    assert list(buttons(message.blocks)) == ["tutor_passages", "tutor_feedback_up", "tutor_feedback_down"]
    assert "70%" in message.text


def test_buttons_carry_the_conversation_and_turn() -> None:
    message = answer_message(answer("A. [1]"), REF, PUBLIC)
    for button in buttons(message.blocks).values():
        ref = MessageRef.decode(button["value"])
        assert (ref.conversation_id, ref.turn, ref.thread_ts) == ("conv-1", 3, "1600000000.000001")
        assert len(button["value"]) <= 2000


def test_sources_without_a_public_url_are_plain_text() -> None:
    message = answer_message(answer("A. [1]"), REF, None)
    [source] = message.blocks[1]["elements"]
    assert (
        source["text"]
        == "[1] Frequently Asked Questions (General) › What is the passing score for the exams?"
    )


def test_source_label_uses_the_last_heading() -> None:
    c = citation(1).model_copy(update={"title": "Overview", "section": "Overview › Levels › Foundation"})
    assert source_label(c) == "Overview › Foundation"
    assert source_label(c.model_copy(update={"section": "Overview"})) == "Overview"


def test_passage_url_encodes_the_chunk_id() -> None:
    assert passage_url(PUBLIC + "/", "a/b c#0") == f"{PUBLIC}/?passage=a%2Fb%20c%230"


def test_long_answer_splits_into_sections_within_the_limit() -> None:
    lines = [f"- Point {i}: " + "the curriculum says something useful here. " * 3 + "[1]" for i in range(80)]
    text = "\n".join(lines)
    assert len(text) > 2 * SECTION_LIMIT
    message = answer_message(answer(text), REF, PUBLIC)
    texts = sections(message.blocks)
    assert len(texts) >= 3
    assert all(len(t) <= SECTION_LIMIT for t in texts)
    assert "\n".join(texts).splitlines() == [line.replace("- ", "• ", 1) for line in lines]
    assert len(message.text) <= 3000


@given(st.text(min_size=1, max_size=12000))
def test_every_section_fits(text: str) -> None:
    message = answer_message(answer(text), REF.with_(passages=True), PUBLIC)
    assert all(len(t) <= SECTION_LIMIT for t in sections(message.blocks))
    assert len(message.blocks) <= MAX_BLOCKS


def test_many_sources_use_several_context_blocks() -> None:
    message = answer_message(answer("A. [1]", citations=23), REF, PUBLIC)
    contexts = [b for b in message.blocks if b["type"] == "context"]
    assert [len(c["elements"]) for c in contexts] == [10, 10, 3]


def test_passages_expand_under_their_numbers() -> None:
    message = answer_message(answer("A. [1] B. [2]", citations=2), REF.with_(passages=True), PUBLIC)
    texts = sections(message.blocks)
    assert texts[1].startswith("*[1] Frequently Asked Questions (General) › What is the passing score")
    assert "\n> Generally, a score of 70% or higher is required." in texts[1]
    assert buttons(message.blocks)["tutor_passages"]["text"]["text"] == "Hide passages"
    assert MessageRef.decode(buttons(message.blocks)["tutor_passages"]["value"]).passages


def test_passages_never_push_a_message_over_50_blocks() -> None:
    message = answer_message(answer("A. [1]", citations=60), REF.with_(passages=True), PUBLIC)
    assert len(message.blocks) == MAX_BLOCKS
    assert message.blocks[-1]["type"] == "actions"  # the buttons survive


def test_rating_replaces_the_feedback_buttons_with_thanks() -> None:
    message = answer_message(answer("A. [1]"), REF.with_(rating="down"), PUBLIC)
    assert "tutor_feedback_up" not in buttons(message.blocks)
    assert "Thanks for the feedback" in json.dumps(message.blocks[-1])


def test_ephemeral_answers_can_be_shared() -> None:
    message = answer_message(answer("A. [1]"), REF.with_(ephemeral=True), PUBLIC)
    assert buttons(message.blocks)["tutor_share"]["text"]["text"] == "Share in channel"


def test_credited_asker_is_shown_above_the_answer() -> None:
    message = answer_message(answer("A. [1]"), REF.with_(asked_by="U1"), PUBLIC, question="Is <b> & c?")
    assert message.blocks[0]["elements"][0]["text"] == "<@U1> asked: Is &lt;b&gt; &amp; c?"


def test_abstention_offers_suggestions_as_buttons() -> None:
    long = (
        "Certified MLOps Manager – Foundation Level › Common mistakes and how the curriculum warns about them"
    )
    abstained = Answer(
        answer="The curriculum does not cover this question.", abstained=True, confidence=0.1,
        suggestions=["What is the passing score for the exams?", long],
    )  # fmt: skip
    message = answer_message(abstained, REF, PUBLIC)
    assert "doesn't cover that" in sections(message.blocks)[0]
    found = buttons(message.blocks)
    assert list(found) == ["tutor_suggest_0", "tutor_suggest_1"]
    assert Suggestion.decode(found["tutor_suggest_1"]["value"]) == Suggestion(
        question=long, conversation_id="conv-1", thread_ts="1600000000.000001"
    )
    assert len(found["tutor_suggest_1"]["text"]["text"]) <= 75
    assert message.text == "The curriculum does not cover this question."


def test_real_answer_renders(answerer: Answerer) -> None:
    real, _ = answerer.answer("What skills will I gain at the foundation level?")
    message = answer_message(real, REF, PUBLIC)
    # the skills do not say which level they are for: the passage's headings name it first, in bold
    label, first = sections(message.blocks)[0].split("\n")[:2]
    assert label == "*Certified MLOps Manager – Foundation Level › Skills you’ll gain*"
    assert first.startswith("• Understanding the ML lifecycle")
    assert "Foundation Level › Skills you’ll gain" in json.dumps(message.blocks, ensure_ascii=False)


def test_reason_modal() -> None:
    view = reason_modal(REF.with_(rating="down"))
    assert view["callback_id"] == "tutor_feedback_reason"
    assert MessageRef.decode(view["private_metadata"]) == REF.with_(rating="down")
    assert len(view["title"]["text"]) <= 24
    state = {"state": {"values": {"reason": {"reason": {"value": "  too vague  "}}}}}
    assert modal_reason(state) == "too vague"
    assert modal_reason({"state": {"values": {"reason": {"reason": {"value": None}}}}}) is None
    assert modal_reason({}) is None


def test_labelled_parts_take_a_section_each_and_an_uncovered_part_is_a_grey_note(answerer: Answerer) -> None:
    reply, _ = answerer.answer("How much does the exam cost in euros, and is the exam proctored?")
    message = answer_message(reply, REF, PUBLIC)
    note, part = message.blocks[0], message.blocks[1]
    assert note["type"] == "context" and "does not cover" in note["elements"][0]["text"]
    assert note["elements"][0]["text"].startswith("_") and "[" not in note["elements"][0]["text"]
    assert part["type"] == "section" and part["text"]["text"].startswith("*Is the exam proctored?*\n")


def test_a_comparison_of_two_is_two_columns(answerer: Answerer) -> None:
    reply, _ = answerer.answer("DevSecOps path vs FinOps path")
    message = answer_message(reply, REF, PUBLIC)
    columns = message.blocks[0]["fields"]
    assert [f["text"].split("\n")[0] for f in columns] == ["*DevSecOps Path*", "*FinOps Path*"]
    assert all("[1]" in columns[0]["text"] and "[2]" in columns[1]["text"] for _ in columns)
    assert json.dumps(message.blocks).count("*FinOps Path*") == 1


def test_a_list_keeps_within_slacks_block_limit(answerer: Answerer) -> None:
    reply, _ = answerer.answer("Name all the providers")
    message = answer_message(reply, REF, PUBLIC)
    labelled = [b for b in message.blocks if b["type"] == "section" and b["text"]["text"].startswith("*")]
    assert len(labelled) == len(reply.sections) and len(message.blocks) <= MAX_BLOCKS
