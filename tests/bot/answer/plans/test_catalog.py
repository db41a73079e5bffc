"""The catalog: labels, groups and tables read from the corpus's own headings, cells and front matter."""

from __future__ import annotations

from bot.answer.answerer import Answerer
from bot.answer.plans.catalog import Catalog, leans_back, plural_words, shared_words
from index.chunk import Chunk
from index.keywords import tokenize

TRACKS = "tracks-and-levels/certified-mlops-manager-certification-tracks-levels/complete-certified-mlops-manager-certification-table#row-"
ROLES = "roles/role-recommended-certified-mlops-manager-certifications#row-"
SRE_SCHOOL = "providers/training-certification-support-providers-for-certified-mlops-manager/sreschool-com#0"
MLOPS_PATH = "learning-paths/choose-your-learning-path/mlops-path#0"


def catalog(answerer: Answerer) -> Catalog:
    return answerer.planner.catalog


def test_labels_are_the_corpus_own_words(answerer: Answerer, chunks: dict[str, Chunk]) -> None:
    cat = catalog(answerer)
    faq = next(c for c in chunks.values() if c.kind == "faq")
    row = chunks[f"{ROLES}2"]
    assert cat.label(faq) == faq.question
    assert row.cells is not None and cat.label(row) == row.cells["Role"]
    assert cat.label(chunks[SRE_SCHOOL]) == "sreschool.com"  # a heading only one passage has
    skills = next(c for i, c in chunks.items() if i.startswith("level-foundation/") and "skills" in i)
    # a heading three guides share is told apart by its document's title
    assert cat.label(skills) == f"{skills.breadcrumb[0]} › {skills.breadcrumb[-1]}"


def test_sibling_parallel_and_table_groups(answerer: Answerer, chunks: dict[str, Chunk]) -> None:
    cat = catalog(answerer)
    ids = [c.id for c in cat.chunks]
    paths = [g for g in cat.groups if ids[g.members[0]].startswith("learning-paths/")]
    assert len(paths) == 1 and len(paths[0].members) == sum(i.startswith("learning-paths/") for i in chunks)
    assert "path" in paths[0].words  # every path's heading says "Path"
    mistakes = [g for g in cat.groups if all(ids[m].endswith("/common-mistakes#0") for m in g.members)]
    assert len(mistakes) == 1 and len(mistakes[0].members) == 3  # one heading in three guides
    tables = [g.table for g in cat.groups if g.table is not None]
    assert len(tables) == 2
    assert not (
        {"certif", "mlops"} & set().union(*(g.words for g in cat.groups))
    )  # the whole curriculum's words


def test_the_order_column_is_the_one_whose_cells_are_all_numbers(answerer: Answerer) -> None:
    cat = catalog(answerer)
    by_first = {cat.chunks[g.members[0]].id: g.table for g in cat.groups if g.table is not None}
    tracks = by_first[f"{TRACKS}1"]
    roles = by_first[f"{ROLES}1"]
    assert tracks is not None and roles is not None
    assert tracks.order == "Recommended Order" and roles.order is None
    ordered = tracks.ordered(cat.chunks)
    numbers = [int((cat.chunks[r].cells or {})["Recommended Order"]) for r in ordered]
    assert numbers == sorted(numbers)
    assert roles.ordered(cat.chunks) == list(roles.rows)  # no order column: the table's own order


def test_cell_words_tell_a_cell_apart_from_its_column(answerer: Answerer) -> None:
    cat = catalog(answerer)
    roles = next(g.table for g in cat.groups if g.table is not None and g.table.order is None)
    assert roles is not None
    words = cat.cell_words(roles)
    first = words[roles.rows[0]]["Recommended Certifications"]
    assert "certif" not in first and first  # "Certified MLOps Manager – …" is shared by every row


def test_names_itself(answerer: Answerer, chunks: dict[str, Chunk]) -> None:
    cat = catalog(answerer)
    school, path = chunks[SRE_SCHOOL], chunks[MLOPS_PATH]
    assert not cat.names_itself(school, school.sentences[:1])  # "…this school focuses on…"
    assert cat.names_itself(path, path.sentences[:1])  # "The pure MLOps path is…"
    assert not cat.names_itself(path, path.sentences[1:2])  # "It covers everything…"


def test_subject_headings_say_what_a_passage_is_about(answerer: Answerer, chunks: dict[str, Chunk]) -> None:
    cat = catalog(answerer)
    path = chunks[MLOPS_PATH]
    assert cat.subject_headings(path) == tuple(path.breadcrumb)  # "MLOps Path" names it alone
    skills = next(c for i, c in chunks.items() if i.startswith("level-managerial/") and "skills" in i)
    assert cat.subject_headings(skills) == tuple(skills.breadcrumb[:-1])  # not "Skills you'll gain"


def test_small_helpers() -> None:
    assert plural_words("Training & Certification Support Providers") == {"provid"}
    assert plural_words("Certification Tracks & Levels") == {"track", "level"}
    assert shared_words(["DevOps Path", "SRE Path"]) == {"path"}
    assert leans_back("They ensure…") and not leans_back("Theirs")


def test_own_words_tell_a_group_member_apart_from_the_others(
    answerer: Answerer, chunks: dict[str, Chunk]
) -> None:
    cat = catalog(answerer)
    ids = [c.id for c in cat.chunks]
    (mistakes,) = [g for g in cat.groups if all(ids[m].endswith("/common-mistakes#0") for m in g.members)]
    own = cat.own_words(mistakes)
    # each guide's section by its level's word, none by the heading all three share
    assert all(len(words) == 1 for words in own) and len(set().union(*own)) == 3
    assert not set().union(*own) & set(tokenize("Common mistakes"))
    (school,) = [g for g in cat.groups if SRE_SCHOOL in [ids[m] for m in g.members]]
    own_school = cat.own_words(school)[[ids[m] for m in school.members].index(SRE_SCHOOL)]
    assert "sreschool" in own_school and not own_school & school.words  # its name, not "provider"


def test_a_passage_names_a_thing_of_a_kind_by_a_name_before_the_kinds_noun(
    answerer: Answerer, chunks: dict[str, Chunk]
) -> None:
    cat = catalog(answerer)
    faq = chunks[
        "faq-program/faqs-on-certified-mlops-manager/can-i-move-from-data-engineering-to-mlops-using-this-guide#0"
    ]
    assert cat.names_one_of_kind(faq, set(tokenize("track")))  # "the DataOps track provides a perfect bridge"
    assert not cat.names_one_of_kind(faq, set(tokenize("provider")))
    assert not cat.names_one_of_kind(chunks[SRE_SCHOOL], set(tokenize("track")))
