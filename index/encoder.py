"""Sentence embeddings from a local model folder, offline: ONNX Runtime by default, torch as fallback."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt

from index.model import Backend, ModelInfo, model_id
from index.onnx_export import ensure_onnx

# Nothing may reach a model hub: the model is a local folder, always.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger(__name__)

Vectors = npt.NDArray[np.float32]


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    info: ModelInfo
    backend: Backend

    @property
    def model_id(self) -> str:
        """Keys the embedding cache: vectors from different models or backends never mix."""
        ...

    @property
    def dimension(self) -> int: ...

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, progress: Callable[[int], None] | None = None
    ) -> Vectors: ...


class _EncoderBase:
    info: ModelInfo
    backend: Backend
    _dimension: int

    @property
    def model_id(self) -> str:
        return model_id(self.info, self.backend)

    @property
    def dimension(self) -> int:
        return self._dimension

    def encode(
        self, texts: Sequence[str], batch_size: int = 32, progress: Callable[[int], None] | None = None
    ) -> Vectors:
        """Encode in batches of similar length (less padding), returning rows in input order."""
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
            if progress is not None:
                progress(len(idx))
        return out

    def _encode_batch(self, texts: list[str]) -> Vectors:
        raise NotImplementedError


class TorchEncoder(_EncoderBase):
    """sentence-transformers on torch: the reference backend, and the fallback."""

    backend: Backend = "torch"

    def __init__(self, info: ModelInfo, threads: int = 1) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self.info = info
        self._model = SentenceTransformer(str(info.path), device="cpu", local_files_only=True)
        self._dimension = int(self._model.get_embedding_dimension() or len(self._encode_batch(["probe"])[0]))

    def _encode_batch(self, texts: list[str]) -> Vectors:
        vectors = self._model.encode(texts, batch_size=len(texts), normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


class OnnxEncoder(_EncoderBase):
    """The same model exported to ONNX and run by ONNX Runtime, with the same tokenizer and pooling."""

    def __init__(self, info: ModelInfo, onnx_path: Path, backend: Backend, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.info = info
        self.backend = backend
        options = ort.SessionOptions()
        # One request thread, one compute thread: oversubscribing 2 cores with many threads
        # per request made latency erratic under load (bench/README.md).
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(info.path / "tokenizer.json"))
        self._tokenizer.enable_truncation(info.max_seq_length)
        self._tokenizer.enable_padding()
        width = self._session.get_outputs()[0].shape[-1]
        # The exported width is static for sentence-transformers models; probe if it is not.
        self._dimension = width if isinstance(width, int) else len(self._encode_batch(["probe"])[0])

    def _encode_batch(self, texts: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self._session.run(None, feeds)[0]
        if self.info.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        if self.info.normalize:
            pooled = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return np.asarray(pooled, dtype=np.float32)


def load_encoder(info: ModelInfo, backend: Backend, cache_dir: Path, threads: int = 1) -> Encoder:
    """Load the model with the asked backend; ONNX is exported once into the cache, torch is the fallback."""
    if backend != "torch":
        try:
            onnx_path = ensure_onnx(info, cache_dir, quantized=backend == "onnx-int8")
            return OnnxEncoder(info, onnx_path, backend, threads)
        except Exception as exc:  # any export or runtime failure: fall back, loudly
            log.warning("ONNX backend unavailable (%s); falling back to torch", exc)
    return TorchEncoder(info, threads)
