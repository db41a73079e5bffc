"""Peer 2: a Haystack 2 hybrid pipeline (BM25 + embeddings, reciprocal rank fusion) behind FastAPI."""

from __future__ import annotations

from haystack import Document, Pipeline
from haystack.components.embedders import (
    SentenceTransformersDocumentEmbedder,
    SentenceTransformersTextEmbedder,
)
from haystack.components.joiners import DocumentJoiner
from haystack.components.retrievers.in_memory import InMemoryBM25Retriever, InMemoryEmbeddingRetriever
from haystack.document_stores.in_memory import InMemoryDocumentStore
from haystack.utils import ComponentDevice
from serving import CANDIDATES, Chunk, Hit, Search, model_path, serve


def build(chunks: list[Chunk]) -> Search:
    device = ComponentDevice.from_str("cpu")
    store = InMemoryDocumentStore()
    embedder = SentenceTransformersDocumentEmbedder(
        model=model_path(), device=device, progress_bar=False, local_files_only=True
    )
    embedder.warm_up()
    documents = [Document(id=c.id, content=c.text) for c in chunks]
    store.write_documents(embedder.run(documents=documents)["documents"])

    pipeline = Pipeline()
    pipeline.add_component(
        "text_embedder",
        SentenceTransformersTextEmbedder(
            model=model_path(), device=device, progress_bar=False, local_files_only=True
        ),
    )
    pipeline.add_component("embedding", InMemoryEmbeddingRetriever(document_store=store, top_k=CANDIDATES))
    pipeline.add_component("bm25", InMemoryBM25Retriever(document_store=store, top_k=CANDIDATES))
    pipeline.add_component("joiner", DocumentJoiner(join_mode="reciprocal_rank_fusion"))
    pipeline.connect("text_embedder.embedding", "embedding.query_embedding")
    pipeline.connect("embedding", "joiner")
    pipeline.connect("bm25", "joiner")
    pipeline.warm_up()

    def search(query: str, k: int) -> list[Hit]:
        out = pipeline.run(
            {"text_embedder": {"text": query}, "bm25": {"query": query}, "joiner": {"top_k": k}}
        )
        return [
            Hit(id=d.id, score=float(d.score or 0.0), text=d.content or "")
            for d in out["joiner"]["documents"]
        ]

    return search


if __name__ == "__main__":
    serve(build, "Haystack 2 hybrid pipeline")
