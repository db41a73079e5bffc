"""Markdown to Slack mrkdwn, Slack markup to plain text, and splitting long text for section blocks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.mrkdwn import SECTION_LIMIT, escape, from_slack, split_text, to_mrkdwn, unescape


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("a **bold** word", "a *bold* word"),
        (
            "see [the FAQ](https://example.org/faq?a=1&b=2)",
            "see <https://example.org/faq?a=1&amp;b=2|the FAQ>",
        ),
        ("5 < 7 & 9 > 8", "5 &lt; 7 &amp; 9 &gt; 8"),
        ("- one [1]\n- two [1]", "• one [1]\n• two [1]"),
        ("  - nested", "  • nested"),
        ("x - y is not a list", "x - y is not a list"),
        ("**a < b**", "*a &lt; b*"),
        ("[<script>](https://x.org)", "<https://x.org|&lt;script&gt;>"),
        ("[a|b](https://x.org)", "<https://x.org|a¦b>"),
        ("a ** b ** c", "a ** b ** c"),
        ("", ""),
    ],
)
def test_to_mrkdwn(markdown: str, expected: str) -> None:
    assert to_mrkdwn(markdown) == expected


def test_answer_list_renders_with_bullets() -> None:
    answer = "- Understanding the ML lifecycle from data ingestion to deployment. [1]\n- Version control. [1]"
    assert to_mrkdwn(answer).splitlines() == [
        "• Understanding the ML lifecycle from data ingestion to deployment. [1]",
        "• Version control. [1]",
    ]


plain = st.text(alphabet=st.characters(exclude_characters="*[]", exclude_categories=["Cs"]), max_size=300)


@given(plain)
def test_plain_text_survives_escaping(text: str) -> None:
    """Whatever the text, Slack shows it as written: no stray markup, and unescaping gives it back."""
    out = to_mrkdwn(text)
    assert "<" not in out and ">" not in out
    assert re.search(r"&(?!amp;|lt;|gt;)", out) is None
    assert unescape(out) == re.sub(r"^(\s*)[-+] (?=\S)", r"\1• ", text, flags=re.MULTILINE)


@given(st.text(max_size=200))
def test_escape_round_trips(text: str) -> None:
    assert unescape(escape(text)) == text


words = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)


@given(st.lists(st.tuples(words, st.booleans()), min_size=1, max_size=12))
def test_bold_words_become_mrkdwn_bold(parts: list[tuple[str, bool]]) -> None:
    markdown = " ".join(f"**{w}**" if bold else w for w, bold in parts)
    assert to_mrkdwn(markdown) == " ".join(f"*{w}*" if bold else w for w, bold in parts)


@pytest.mark.parametrize(
    ("slack", "expected"),
    [
        ("<@U123ABC> What is the passing score?", "What is the passing score?"),
        ("<@U123ABC|tutor> hi", "hi"),
        ("see <#C0123|general> and <!here>", "see #general and"),
        (
            "read <https://example.org|the docs> or <https://example.org/x>",
            "read the docs or https://example.org/x",
        ),
        ("5 &lt; 7 &amp;&amp; 9 &gt; 8", "5 < 7 && 9 > 8"),
        ("  spaced \n out  ", "spaced out"),
    ],
)
def test_from_slack(slack: str, expected: str) -> None:
    assert from_slack(slack) == expected


def test_short_text_is_one_piece() -> None:
    assert split_text("one line\nanother") == ["one line\nanother"]


def test_long_text_splits_on_lines() -> None:
    lines = [f"• item {i} " + "x" * 90 for i in range(100)]
    pieces = split_text("\n".join(lines))
    assert len(pieces) > 1
    assert all(len(p) <= SECTION_LIMIT for p in pieces)
    assert "\n".join(pieces).splitlines() == lines  # every cut is at a line end


def test_long_line_splits_on_sentences() -> None:
    sentences = [f"Sentence number {i} says something about the exams. [1]" for i in range(120)]
    pieces = split_text(" ".join(sentences))
    assert len(pieces) > 1 and all(len(p) <= SECTION_LIMIT for p in pieces)
    assert all(p.endswith("[1]") for p in pieces)  # no sentence is cut in two


def test_unbroken_text_is_cut_at_the_limit_without_splitting_links_or_entities() -> None:
    text = "a" * 2990 + " <https://example.org/a|label> &amp; " + "b" * 5000
    pieces = split_text(text)
    assert all(len(p) <= SECTION_LIMIT for p in pieces)
    assert any("<https://example.org/a|label>" in p for p in pieces)
    assert any("&amp;" in p for p in pieces)


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from([*"abc .!?\n&<>|", "&amp;", "<u|l>"]), max_size=1000).map("".join),
    st.integers(min_value=10, max_value=400),
)
def test_split_pieces_fit_and_lose_nothing_but_whitespace(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)


def test_limit_must_be_sensible() -> None:
    with pytest.raises(ValueError):
        split_text("text", 5)
