"""What a question (or a chunk's label) is about: levels, tracks, roles, sections, parts, intent."""

from __future__ import annotations

from bot.answer.entities import Entities, chunk_entities, chunk_label, detect, levels_done
from index.chunk import Chunk

MISTAKES = "level-professional/certified-mlops-manager-professional-level/common-mistakes#0"
SRE_ROW = "roles/role-recommended-certified-mlops-manager-certifications#row-2"


def found(text: str) -> dict[str, list[str]]:
    return detect(text).as_dict()


def test_a_question_names_a_level_and_a_section() -> None:
    assert found("common mistakes at the professional level") == {
        "level": ["professional"],
        "section": ["mistakes"],
    }


def test_the_products_own_name_is_not_the_managerial_level() -> None:
    assert found("Is the Certified MLOps Manager exam proctored?") == {}
    assert found("what is the manager level") == {"level": ["manager"], "section": ["what"]}


def test_the_longest_phrase_wins() -> None:
    assert found("tell me about the sre path") == {"track": ["sre"]}  # the track, not the role
    assert found("I am a security engineer") == {"role": ["security engineer"]}  # not the track
    assert found("I am an SRE") == {"role": ["sre"]}


def test_the_guides_leadership_option_is_a_next_step_not_the_managerial_level() -> None:
    # Every guide's next steps list a "Leadership option:" beside the same-track and cross-track ones.
    assert found("leadership option after the professional level") == {
        "level": ["professional"],
        "section": ["next"],
    }
    assert found("is the leadership level hard?") == {"level": ["manager"]}


def test_contractions_read_as_full_words() -> None:
    assert found("who's it for?") == {"section": ["who"]}


def test_asking_what_a_level_is_names_the_section_and_the_level() -> None:
    assert found("what is the foundation level") == {"level": ["foundation"], "section": ["what"]}


def test_a_recommendation_is_an_intent() -> None:
    assert found("which certification should a data engineer take?")["intent"] == ["recommend"]


def test_entities_merge_over_earlier_ones_and_round_trip() -> None:
    earlier = Entities({"level": frozenset({"foundation"}), "section": frozenset({"skills"})})
    now = detect("and the professional level?")
    merged = now.merged_over(earlier)
    assert merged.as_dict() == {"level": ["professional"], "section": ["skills"]}
    assert Entities.from_dict(merged.as_dict()) == merged
    assert not Entities() and merged
    assert merged.get("role") == frozenset()


def test_a_chunk_owns_its_front_matter_level_and_its_heading(chunks: dict[str, Chunk]) -> None:
    owned = chunk_entities(chunks[MISTAKES]).owned
    assert owned.get("level") == {"professional"}
    assert owned.get("section") == {"mistakes"}


def test_a_chunk_is_of_the_document_its_front_matter_names(chunks: dict[str, Chunk]) -> None:
    assert chunk_entities(chunks[MISTAKES]).owned.get("document") == {"guide"}
    faq = next(c for i, c in chunks.items() if i.startswith("faq-general/"))
    assert chunk_entities(faq).owned.get("document") == {"faq"}


def test_a_document_named_as_a_source() -> None:
    assert detect("I'm not sure the FAQ says so").get("document") == {"faq"}
    assert detect("what is the author's parting advice in the conclusion?").get("document") == {"conclusion"}
    assert detect("the overview says it is for SREs").get("document") == {"overview"}
    assert not detect("give me an overview of the professional level").get("document")


def test_a_training_company_site_or_trainer_is_a_provider() -> None:
    for question in (
        "which training company is best?",
        "which training site?",
        "which trainers teach FinOps?",
    ):
        assert detect(question).get("part") == {"providers"}, question


def test_a_row_is_about_its_cells(chunks: dict[str, Chunk]) -> None:
    row = chunks[SRE_ROW]
    assert "SRE" in chunk_label(row)
    assert chunk_entities(row).owned.get("role") == {"sre"}


