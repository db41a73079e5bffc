"""An encoder for tests that need to know what was embedded: the real one, counting."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.encoder import Encoder, Vectors


class CountingEncoder:
    """The real encoder, counting the texts it is asked to embed."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.info, self.backend = inner.info, inner.backend
        self.texts: list[str] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, progress: Callable[[int], None] | None = None
    ) -> Vectors:
        self.texts.extend(texts)
        return self.inner.encode(texts, batch_size, progress)
