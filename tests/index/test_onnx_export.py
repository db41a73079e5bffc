"""The ONNX exports: an int8 file on its own (as the runtime image keeps it) is used without torch, and an
export folder serves as the model."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index.encoder import Encoder, load_encoder
from index.errors import ModelError
from index.model import COPIED, EXPORTED, model_info
from index.onnx_export import ensure_onnx, onnx_dir
from index.vocabulary import english_words


def test_a_cached_int8_export_is_used_without_its_fp32_source(
    encoder: Encoder, cache_dir: Path, tmp_path: Path
) -> None:
    info = model_info(None)
    int8 = ensure_onnx(info, cache_dir, quantized=True)  # the session's export (the encoder made it)
    kept = onnx_dir(info, tmp_path)
    kept.mkdir(parents=True)
    shutil.copy2(int8, kept / int8.name)
    assert ensure_onnx(info, tmp_path, quantized=True) == kept / int8.name
    assert not (kept / "model.onnx").exists()  # nothing was exported again


def test_the_export_folder_is_a_model_folder_of_its_own(
    encoder: Encoder, cache_dir: Path, tmp_path: Path
) -> None:
    """Its int8 file, tokenizer and description encode exactly as the model does, with nothing else."""
    exported = tmp_path / "encoder"
    source = onnx_dir(model_info(None), cache_dir)
    exported.mkdir()
    for name in ("model-int8.onnx", *COPIED, EXPORTED):
        shutil.copy2(source / name, exported / name)
    info = model_info(exported)
    # The same English words as the model's own folder: the speller and the bridge read them.
    assert english_words(exported) == english_words(model_info(None).path) != set()
    alone = load_encoder(info, "onnx-int8", tmp_path / "empty-cache")
    assert alone.model_id == encoder.model_id  # the index built with the model is served with the export
    texts = ["What is the passing score?", "How long is the exam?"]
    assert np.array_equal(alone.encode(texts), encoder.encode(texts))
    assert not (tmp_path / "empty-cache").exists()  # nothing exported, nothing cached
    with pytest.raises(ModelError, match=r"without model\.onnx"):
        ensure_onnx(info, tmp_path / "empty-cache", quantized=False)