def test_a_level_named_by_its_neighbour_on_the_ladder() -> None:
    assert found("who is the stage after foundation for?")["level"] == ["professional"]
    assert found("the one above beginner")["level"] == ["professional"]
    assert found("the exam before the managerial level")["level"] == ["professional"]
    assert found("the tier below the top tier")["level"] == ["professional"]
    assert found("what is the level prior to professional")["level"] == ["foundation"]
    assert found("what's the level right after foundation in the order?")["level"] == ["professional"]
    # Past the top of the ladder, the level named stays.
    assert found("the level after the managerial level")["level"] == ["manager"]


def test_going_straight_to_a_level_names_the_levels_it_skips() -> None:
    assert found("Can I jump straight to professional?")["level"] == ["foundation", "professional"]
    assert found("could we skip to the top tier?")["level"] == ["foundation", "manager", "professional"]
    assert found("or go directly for the managerial level")["level"] == [
        "foundation",
        "manager",
        "professional",
    ]
    # starting a level, or going to it, skips nothing
    assert found("anyone can jump into the middle tier")["level"] == ["professional"]
    assert found("what should I go for after professional?")["level"] == ["professional"]


def test_a_neighbour_needs_a_noun_of_its_own() -> None:
    # Both levels are named; "next step after" asks what follows the level, not for its neighbour.
    assert found("the foundation exam before the professional one")["level"] == ["foundation", "professional"]
    assert found("what is the next step after foundation?")["level"] == ["foundation"]
    assert found("What comes after the foundation level?")["level"] == ["foundation"]


def test_a_level_named_by_a_noun_and_its_number() -> None:
    assert found("tell me about step two")["level"] == ["professional"]
    assert found("level 1 skills")["level"] == ["foundation"]
    assert found("is stage 3 hard?")["level"] == ["manager"]


def test_one_stands_for_the_level_noun_after_a_position_but_not_an_ordinal() -> None:
    assert found("does the entry one teach docker?")["level"] == ["foundation"]
    assert found("is the mid one for me?")["level"] == ["professional"]
    # "the first one" points at an item of a list the tutor just gave.
    assert "level" not in found("tell me more about the first one")


def test_everyday_ways_of_asking_for_a_guide_section() -> None:
    assert found("what does the starter exam prove?")["section"] == ["what"]
    assert found("what's the middle tier about?")["section"] == ["what"]
    assert found("which abilities does the intermediate stage build?")["section"] == ["skills"]
    assert found("any sample assignments for the entry tier?")["section"] == ["projects"]
    assert found("how should I revise for the middle tier?")["section"] == ["plan"]
    assert found("what traps should I watch out for at the entry stage?")["section"] == ["mistakes"]
    assert found("what comes after the intermediate exam?")["section"] == ["next"]
    assert found("After the middle tier, where should I go?")["section"] == ["next"]
    assert found("is the beginner stage for me?")["section"] == ["who"]


def test_after_a_level_alone_is_not_asking_what_comes_next() -> None:
    # Only an ask that opens on what it follows, with a comma, asks for the next step.
    assert "section" not in found("after two months of study what should I have done for the top tier")


def test_a_level_someone_is_done_with_is_told_from_the_levels_named() -> None:
    assert levels_done("After the mid-level exam, which people-leadership cert?") == {"professional"}
    assert levels_done("once someone completes the professional tier, which cert?") == {"professional"}
    assert levels_done("If I finish the Foundation, which certification is next?") == {"foundation"}
    # "the step after beginner" names the level after it, which nobody is done with
    assert levels_done("Which know-how does the step after beginner build?") == frozenset()
    assert levels_done("which leadership cert suits a professional level holder?") == frozenset()
    # the curriculum's own name before a level is read past, as detect reads past it
    assert levels_done("Having completed the Certified MLOps Manager Foundation level, which cert next?") == {
        "foundation"
    }


def test_pro_names_the_professional_level_before_a_level_noun_only() -> None:
    assert found("is the pro exam proctored?")["level"] == ["professional"]
    assert found("the pro one")["level"] == ["professional"]
    assert "level" not in found("which track is for Security Pros?")
    assert found("pros and cons of the exam") == {}


def test_asking_for_a_recommendation_for_someone_else_asks_for_one() -> None:
    assert found("my daughter is a cloud engineer, what is right for her?")["intent"] == ["recommend"]
    assert found("which cert should she take?")["intent"] == ["recommend"]
    assert "intent" not in found("my daughter is a cloud engineer; is the exam proctored?")
