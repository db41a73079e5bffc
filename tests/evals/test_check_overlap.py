"""The blind everyday tuning set holds to its overlap rule, and the checker catches a breach."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.check_overlap import DEFAULT_SET, check
from index.artifact import CURRENT, read_chunks

FAQ = "faq-general/frequently-asked-questions-general/does-the-certification-expire"


@pytest.mark.parametrize(
    ("path", "size"),
    [(DEFAULT_SET, 200), (Path("evals/tuning_coverage.yaml"), 390), (Path("evals/dev_voices.yaml"), 480)],
)
def test_every_question_of_the_blind_sets_shares_at_most_one_word(
    corpus_index: Path, path: Path, size: int
) -> None:
    verdicts = check(path, read_chunks((corpus_index / CURRENT).resolve()))
    assert len(verdicts) >= size
    assert [v for v in verdicts if v.problems] == []


def test_a_question_in_the_passage_s_own_words_is_a_breach(corpus_index: Path, tmp_path: Path) -> None:
    breach = tmp_path / "set.yaml"
    breach.write_text(
        "in_scope:\n"
        f'  - {{q: "Does the certification expire?", expected: "{FAQ}"}}   # shared: none\n'
        '  - {q: "Anything?", expected: "no/such/passage"}   # shared: none\n',
        encoding="utf-8",
    )
    first, second = check(breach, read_chunks((corpus_index / CURRENT).resolve()))
    assert any("shares 2 words" in p for p in first.problems)
    assert any("records" in p for p in first.problems)  # the comment says none
    assert second.problems == ("no chunk id starts with 'no/such/passage'",)
