"""The tuning file: every weight and margin of the answering core, typed, frozen and commented."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
import yaml

from bot.answer.tuning import TUNING_FILE, Tuning, TuningError, load_tuning


def edited(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(TUNING_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "tuning.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_the_shipped_tuning_loads(tuning: Tuning) -> None:
    assert tuning.retrieval.rrf_k >= 1 and tuning.retrieval.candidates >= 1
    assert tuning.retrieval.entity_weights["level"] == (1.0, -1.0)
    assert tuning.passage.max_sentences <= tuning.passage.whole_section_sentences


def test_tuning_is_frozen(tuning: Tuning) -> None:
    with pytest.raises(pydantic.ValidationError):
        tuning.retrieval.rrf_k = 1  # type: ignore[misc]


def test_every_value_has_a_comment() -> None:
    """Each key comes after a comment, or after a sibling key that shares it: never straight after
    a blank line."""
    previous = ""
    for number, line in enumerate(TUNING_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        is_key = line.startswith("  ") and not line.lstrip().startswith("#") and ":" in line
        if is_key and line.startswith("  ") and not line.startswith("    "):
            assert previous.strip(), f"tuning.yaml:{number}: {line.strip()} has no comment above it"
        previous = line


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["retrieval"].update(rrf_k=0), "retrieval.rrf_k"),
        (lambda d: d["passage"].update(max_sentence=4), "passage.max_sentence"),  # a typo is refused
        (lambda d: d.pop("spelling"), "spelling"),
        (lambda d: d["retrieval"].update(candidates="many"), "retrieval.candidates"),
    ],
)
def test_a_bad_value_stops_start_up_naming_it(tmp_path: Path, change, named: str) -> None:  # type: ignore[no-untyped-def]
    path = edited(tmp_path, change)
    with pytest.raises(TuningError) as info:
        load_tuning(path)
    assert named in str(info.value) and str(path) in str(info.value)


def test_a_missing_or_broken_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(TuningError, match=r"nope\.yaml"):
        load_tuning(tmp_path / "nope.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("retrieval: [unclosed\n", encoding="utf-8")
    with pytest.raises(TuningError, match=r"broken\.yaml"):
        load_tuning(broken)
