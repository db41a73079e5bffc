"""Every answer plan end to end through POST /chat (the real app on the real index), and the
labelled blocks on /chat/stream and /v1/chat/completions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.answer.cite import NOT_COVERED_PART


def chat(client: TestClient, message: str) -> dict[str, Any]:
    r = client.post("/chat", json={"message": message})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert body["abstained"] is False, body["answer"]
    return body


def labels(body: dict[str, Any]) -> list[str | None]:
    return [s["label"] for s in body["sections"]]


def cited(body: dict[str, Any]) -> list[str]:
    return [c["id"] for c in body["citations"]]


def test_name_plan(client: TestClient) -> None:
    body = chat(client, "Which provider teaches error budgets for ML models?")
    assert body["plan"] == "name" and labels(body) == ["sreschool.com"]
    assert body["answer"].startswith("**sreschool.com**\n")


def test_parts_plan_with_a_part_not_covered(client: TestClient) -> None:
    body = chat(client, "How much does the exam cost in euros, and is the exam proctored?")
    assert body["plan"] == "parts"
    first, second = body["sections"]
    assert first == {
        "label": "How much does the exam cost in euros",
        "source": "asked",
        "covered": False,
        "sentences": [],
    }
    assert second["covered"] and second["sentences"] == [0]
    assert body["answer"].startswith(NOT_COVERED_PART.format(asked=first["label"]))
    assert cited(body) == ["faq-general/frequently-asked-questions-general/is-the-exam-proctored#0"]


def test_compare_plan(client: TestClient) -> None:
    body = chat(client, "DevSecOps path vs FinOps path")
    assert body["plan"] == "compare" and labels(body) == ["DevSecOps Path", "FinOps Path"]
    assert [i.split("/")[-1] for i in cited(body)] == ["devsecops-path#0", "finops-path#0"]
    assert "**DevSecOps Path**" in body["answer"] and "**FinOps Path**" in body["answer"]


def test_list_plan(client: TestClient) -> None:
    body = chat(client, "Name all the providers")
    assert body["plan"] == "list" and len(body["sections"]) == len(cited(body)) == 9
    assert all(s["source"] == "heading" and s["label"] for s in body["sections"])


def test_table_plan(client: TestClient) -> None:
    body = chat(client, "Which track is last in the recommended order?")
    assert body["plan"] == "table"
    (citation,) = body["citations"]
    assert citation["id"].endswith("#row-5") and "recommended order: 5" in body["answer"]


def test_table_plan_for_a_row_named_by_its_position_in_a_chart(client: TestClient) -> None:
    # "chart" is a noun for the table; "row four" its fourth row in the table's own order.
    body = chat(client, "in the chart, what are the prerequisites of row four?")
    assert body["plan"] == "table"
    (citation,) = body["citations"]
    assert citation["id"].endswith("table#row-4") and "recommended order: 4" in body["answer"]


def test_concise_plan(client: TestClient) -> None:
    body = chat(client, "Does DevOpsSchool have labs?")
    assert body["plan"] == "concise" and labels(body) == ["DevOpsSchool"]
    assert body["sections"][0]["sentences"] == [0]  # one sentence of the five, not the paragraph
    (citation,) = body["citations"]
    label, sentence = body["answer"].split("\n")
    assert label == "**DevOpsSchool**" and sentence.endswith(" [1]") and "lab environments" in sentence
    assert sentence.removesuffix(" [1]") in citation["quote"]


def test_passage_plan_stays_plain(client: TestClient) -> None:
    body = chat(client, "Is the exam proctored?")
    assert body["plan"] == "passage" and labels(body) == [None] and "**" not in body["answer"]


@pytest.mark.parametrize("message", ["DevSecOps path vs FinOps path"])
def test_the_stream_carries_the_labels_and_the_sections(client: TestClient, message: str) -> None:
    with client.stream("POST", "/chat/stream", json={"message": message}) as r:
        events = [
            (
                block.split("\n")[0].removeprefix("event: "),
                json.loads(block.split("\n")[1].removeprefix("data: ")),
            )
            for block in r.read().decode().strip().split("\n\n")
        ]
    text = "".join(data["text"] for name, data in events if name == "delta")
    done = next(data for name, data in events if name == "done")
    assert text == chat(client, message)["answer"]
    assert done["plan"] == "compare" and [s["label"] for s in done["sections"]] == [
        "DevSecOps Path",
        "FinOps Path",
    ]


def test_openai_content_is_markdown_with_the_labels(client: TestClient) -> None:
    r = client.post(
        "/v1/chat/completions", json={"messages": [{"role": "user", "content": "SRE path vs AIOps path"}]}
    )
    body = r.json()
    content = body["choices"][0]["message"]["content"]
    assert content.startswith("**SRE Path**\n") and "\n\n**AIOps Path**\n" in content
    assert body["tutor"]["plan"] == "compare" and len(body["tutor"]["sections"]) == 2
