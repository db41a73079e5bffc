"""Typo repair towards the curriculum's words, and only where a word is neither the curriculum's
nor the model's."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.answer.answerer import Answerer
from bot.answer.spelling import Speller, model_words
from bot.answer.tuning import SpellingTuning, Tuning

CORPUS = [
    "Certification exam preparation: deploy drift monitoring with Kubernetes.",
    "Choose a learning path. The exam is multiple choice.",
]


def speller(tuning: Tuning, dictionary: set[str] | None = None) -> Speller:
    return Speller(CORPUS, dictionary or set(), tuning.spelling)


def test_a_misspelt_curriculum_word_is_repaired(tuning: Tuning) -> None:
    assert speller(tuning).correct("certifcation exam?") == "certification exam?"
    assert speller(tuning).correct("Kuberentes") == "kubernetes"


def test_long_words_take_two_edits_and_shorter_ones_one(tuning: Tuning) -> None:
    assert speller(tuning).correct("certfcation") == "certification"  # 11 letters, two edits
    assert speller(tuning).correct("depoly") == "deploy"  # 6 letters, one swap
    assert speller(tuning).correct("dpleoy") == "dpleoy"  # 6 letters, two edits: left alone


def test_very_short_words_are_only_given_a_missing_letter(tuning: Tuning) -> None:
    assert speller(tuning).correct("the sre pth") == "the sre path"
    assert speller(tuning).correct("exm") == "exam"
    assert speller(tuning).correct("eam") == "exam"
    assert speller(tuning).correct("dep") == "dep"  # "deploy" is more than a letter away
    assert speller(tuning).correct("pqth") == "path"  # four letters: one change allowed
    assert speller(tuning).correct("pqh") == "pqh"  # three: a change, not a missing letter
    assert speller(tuning).correct("axam") == "exam"  # four letters: any one edit


def test_capitals_are_names_not_typos(tuning: Tuning) -> None:
    assert speller(tuning).correct("PTH and EXM") == "PTH and EXM"


def test_equally_close_repairs_are_chosen_by_the_neighbouring_word(tuning: Tuning) -> None:
    # "choise" is one edit from both "choice" and "choose"; the curriculum writes "multiple choice".
    assert speller(tuning).correct("multiple choise") == "multiple choice"


def test_a_misspelt_first_word_of_an_ask_is_a_question_word_when_one_is_close(tuning: Tuning) -> None:
    s = Speller([*CORPUS, "with which the exam starts"] * 3, set(), tuning.spelling)
    assert s.candidates("wich")[0] == "with"  # inside a sentence, the commoner word
    assert s.correct("wich path?") == "which path?"
    assert s.correct("The exam. Wich path?") == "The exam. which path?"
    assert s.correct("a path wich exam") == "a path with exam"


def test_known_words_are_left_as_written(tuning: Tuning) -> None:
    s = speller(tuning, dictionary={"weather", "deplay"})
    assert s.correct("Weather") == "Weather"  # a real word the curriculum lacks still counts against it
    assert s.correct("deplay") == "deplay"
    assert s.correct("Drift") == "Drift"


def test_the_tuning_decides_what_is_repaired() -> None:
    never = SpellingTuning(min_length=50, insertion_only_below=4, max_distance=2, long_word_length=8)
    assert Speller(CORPUS, set(), never).correct("certifcation") == "certifcation"


def test_model_words_are_the_whole_lower_case_words_of_a_vocab_file(tmp_path: Path) -> None:
    (tmp_path / "vocab.txt").write_text("[CLS]\nhello\n##ing\nWorld\nprice\n42\n", encoding="utf-8")
    assert model_words(tmp_path) == {"hello", "price"}
    assert model_words(tmp_path / "missing") == set()


@pytest.mark.parametrize(
    ("typo", "repaired"),
    [
        ("who shuold take the profesional exam", "who should take the professional exam"),
        ("what does srescool teach", "what does sreschool teach"),
        ("managment level skils", "management level skills"),
        ("is the exam proctered", "is the exam proctored"),
        ("fundation prerequisits", "foundation prerequisites"),
    ],
)
def test_the_curriculums_vocabulary_headings_and_names(answerer: Answerer, typo: str, repaired: str) -> None:
    assert answerer.reader.speller.correct(typo) == repaired
