"""Export the sentence-transformers model to ONNX once, offline, and cache it by model fingerprint.

sentence-transformers' own `backend="onnx"` needs optimum-onnx, whose releases pin transformers
below 5 while sentence-transformers 6 needs 5 or newer, so the export is done here with torch's
exporter, and inference runs on ONNX Runtime directly (see index/encoder.py).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from index.errors import ModelError
from index.model import EXPORTED, ModelInfo, write_exported

log = logging.getLogger(__name__)
OPSET = 17


def onnx_dir(info: ModelInfo, cache_dir: Path) -> Path:
    """The folder of one model's exports: the cache's, or the model's own when it is an export folder."""
    if (info.path / EXPORTED).is_file():
        return info.path
    return cache_dir / "onnx" / f"{info.path.name}-{info.fingerprint}"


def ensure_onnx(info: ModelInfo, cache_dir: Path, quantized: bool = False) -> Path:
    """Path of the (optionally int8-quantized) ONNX file, exporting it first if it is not cached.

    The export folder is made a model folder of its own (index/model.py): the runtime image encodes
    with it alone, and keeps only the int8 file, so that file is used without its fp32 source."""
    folder = onnx_dir(info, cache_dir)
    fp32 = folder / "model.onnx"
    int8 = folder / "model-int8.onnx"
    if not (int8.is_file() if quantized else fp32.is_file()) and folder == info.path:
        raise ModelError(
            f"an exported encoder folder without {(int8 if quantized else fp32).name}: "
            "TUTOR_ENCODER_BACKEND must name a backend whose file it holds",
            folder,
        )
    if not (quantized and int8.is_file()):
        if not fp32.is_file():
            _atomic_write(fp32, lambda tmp: _export(info, tmp))
        if quantized:
            _atomic_write(int8, lambda tmp: _quantize(fp32, tmp))
    write_exported(info, folder)
    return int8 if quantized else fp32


def _atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    # Write beside the target and rename, so a crash never leaves a truncated model in the cache.
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        out = Path(tmp) / target.name
        write(out)
        shutil.move(out, target)
    log.info("cached %s", target)


def _export(info: ModelInfo, out: Path) -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # no loading bar in the CLI

    tokenizer = AutoTokenizer.from_pretrained(str(info.path), local_files_only=True)
    model = AutoModel.from_pretrained(str(info.path), local_files_only=True).eval()
    sample = tokenizer(["an example sentence"], return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]

    class LastHidden(torch.nn.Module):
        """Exposes only the token embeddings; pooling happens in numpy, as sentence-transformers does."""

        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state  # type: ignore[no-any-return]

    axes = {n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]}
    with warnings.catch_warnings(), torch.no_grad():
        # The tracer warns about shape checks that are constant for an encoder-only model.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHidden(model),
            tuple(sample[n] for n in names),
            str(out),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def _quantize(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # onnxruntime logs a pre-processing hint through the root logger; it does not apply here.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
