"""The question's embedding, cached: a repeated question (or a word the bridge reads again) skips the model."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock

import numpy as np
import numpy.typing as npt

from index.encoder import Encoder

Vector = npt.NDArray[np.float32]


class QueryVectorCache:
    """An LRU cache of query embeddings: repeated questions skip the model."""

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __init__(self, encoder: Encoder, size: int) -> None:
        self._encoder = encoder
        self._size = size
        self._items: OrderedDict[str, Vector] = OrderedDict()
        self._lock = Lock()

    def __call__(self, text: str) -> Vector:
        with self._lock:
            hit = self._items.get(text)
            if hit is not None:
                self._items.move_to_end(text)
                return hit
        vector: Vector = self._encoder.encode([text])[0]
        vector.setflags(write=False)
        if self._size:
            with self._lock:
                self._items[text] = vector
                if len(self._items) > self._size:
                    self._items.popitem(last=False)
        return vector
