"""Typo repair towards the curriculum's words, and only where a word is neither the curriculum's
nor the model's."""

from __future__ import annotations

from pathlib import Path

from bot.answer.spelling import Speller, deletions, model_words, osa_distance
from bot.answer.tuning import SpellingTuning, Tuning

CORPUS = ["Certification exam preparation: deploy drift monitoring with Kubernetes."]


def speller(tuning: Tuning, dictionary: set[str] | None = None) -> Speller:
    return Speller(CORPUS, dictionary or set(), tuning.spelling)


def test_osa_distance_counts_an_adjacent_swap_as_one_edit() -> None:
    assert osa_distance("certifcation", "certification", 2) == 1
    assert osa_distance("teh", "the", 2) == 1
    assert osa_distance("abc", "abc", 2) == 0
    assert osa_distance("kitten", "sitting", 2) == 3  # past the limit: limit + 1


def test_deletions_are_every_string_a_few_letters_shorter() -> None:
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert "a" in deletions("abc", 2) and "" not in deletions("abc", 2)


def test_a_misspelt_curriculum_word_is_repaired(tuning: Tuning) -> None:
    assert speller(tuning).correct("certifcation exam?") == "certification exam?"
    assert speller(tuning).correct("Kuberentes") == "kubernetes"


def test_long_words_take_two_edits_and_shorter_ones_one(tuning: Tuning) -> None:
    assert speller(tuning).correct("certfcation") == "certification"  # 11 letters, two edits
    assert speller(tuning).correct("depoly") == "deploy"  # 6 letters, one swap
    assert speller(tuning).correct("dpleoy") == "dpleoy"  # 6 letters, two edits: left alone


def test_short_words_and_known_words_are_left_as_written(tuning: Tuning) -> None:
    s = speller(tuning, dictionary={"weather", "deplay"})
    assert s.correct("exma") == "exma"  # shorter than min_length
    assert s.correct("Weather") == "Weather"  # a real word the curriculum lacks still counts against it
    assert s.correct("deplay") == "deplay"
    assert s.correct("Drift") == "Drift"


def test_the_tuning_decides_what_is_repaired(tuning: Tuning) -> None:
    never = SpellingTuning(min_length=50, max_distance=2, long_word_length=8)
    assert Speller(CORPUS, set(), never).correct("certifcation") == "certifcation"


def test_model_words_are_the_whole_lower_case_words_of_a_vocab_file(tmp_path: Path) -> None:
    (tmp_path / "vocab.txt").write_text("[CLS]\nhello\n##ing\nWorld\nprice\n42\n", encoding="utf-8")
    assert model_words(tmp_path) == {"hello", "price"}
    assert model_words(tmp_path / "missing") == set()
