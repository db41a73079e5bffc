"""Tutor mode over HTTP, on the real app and index: the contracts of /practice/next, /practice/answer,
/learners/{id}/progress and /plan, and their refusals."""

from __future__ import annotations

from fastapi.testclient import TestClient

LEARNER = "web:test-learner-1"


def some_answer(item: dict) -> str | list[str]:
    """An answer the item accepts: a choice, the entries in the order shown, or a few words."""
    if item["kind"] == "order":
        return list(item["choices"])
    return item["choices"][0] if item["choices"] else "I am not sure"


def next_item(client: TestClient, **body: object) -> dict:
    response = client.post("/practice/next", json={"learner_id": LEARNER, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_learner_goes_from_a_first_item_to_progress(client: TestClient) -> None:
    served = next_item(client, level="Foundation")
    assert served["status"] == "new" and served["level"] == "foundation"
    item = served["item"]
    assert item["level"] == "foundation" and item["level_name"] == "Foundation"
    response = client.post(
        "/practice/answer", json={"learner_id": LEARNER, "item_id": item["id"], "answer": some_answer(item)}
    )
    assert response.status_code == 200, response.text
    graded = response.json()
    assert graded["grade"] in ("correct", "partly", "not yet")
    assert graded["expected"] in graded["passage"]["quote"]  # the reference answer is the passage's own words
    assert graded["passage"]["url"].startswith("/?passage=")
    progress = client.get(f"/learners/{LEARNER}/progress").json()
    foundation = next(level for level in progress["levels"] if level["level"] == "foundation")
    assert foundation["seen"] == 1 and progress["overall"]["seen"] == 1
    assert progress["level"] == "foundation"
    assert sum(s["seen"] for s in foundation["sections"]) == 1


def test_a_right_choice_is_correct_and_a_wrong_one_names_the_right_one(client: TestClient) -> None:
    for _ in range(12):
        item = next_item(client, level="professional")["item"]
        if item["kind"] == "choice":
            break
        client.post(
            "/practice/answer",
            json={"learner_id": LEARNER, "item_id": item["id"], "answer": some_answer(item)},
        )
    assert item["kind"] == "choice"
    answers = {}
    for choice in item["choices"]:
        answers[choice] = client.post(
            "/practice/answer",
            json={"learner_id": f"{LEARNER}-{len(answers)}", "item_id": item["id"], "answer": choice},
        ).json()
    right = [c for c, a in answers.items() if a["correct"]]
    assert len(right) == 1
    for choice, graded in answers.items():
        if choice not in right:
            assert graded["grade"] == "not yet" and graded["missing"] == right


def test_a_new_item_comes_due_only_after_it_is_answered(client: TestClient) -> None:
    first = next_item(client, level="manager")["item"]
    again = next_item(client)["item"]
    assert again["id"] == first["id"]  # unanswered, it is still the next new item
    answered = client.post(
        "/practice/answer", json={"learner_id": LEARNER, "item_id": first["id"], "answer": some_answer(first)}
    )
    assert answered.status_code == 200
    assert next_item(client)["item"]["id"] != first["id"]  # answered: it waits for its review


def test_the_plan_cites_every_line_and_sets_the_level_practised(client: TestClient) -> None:
    text = "I'm an SRE with 3 years of Kubernetes, I want to lead an ML platform team."
    response = client.post("/plan", json={"text": text, "learner_id": LEARNER})
    assert response.status_code == 200, response.text
    plan = response.json()
    assert (plan["role"], plan["level"], plan["track"]) == ("SRE", "professional", "Engineering")
    assert plan["certification"] == "Certified MLOps Manager – Professional"
    assert plan["ask"] is None
    assert {line["topic"] for line in plan["lines"]} >= {
        "certification",
        "level",
        "track",
        "preparation",
        "next",
    }
    assert all(line["sources"] for line in plan["lines"])
    assert next_item(client)["level"] == "professional"


def test_an_unknown_role_is_asked_back_with_the_roles(client: TestClient) -> None:
    plan = client.post("/plan", json={"text": "I want to get into this, where do I start?"}).json()
    assert plan["role"] is None and plan["level"] is None and plan["lines"] == []
    assert "SRE" in plan["ask"]["choices"] and len(plan["ask"]["choices"]) == 8


def test_refusals_name_what_is_wrong(client: TestClient) -> None:
    bad_learner = client.post("/practice/next", json={"learner_id": "no spaces please"})
    assert bad_learner.status_code == 422 and bad_learner.json()["detail"][0]["loc"] == ["body", "learner_id"]
    bad_level = client.post("/practice/next", json={"learner_id": LEARNER, "level": "Grandmaster"})
    assert bad_level.status_code == 422 and "Grandmaster" in bad_level.json()["detail"][0]["msg"]
    unknown = client.post(
        "/practice/answer", json={"learner_id": LEARNER, "item_id": "short-000000000000", "answer": "x"}
    )
    assert unknown.status_code == 404
    item = next_item(client)["item"]
    empty = client.post(
        "/practice/answer", json={"learner_id": LEARNER, "item_id": item["id"], "answer": "   "}
    )
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "answer"]
    assert client.post("/plan", json={"text": " "}).status_code == 422
    assert client.get("/learners/bad%20id/progress").status_code == 422
    assert client.get(f"/learners/{LEARNER}/progress").status_code == 200


def test_the_contracts_are_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/practice/next", "/practice/answer", "/learners/{learner_id}/progress", "/plan"):
        assert path in paths
    # The refusals are stated, so that a client knows them before it sends (schemathesis checks it).
    learner = paths["/learners/{learner_id}/progress"]["get"]["parameters"][0]["schema"]
    assert learner["pattern"].startswith("^[A-Za-z0-9]") and learner["maxLength"] == 128
    assert "404" in paths["/practice/answer"]["post"]["responses"]
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["PlanRequest"]["properties"]["text"]["pattern"] == "\\S"
    assert schemas["NextRequest"]["properties"]["learner_id"]["pattern"] == learner["pattern"]
