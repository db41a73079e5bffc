"""Peer 1: plain sentence-transformers (torch) + FAISS IndexFlatIP behind FastAPI."""

from __future__ import annotations

import faiss
import numpy as np
from sentence_transformers import SentenceTransformer
from serving import Chunk, Hit, Search, model_path, serve


def build(chunks: list[Chunk]) -> Search:
    model = SentenceTransformer(model_path(), device="cpu")
    vectors = model.encode([c.text for c in chunks], normalize_embeddings=True, convert_to_numpy=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(query: str, k: int) -> list[Hit]:
        q = model.encode([query], normalize_embeddings=True, convert_to_numpy=True)
        scores, ids = index.search(np.ascontiguousarray(q, dtype=np.float32), k)
        return [
            Hit(id=chunks[i].id, score=float(s), text=chunks[i].text)
            for s, i in zip(scores[0], ids[0], strict=True)
            if i >= 0
        ]

    return search


if __name__ == "__main__":
    serve(build, "sentence-transformers + FAISS")
