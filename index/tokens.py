"""Token counts with the embedding model's own tokenizer: what OpenAI-compatible clients read as usage."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tokenizers import Tokenizer

from index.model import ModelInfo


@lru_cache(maxsize=4)
def _tokenizer(folder: Path) -> Tokenizer:
    # Loaded once per model folder. The file may carry the model's padding (to 128) and truncation: off,
    # so that a text counts its own tokens, all of them.
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def count_tokens(info: ModelInfo, text: str) -> int:
    """The number of tokens the model's tokenizer makes of `text`, without its special tokens."""
    return len(_tokenizer(info.path).encode(text, add_special_tokens=False).ids) if text else 0
