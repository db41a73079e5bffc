"""Is the published index stale relative to corpus/, the model or the chunking settings?"""

from __future__ import annotations

from index.artifact import read_manifest
from index.keywords import vocabulary_fingerprint
from index.manifest import FORMAT_VERSION
from index.model import model_id, model_info
from ingest.adapter import fingerprint
from ingest.build import BuildOptions
from ingest.corpus import corpus_files, file_sha256
from ingest.items.rules import load_rules


def stale_reasons(options: BuildOptions) -> list[str]:
    """Why the index must be rebuilt; an empty list means it is current."""
    manifest = read_manifest(options.index_dir)
    if manifest is None:
        return [f"no index at {options.index_dir}/"]
    reasons = []
    if manifest.format_version != FORMAT_VERSION:
        reasons.append(f"index format {manifest.format_version} is not {FORMAT_VERSION}")
    root = options.corpus_dir
    current = {p.relative_to(root).as_posix(): file_sha256(p.read_bytes()) for p in corpus_files(root)}
    for path in sorted(current.keys() - manifest.files.keys()):
        reasons.append(f"{root / path} was added")
    for path in sorted(manifest.files.keys() - current.keys()):
        reasons.append(f"{root / path} was removed")
    for path in sorted(current.keys() & manifest.files.keys()):
        if current[path] != manifest.files[path]:
            reasons.append(f"{root / path} changed")
    expected = model_id(model_info(options.model_path), options.backend)
    if manifest.model.id != expected:
        reasons.append(f"embedding model changed: index has {manifest.model.id}, settings ask for {expected}")
    if manifest.chunking != options.chunking:
        reasons.append(
            f"chunking settings changed: index has {manifest.chunking}, settings ask for {options.chunking}"
        )
    if manifest.adapter_source != fingerprint(options.adapter_questions, options.adapter_fit):
        reasons.append("the questions the query adapter is fitted on changed (Settings.adapter_questions)")
    if manifest.vocabulary != vocabulary_fingerprint():
        reasons.append("the learners' spellings the keywords are mapped with changed (index/vocabulary.yaml)")
    if manifest.item_rules != load_rules().fingerprint:
        reasons.append("the rules that derive practice items changed (ingest/items/)")
    return reasons
