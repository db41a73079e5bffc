"""The vector index: exact below the size threshold, IVF past it, and the tutor on either."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from bot.config import Settings
from bot.runtime import IndexHolder, build_options
from evals.dataset import load_dataset
from index.artifact import load_artifact
from index.encoder import Encoder
from index.vectors import IVF_PROBES, load_index
from ingest.build import build
from ingest.index_type import index_type_for, ivf_lists
from ingest.vectors import build_index, save_index
from tests.conftest import CORPUS, make_settings


def test_the_threshold_picks_the_index_type() -> None:
    assert index_type_for(199, 200) == "flat"
    assert index_type_for(200, 200) == "ivf"


def clustered(count: int, seed: int) -> np.ndarray:
    """Normalised vectors around 50 centres: neighbourhoods like text's, not uniform noise."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((50, 64)).astype(np.float32)
    vectors = centres[rng.integers(0, 50, count)] + 0.3 * rng.standard_normal((count, 64)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_ivf_finds_what_exact_search_finds(tmp_path: Path) -> None:
    data, queries = clustered(20_000, 0), clustered(200, 1)
    ivf = build_index(data, "ivf")
    assert isinstance(ivf, faiss.IndexIVFFlat)
    assert (ivf.nlist, ivf.nprobe, ivf.ntotal) == (ivf_lists(20_000), IVF_PROBES, 20_000)
    _, exact = build_index(data, "flat").search(queries, 10)
    _, found = ivf.search(queries, 10)
    recall = np.mean([len(set(e) & set(f)) / 10 for e, f in zip(exact, found, strict=True)])
    assert recall >= 0.95

    # nprobe is not a build setting: a saved index searches with today's IVF_PROBES.
    ivf.nprobe = 1
    save_index(ivf, tmp_path / "vectors.faiss")
    assert load_index(tmp_path / "vectors.faiss").nprobe == IVF_PROBES


def test_ivf_builds_repeat_exactly() -> None:
    data = clustered(5_000, 2)
    first, second = build_index(data, "ivf"), build_index(data, "ivf")
    assert np.array_equal(faiss.serialize_index(first), faiss.serialize_index(second))


@pytest.fixture(scope="module")
def ivf_live(tmp_path_factory: pytest.TempPathFactory, cache_dir: Path, encoder: Encoder) -> IndexHolder:
    """The real corpus built past a lowered threshold, so that its vectors go into an IVF index."""
    settings = make_settings(
        corpus_dir=CORPUS,
        index_dir=tmp_path_factory.mktemp("ivf-index"),
        cache_dir=cache_dir,
        approximate_index_threshold=100,
    )
    build(build_options(settings), encoder=encoder)
    holder = IndexHolder(settings, encoder=encoder)
    holder.load()
    return holder


def test_the_tutor_answers_the_same_from_an_ivf_index(ivf_live: IndexHolder, holder: IndexHolder) -> None:
    artifact = load_artifact(ivf_live.settings.index_dir)
    assert artifact.manifest.index_type == "ivf"
    assert isinstance(artifact.vectors, faiss.IndexIVFFlat)
    # With fewer lists than probes (a corpus this small), IVF scans every list, so it is exact and
    # every eval question must get the same answer as from the flat index.
    assert artifact.vectors.nlist <= IVF_PROBES
    for case in load_dataset():
        from_ivf, _ = ivf_live.answerer.answer(case.question)
        from_flat, _ = holder.answerer.answer(case.question)
        assert (from_ivf.answer, from_ivf.abstained) == (from_flat.answer, from_flat.abstained), case.id


def blas_threads() -> set[int]:
    """The thread counts of the BLAS libraries numpy has loaded."""
    return {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"}


def test_serving_holds_faiss_and_blas_to_the_configured_threads(
    base_settings: Settings, encoder: Encoder
) -> None:
    before = faiss.omp_get_max_threads()
    assert blas_threads(), "numpy's BLAS is not visible to threadpoolctl"
    with threadpool_limits(None):  # BLAS's threads as they were, restored after
        try:
            IndexHolder(base_settings.model_copy(update={"search_threads": 2}), encoder=encoder).load()
            assert (faiss.omp_get_max_threads(), blas_threads()) == (2, {2})
            IndexHolder(base_settings, encoder=encoder).load()  # the default: one thread a search
            assert (faiss.omp_get_max_threads(), blas_threads()) == (1, {1})
        finally:
            faiss.omp_set_num_threads(before)
