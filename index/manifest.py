"""The manifest: what an index was built from, so readers can trust it and staleness can be judged."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field

# 2: practice items (items.jsonl, items.npy); 3: the vocabulary (words.json, words.npy); 4: the query
# adapter (adapter.npy); 5: the example bank (examples.npz); 6: the example bank's words; 7: each English
# word's nearest curriculum word (neighbours.npz)
FORMAT_VERSION = 7


class ModelSummary(BaseModel):
    name: str
    id: str  # name@fingerprint:backend: the identity of the vectors
    dimension: int
    backend: str


class Manifest(BaseModel):
    format_version: int = FORMAT_VERSION
    build_id: str
    built_at: datetime
    model: ModelSummary
    corpus_hash: str
    # The newest modification time among the corpus's files and folders when it was read: a build from an
    # older snapshot never replaces a newer one (ingest/build.py). None in builds from before it was kept.
    corpus_snapshot_at: datetime | None = None
    files: dict[str, str]  # corpus-relative path -> sha256
    chunking: dict[str, int]  # settings that move chunk boundaries
    chunks: int
    chunks_by_kind: dict[str, int]
    views: int  # vectors in the FAISS index (a chunk may have more than one view)
    index_type: str
    items: int = 0  # practice items (index/practice.py)
    items_by_kind: dict[str, int] = Field(default_factory=dict)
    item_rules: str = ""  # fingerprint of the rules and generator that derived the items
    vocabulary: str = ""  # fingerprint of the learners' spellings the keywords were mapped with
    words: int = 0  # the curriculum's content words with a vector each (index/vocabulary.py)
    neighbours: int = 0  # English words the curriculum lacks, each with its nearest curriculum word
    adapter_questions: int = 0  # example questions the query adapter was fitted on (index/adapter.py)
    adapter_source: str = ""  # fingerprint of the question files and fit settings (ingest/adapter.py)
    examples: int = 0  # rows of the example bank (index/examples.py): example questions by passage
    outside_examples: int = 0  # its out-of-scope example questions
    libraries: dict[str, str] = Field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        """The short form that /readyz and `tutor ingest` show."""
        return {
            "build_id": self.build_id,
            "chunks": self.chunks,
            "model": self.model.name,
            "backend": self.model.backend,
            "built_at": self.built_at.isoformat(),
            "corpus_hash": self.corpus_hash,
        }

    def write(self, path: Path) -> None:
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))


def corpus_hash(files: dict[str, str]) -> str:
    """One hash for the whole corpus, independent of file order."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path}\0{files[path]}\n".encode())
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of the libraries that wrote the index files."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in (
        "markdown-it-py",
        "faiss-cpu",
        "bm25s",
        "numpy",
        "onnxruntime",
        "sentence-transformers",
        "torch",
    ):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    import platform

    found["python"] = platform.python_version()
    return found
