"""Reading the FAISS vector index, with the search settings that are not stored in the file."""

from __future__ import annotations

from pathlib import Path

import faiss

IVF_PROBES = 32  # inverted lists searched per query; bench/README.md has the recall it buys


def load_index(path: Path) -> faiss.Index:
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexIVF):
        index.nprobe = IVF_PROBES  # set here, so a change of IVF_PROBES reaches old builds too
        # Readers reconstruct single vectors (a chunk's topic view, a candidate only BM25 found),
        # which an inverted-file index can do only with its id -> list map built.
        index.make_direct_map()
    return index
