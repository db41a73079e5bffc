"""Another certification as the question's subject is told from a vendor named as a tool."""

from __future__ import annotations

import pytest

from bot.answer.other_certs import names_other_certification, without_held_credentials


@pytest.mark.parametrize(
    "question",
    [
        "Is the PMP exam multiple choice?",
        "How long is the CKA valid?",
        "Is the PMP certified by PMI?",  # a certifying body named: another certification still
        "What's the passing score for the AWS Certified Developer Associate?",
        "Is AZ-104 proctored?",
        "Does the Google Cloud Professional Cloud Architect need renewal?",
        "How hard is CompTIA Linux+?",
        "Is the Certified Kubernetes Security Specialist worth it?",
        "What does the HashiCorp Vault Associate exam cover?",
        "Is the Snowflake Certified SnowPro Core exam hard?",  # the name's own words before "Certified"
        "Is the CKA we need for the platform team hard?",  # "we need" is no verb of having
        "HashiCorp Terraform Associate: how long is it valid?",  # a colon's label is the subject
    ],
)
def test_other_certifications(question: str) -> None:
    assert names_other_certification(question)


@pytest.mark.parametrize(
    "question",
    [
        "Does it cover AWS?",  # a vendor as a tool: the curriculum answers this
        "Is the whole program built around Azure?",
        "Do I need to know Kubernetes for the exam?",
        "How is this different from an AWS certification?",  # compared with this curriculum
        "Should I go for an AWS certificate after this one?",
        "I have an AWS certification, can I skip the foundation level?",  # held: only context
        "I already passed the CKA; which level should I take?",
        "I'm a PMP-certified project manager; is there a level for me?",  # held, as its holder
        "CKA holder here, can I skip the foundation level?",
        "CKA guy here, can I skip the foundation level?",  # a person named by the credential
        "CompTIA Security+ person on the team. Which level suits me?",
        "got the Databricks Certified Data Engineer last spring, which level should I take?",
        "The Azure certs I did were multiple choice. Is the exam here like that?",  # a relative clause of having
        "The CKA that we've passed covers Kubernetes; where does this start?",
        "I have CompTIA Cloud+. Are there prerequisites for the foundation level?",  # one name, held
        "As a FinOps Certified Practitioner: what does the FinOps path focus on?",  # held, as its holder
        "Is the exam proctored?",
        "Is there a community for certified professionals?",
    ],
)
def test_this_curriculum_and_tools_stay_in_scope(question: str) -> None:
    assert not names_other_certification(question)


@pytest.mark.parametrize(
    ("told", "left"),
    [
        ("I've got GCP Associate Cloud Engineer.", "i ve got"),
        (
            "I already did the AWS DevOps Engineer Pro and I lead a team",
            "i already did the and i lead a team",
        ),
        ("I hold the CKA, work as an SRE", "i hold the work as an sre"),
        ("I have CompTIA Cloud+.", "i have"),  # a body's name and its credential's are one name
        ("I've done the Google Associate Cloud Engineer.", "i ve done the"),
    ],
)
def test_the_names_of_credentials_held_are_left_out_of_what_the_learner_told(told: str, left: str) -> None:
    assert without_held_credentials(told) == left


def test_a_vendor_or_credential_not_held_stays_in_what_the_learner_told() -> None:
    told = "I'm a cloud engineer on AWS, studying for the CKA."
    assert without_held_credentials(told) == told
