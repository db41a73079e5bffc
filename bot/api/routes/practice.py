"""Tutor mode over HTTP: POST /practice/next, POST /practice/answer, GET /learners/{id}/progress, POST /plan."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, status
from fastapi.concurrency import run_in_threadpool

from bot.api.deps import PracticeDep
from bot.api.practice_schemas import (
    LEARNER_PATTERN,
    AnswerRequest,
    AnswerResponse,
    AskBackOut,
    ItemOut,
    LevelOut,
    NextRequest,
    NextResponse,
    PassageOut,
    PlanLineOut,
    PlanRequest,
    PlanResponse,
    ProgressResponse,
    SectionOut,
    SourceOut,
    TallyOut,
)
from bot.api.routes.chat import invalid
from bot.practice import (
    InvalidAnswer,
    InvalidLearner,
    InvalidLevel,
    InvalidProfile,
    Item,
    Practice,
    Tally,
    UnknownItem,
)

router = APIRouter(tags=["practice"])


def passage_url(passage_id: str) -> str:
    return f"/?passage={quote(passage_id, safe='/')}"


def item_out(item: Item, practice: Practice) -> ItemOut:
    return ItemOut(
        id=item.id,
        kind=item.kind,
        prompt=item.prompt,
        choices=list(item.choices),
        level=item.level,
        level_name=practice.levels().get(item.level, item.level),
        section=item.section,
    )


def tally(t: Tally) -> dict[str, int]:
    return {"total": t.total, "seen": t.seen, "retained": t.retained, "due": t.due}


def _refuse(exc: Exception, field: str) -> HTTPException:
    if isinstance(exc, UnknownItem):
        return HTTPException(status.HTTP_404_NOT_FOUND, str(exc))
    if isinstance(exc, InvalidLearner):
        return invalid("learner_id", str(exc))
    return invalid(field, str(exc))


@router.post("/practice/next", response_model=NextResponse)
async def practice_next(body: NextRequest, practice: PracticeDep) -> NextResponse:
    """The next item for the learner: the one due soonest, else a new one in their level or track."""
    try:
        served = await run_in_threadpool(
            practice.next_item, body.learner_id, level=body.level, track=body.track, source="http"
        )
        learner = practice.learner(body.learner_id)
    except (InvalidLearner, InvalidLevel) as exc:
        raise _refuse(exc, "level" if isinstance(exc, InvalidLevel) else "learner_id") from None
    return NextResponse(
        item=item_out(served.item, practice) if served else None,
        status=served.status if served else None,
        level=learner.level if learner else None,
        track=learner.track if learner else None,
    )


@router.post(
    "/practice/answer",
    response_model=AnswerResponse,
    responses={404: {"description": "No practice item with that id in the curriculum in service."}},
)
async def practice_answer(body: AnswerRequest, practice: PracticeDep) -> AnswerResponse:
    """Grade an answer against the item's passage and schedule the item's next review."""
    try:
        outcome = await run_in_threadpool(
            practice.answer, body.learner_id, body.item_id, body.answer, source="http"
        )
    except (InvalidLearner, InvalidAnswer, UnknownItem) as exc:
        raise _refuse(exc, "answer") from None
    g = outcome.graded
    return AnswerResponse(
        **g.reported(),
        passage=PassageOut(
            id=g.passage_id, title=g.title, section=g.section, quote=g.quote, url=passage_url(g.passage_id)
        ),
        due=outcome.due,
    )


@router.get("/learners/{learner_id}/progress", response_model=ProgressResponse)
async def learner_progress(
    learner_id: Annotated[str, Path(min_length=1, max_length=128, pattern=LEARNER_PATTERN)],
    practice: PracticeDep,
) -> ProgressResponse:
    """Items seen, retained and due, per level and section, out of all the curriculum's items."""
    try:
        progress = await run_in_threadpool(practice.progress, learner_id)
        learner = practice.learner(learner_id)
    except InvalidLearner as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            [{"loc": ["path", "learner_id"], "msg": str(exc), "type": "value_error"}],
        ) from None
    names = practice.levels()
    return ProgressResponse(
        learner_id=learner_id,
        level=learner.level if learner else None,
        track=learner.track if learner else None,
        overall=TallyOut(**tally(progress.total)),
        levels=[
            LevelOut(
                level=lp.level,
                name=names.get(lp.level, lp.level),
                sections=[SectionOut(section=name, **tally(t)) for name, t in lp.sections.items()],
                **tally(lp.tally),
            )
            for lp in progress.levels
        ],
        due_items=progress.due_items,
        next_due=progress.next_due,
    )


@router.post("/plan", response_model=PlanResponse)
async def plan(body: PlanRequest, practice: PracticeDep) -> PlanResponse:
    """A learning plan from the learner's description of themselves; every line cites its passages."""
    try:
        made = await run_in_threadpool(practice.plan, body.text, body.learner_id, source="http")
    except (InvalidProfile, InvalidLearner) as exc:
        raise _refuse(exc, "text") from None
    return PlanResponse(
        role=made.role,
        certification=made.certification,
        level=made.level,
        level_name=made.level_name,
        track=made.track,
        lines=[
            PlanLineOut(
                topic=line.topic,
                text=line.text,
                sources=[
                    SourceOut(id=s.id, title=s.title, section=s.section, quote=s.quote, url=passage_url(s.id))
                    for s in line.sources
                ],
            )
            for line in made.lines
        ],
        ask=AskBackOut(question=made.ask.question, choices=list(made.ask.choices)) if made.ask else None,
    )
