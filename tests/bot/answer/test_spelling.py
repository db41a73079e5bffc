"""Typo repair towards the curriculum's words, and only where a word is neither the curriculum's
nor the model's."""

from __future__ import annotations

import pytest

from bot.answer.answerer import Answerer
from bot.answer.spelling import Speller
from bot.answer.tuning import Tuning

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


def test_a_plural_is_repaired_only_to_a_plural(answerer: Answerer) -> None:
    # A plural's "s" is an ending, not a typo: "grads" (graduates) is no "grade" (then read as "score").
    spell = answerer.reader.speller
    assert spell.correct("is there a network of past grads?") == "is there a network of past grads?"
    assert spell.correct("certifcations") == "certifications"  # a misspelt plural is still repaired
    assert spell.correct("whats the pass mark") == "what the pass mark"  # no plural of a function word


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


def test_the_tuning_decides_what_is_repaired(tuning: Tuning) -> None:
    never = tuning.spelling.model_copy(update={"min_length": 50})
    assert Speller(CORPUS, set(), never).correct("certifcation") == "certifcation"
    assert Speller(CORPUS, set(), never).correct("lvl") == "lvl"


LEVELS = [
    "The professional level builds on the foundation level. Choose a learning path and plan.",
    "A manager at the management level leads engineers on the leadership track.",
    "Each level has an exam; the level you choose sets your plan. The engineer works on a pipeline.",
]


@pytest.mark.parametrize(
    ("short", "word"),
    [
        ("lvl", "level"),  # the consonant skeleton
        ("pln", "plan"),  # wholly spelt: "plan", not the "pipeline" it is also a subsequence of
        ("mngr", "manager"),
        ("mngmt", "management"),  # five of the skeleton's six letters
        ("ldrship", "leadership"),  # vowels kept here and there
        ("trak", "track"),
        ("engr", "engineer"),
        ("foun", "foundation"),  # a truncation of four letters
        ("profes", "professional"),
        ("engrs", "engineers"),  # a plural short form reads the plural…
        ("lvls", "levels"),  # …as a plural, whether or not the curriculum writes it
        ("shld", "should"),  # a function word the curriculum never writes
    ],
)
def test_a_short_form_is_read_as_the_curriculum_word_it_shortens(
    tuning: Tuning, short: str, word: str
) -> None:
    assert Speller(LEVELS, set(), tuning.spelling).correct(short) == word


def test_short_forms_leave_real_words_short_ones_and_listed_ones_alone(tuning: Tuning) -> None:
    s = Speller(LEVELS, {"price", "prof", "lead"}, tuning.spelling)
    assert s.correct("price prof lead") == "price prof lead"  # dictionary words, however short
    assert s.correct("level plan") == "level plan"  # the curriculum's own
    assert s.correct("pro") == "pro"  # a truncation of three letters starts too many words
    assert s.correct("mana") == "mana"  # nor is one that ends in a vowel ("desi" is a word)
    assert s.correct("lv") == "lv"  # a skeleton of two letters fits too many
    assert s.correct("pls") == "pls"  # three of "pipeline"'s four: not enough of the word
    assert s.correct("reqs mgr") == "reqs mgr"  # vocabulary.yaml spells them out, on both sides


def test_an_ambiguous_short_form_stays_as_written(tuning: Tuning) -> None:
    # "mtr" is the skeleton of "meter" and of "motor", each used once: neither is clearly meant.
    s = Speller(["A meter and a motor."], set(), tuning.spelling)
    assert s.short_forms.expand("mtr") is None
    assert s.correct("mtr") == "mtr"
    commoner = Speller(["A meter and a motor.", "Another meter."], set(), tuning.spelling)
    assert commoner.correct("mtr") == "meter"  # used twice as often
    assert commoner.correct("mtrs") == "meters"


def test_a_typo_cheaper_in_edits_than_a_short_form_comes_first(tuning: Tuning) -> None:
    s = Speller(["The pros and cons of models in production."], set(), tuning.spelling)
    # "prod" is one letter from "pros" but six short of "production"…
    assert s.candidates("prod") == ("pros", "production")
    assert s.correct("prod") == "pros"
    # …which the neighbouring word still chooses, as for any equally good repair.
    assert s.correct("models in prod") == "models in production"
    # "wich" is as close to "with" as to the "which" it is also a short form of: the typo
    # repair's order stands.
    assert Speller(["with which it starts", "with"], set(), tuning.spelling).candidates("wich") == (
        "with",
        "which",
    )


def test_the_plural_of_a_real_word_is_not_a_short_form(tuning: Tuning) -> None:
    s = Speller(["Tutorials on executive leadership."], {"tutor"}, tuning.spelling)
    assert s.correct("tutors") == "tutors"
    assert s.correct("execs") == "executives"  # "exec" is no word: a short form's plural


@pytest.mark.parametrize(
    ("typo", "repaired"),
    [
        ("who shuold take the profesional exam", "who should take the professional exam"),
        ("what does srescool teach", "what does sreschool teach"),
        ("managment level skils", "management level skills"),
        ("is the exam proctered", "is the exam proctored"),
        ("fundation prerequisits", "foundation prerequisites"),
        ("who shld take the professional lvl", "who should take the professional level"),
        ("whats the ldrship trak after mgr lvl", "what the leadership track after mgr level"),
    ],
)
def test_the_curriculums_vocabulary_headings_and_names(answerer: Answerer, typo: str, repaired: str) -> None:
    assert answerer.reader.speller.correct(typo) == repaired


def test_a_regular_form_of_a_known_word_is_no_typo(tuning: Tuning) -> None:
    # The dictionary holds "invented" and "scan", not "inventing" or "scanning": both are English.
    words = Speller(
        ["We are investing in scanning and training."], {"invented", "scan", "train"}, tuning.spelling
    )
    assert words.correct("inventing") == "inventing"
    assert words.correct("scanning") == "scanning"


@pytest.mark.parametrize(
    ("typo", "repair"),
    [
        ("scaning", "scanning"),  # "scan" doubles its n before -ing
        ("trainning", "training"),  # "train" does not
        ("investting", "investing"),  # nor does a long stem unknown to the dictionary
    ],
)
def test_a_misspelt_form_is_still_repaired(tuning: Tuning, typo: str, repair: str) -> None:
    words = Speller(
        ["We are investing in scanning and training."], {"invented", "scan", "train"}, tuning.spelling
    )
    assert words.correct(typo) == repair
