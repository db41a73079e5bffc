"""The ONNX cache: an int8 export on its own (as the runtime image keeps it) is used without torch."""

from __future__ import annotations

import shutil
from pathlib import Path

from index.encoder import Encoder
from index.model import model_info
from index.onnx_export import ensure_onnx, onnx_dir


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
