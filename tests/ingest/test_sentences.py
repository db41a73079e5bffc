"""Sentence splitting: exact substrings, so an answer can quote them verbatim."""

from __future__ import annotations

from ingest.sentences import split_sentences


def test_sentences_end_at_terminal_punctuation_before_a_capital_or_digit() -> None:
    text = "It lasts 4 weeks. Is it hard? Yes! 70% is a pass."
    assert split_sentences(text) == ["It lasts 4 weeks.", "Is it hard?", "Yes!", "70% is a pass."]


def test_abbreviations_and_lower_case_continuations_do_not_end_a_sentence() -> None:
    text = "Tools, e.g. Kubernetes, matter. Renting vs. buying GPUs is a choice. Dr. Smith agrees."
    assert split_sentences(text) == [
        "Tools, e.g. Kubernetes, matter.",
        "Renting vs. buying GPUs is a choice.",
        "Dr. Smith agrees.",
    ]


def test_a_closing_quote_stays_with_its_sentence() -> None:
    text = "It focuses on “Day 2.” Then it scales."
    assert split_sentences(text) == ["It focuses on “Day 2.”", "Then it scales."]


def test_every_sentence_is_an_exact_substring() -> None:
    text = "  First one.   Second (in brackets). (Third.) Fourth  "
    sentences = split_sentences(text)
    assert sentences == ["First one.", "Second (in brackets).", "(Third.)", "Fourth"]
    assert all(s in text for s in sentences)


def test_nothing_to_split() -> None:
    assert split_sentences("   ") == []
    assert split_sentences("No terminal punctuation") == ["No terminal punctuation"]
