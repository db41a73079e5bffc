"""Peer 3: a LlamaIndex fusion retriever (vector + BM25, reciprocal rerank) behind FastAPI."""

from __future__ import annotations

from llama_index.core import VectorStoreIndex
from llama_index.core.llms import MockLLM
from llama_index.core.retrievers import QueryFusionRetriever
from llama_index.core.schema import TextNode
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.retrievers.bm25 import BM25Retriever
from serving import CANDIDATES, Chunk, Hit, Search, model_path, serve


def build(chunks: list[Chunk]) -> Search:
    nodes = [TextNode(id_=c.id, text=c.text) for c in chunks]
    embed_model = HuggingFaceEmbedding(model_name=model_path(), device="cpu")
    index = VectorStoreIndex(nodes, embed_model=embed_model)
    bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=CANDIDATES)
    texts = {c.id: c.text for c in chunks}
    # One query (no LLM-written rephrasings, so MockLLM is never called), fused by reciprocal rank.
    fusion = QueryFusionRetriever(
        [index.as_retriever(similarity_top_k=CANDIDATES), bm25],
        llm=MockLLM(),
        mode="reciprocal_rerank",
        similarity_top_k=CANDIDATES,
        num_queries=1,
        use_async=False,
    )

    def search(query: str, k: int) -> list[Hit]:
        found = fusion.retrieve(query)[:k]
        return [
            Hit(id=n.node.node_id, score=float(n.score or 0.0), text=texts[n.node.node_id]) for n in found
        ]

    return search


if __name__ == "__main__":
    serve(build, "LlamaIndex fusion retriever")
