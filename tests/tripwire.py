"""A retriever that fails the test when it is used: proof that a reply was decided before retrieval."""

from __future__ import annotations

from typing import Any

from bot.answer.answerer import Answerer
from bot.answer.retrieve import Retriever
from bot.runtime import IndexHolder


class Tripwire(Retriever):
    """The real retriever over the real index, except that embedding a question or searching
    raises, so a test that gets an answer through it proves nothing was retrieved."""

    def __init__(self, real: Retriever) -> None:
        super().__init__(real.artifact, real.encoder, real.tuning)
        self.embed = self.trip  # type: ignore[assignment]

    def trip(self, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a reply reached the model or the index")

    search = trip


class TripwireHolder(IndexHolder):
    """An index holder whose answerer in service answers through a Tripwire, for the surfaces."""

    def __init__(self, real: IndexHolder) -> None:
        super().__init__(real.settings, encoder=real.encoder, config=real.config)
        self._answerer = Answerer(Tripwire(real.answerer.retriever), real.config)

    def load(self) -> Answerer:
        return self.answerer  # never swapped for the real one

    def reload_if_changed(self) -> bool:
        return False
