"""Practice fixtures: the grader on the session's real index and encoder."""

from __future__ import annotations

import pytest

from bot.practice.grading import Grader
from bot.practice.model import load_model
from bot.runtime import IndexHolder


@pytest.fixture(scope="session")
def grader(holder: IndexHolder) -> Grader:
    return Grader(holder.artifact, holder.encoder, load_model())
