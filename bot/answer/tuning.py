"""The answering core's tuning: every weight, margin and small constant, read once from tuning.yaml.

One frozen Tuning object is loaded at start-up and passed down to the retriever, the speller,
and the answer plans; tuning.yaml says what each value does and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from index import yaml_files

TUNING_FILE = Path(__file__).parent / "tuning.yaml"


class TuningError(ValueError):
    """A tuning or calibration file that cannot be used; the message names the file and the value."""


class Frozen(BaseModel):
    """A typed, immutable record read from YAML: unknown keys are refused, not ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RetrievalTuning(Frozen):
    rrf_k: int = Field(ge=1)
    dense_weight: float = Field(ge=0)
    bm25_weight: float = Field(ge=0)
    plain_dense_weight: float = Field(ge=0)
    example_neighbours: int = Field(ge=1, le=50)
    candidates: int = Field(ge=1, le=1000)
    entity_boost: float = Field(ge=0)
    entity_weights: dict[str, tuple[float, float]]  # entity type -> (match, mismatch)
    mention_share: float = Field(ge=0, le=1)
    context_role_share: float = Field(ge=0, le=1)
    experience_weights: tuple[float, float]  # (years in the passage's range, years outside it)
    phrase_passages: int = Field(ge=1)
    phrase_weight: float = Field(ge=0)
    answer_type_weight: float = Field(ge=0)
    feedback_passages: int = Field(ge=1)
    feedback_terms: int = Field(ge=1)
    feedback_weight: float = Field(ge=0, le=1)
    feedback_gate: float = Field(ge=0)


class AnswerTuning(Frozen):
    suggestions: int = Field(ge=1)
    trace_depth: int = Field(ge=1)


class PassageTuning(Frozen):
    max_sentences: int = Field(ge=1)
    sentence_margin: float = Field(ge=0)
    first_sentence_bonus: float = Field(ge=0)
    lexical_weight: float = Field(ge=0)
    whole_section_sentences: int = Field(ge=1)
    whole_section_extra_words: int = Field(ge=0)


class PlanTuning(Frozen):
    group_depth: int = Field(ge=1)
    table_depth: int = Field(ge=1)
    subject_depth: int = Field(ge=1)
    list_sentences: int = Field(ge=1)
    part_sentences: int = Field(ge=1)
    concise_sentences: int = Field(ge=1)
    concise_margin: float = Field(ge=0)
    max_blocks: int = Field(ge=2)
    document_margin: float = Field(ge=0)


class ShortFormTuning(Frozen):
    min_skeleton: int = Field(ge=1)
    min_share: float = Field(gt=0, le=1)
    min_prefix: int = Field(ge=1)
    min_lead: float = Field(ge=1)


class SpellingTuning(Frozen):
    min_length: int = Field(ge=1)
    insertion_only_below: int = Field(ge=1)
    max_distance: int = Field(ge=1, le=3)
    long_word_length: int = Field(ge=1)
    short_forms: ShortFormTuning


class BridgeTuning(Frozen):
    min_cosine: float = Field(gt=0, le=1)


class LanguageTuning(Frozen):
    non_latin_share: float = Field(gt=0, le=1)
    min_words: int = Field(ge=1)
    max_english_function_share: float = Field(ge=0, le=1)
    max_english_confidence: float = Field(ge=0, le=1)


class ConfidenceTuning(Frozen):
    l2: float = Field(ge=0)


class GapTuning(Frozen):
    """The curriculum-gap report (bot/gaps.py): how questions are grouped into topics and how much it shows."""

    similarity: float = Field(gt=0, lt=1)
    days: int = Field(ge=1, le=3660)
    max_turns: int = Field(ge=1)
    examples: int = Field(ge=1)
    reasons: int = Field(ge=1)


class Tuning(Frozen):
    """The whole of tuning.yaml."""

    retrieval: RetrievalTuning
    answer: AnswerTuning
    passage: PassageTuning
    plans: PlanTuning
    spelling: SpellingTuning
    bridge: BridgeTuning
    language: LanguageTuning
    confidence: ConfidenceTuning
    gaps: GapTuning


def read_yaml(path: Path) -> Any:
    """A YAML data file, or TuningError naming the file."""
    try:
        return yaml_files.read_yaml(path)
    except (OSError, yaml.YAMLError) as exc:
        raise TuningError(f"{path}: {exc}") from None


T = TypeVar("T", bound=Frozen)


def validated(model: type[T], data: Any, path: Path) -> T:
    """`data` as a `model`, or TuningError naming the file and every bad value."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise TuningError(f"{path}: {problems}") from None


def load_tuning(path: Path = TUNING_FILE) -> Tuning:
    """Read and check the tuning file."""
    return validated(Tuning, read_yaml(path), path)
