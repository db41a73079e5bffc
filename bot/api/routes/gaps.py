"""The curriculum-gap page: GET /admin (the page), GET /admin/gaps (its data) and GET /admin/gaps.csv.

All three take the admin token, as a bearer token or as the password a browser asks for (HTTP Basic);
with no token configured they do not exist. The grouping itself is bot.gaps, not a surface.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from bot.api.deps import AdminReaderDep, not_ready
from bot.api.routes.web import STATIC
from bot.conversations import NotReady
from bot.gaps import GapFinder, GapReport, as_csv

router = APIRouter(
    tags=["admin"],
    dependencies=[AdminReaderDep],
    responses={401: {"description": "The admin token is required."}, 404: {"description": "Admin is off."}},
)
Days = Annotated[
    int | None, Query(ge=1, le=3660, description="The window in days (UTC); the tuning's by default.")
]


async def _report(request: Request, days: int | None) -> GapReport:
    finder: GapFinder = request.app.state.gaps
    try:
        return await run_in_threadpool(finder.report, days)  # embeds and clusters: off the event loop
    except NotReady as exc:
        raise not_ready(exc) from None


@router.get("/admin", include_in_schema=False)
async def admin_page() -> FileResponse:
    return FileResponse(STATIC / "admin" / "admin.html")


@router.get("/admin/gaps")
async def gaps(request: Request, days: Days = None) -> dict[str, Any]:
    """What the curriculum could not answer, grouped into topics, with 👎 reasons and the abstention rate per day."""
    report = await _report(request, days)
    shown = request.app.state.gaps.tuning
    return {
        "since": report.since.isoformat(),
        "days": report.days,
        "questions": report.questions,
        "abstained": report.abstained,
        "abstention_rate": round(report.abstained / report.questions, 4) if report.questions else 0.0,
        "topics": [
            {
                "label": t.label,
                "asked": t.asked,
                "abstained": t.abstained,
                "rated_down": t.rated_down,
                "distinct_questions": len(t.questions),
                "examples": [
                    {"question": q.question, "asked": q.asked} for q in t.questions[: shown.examples]
                ],
                "reasons": t.reasons[: shown.reasons],
                "last_asked": t.last_asked.isoformat(),
            }
            for t in report.topics
        ],
        "per_day": [
            {"day": d.day.isoformat(), "questions": d.questions, "abstained": d.abstained}
            for d in report.per_day
        ],
    }


@router.get("/admin/gaps.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def gaps_csv(request: Request, days: Days = None) -> Response:
    """The same report as CSV: one row per question, with its topic, counts and every 👎 reason."""
    report = await _report(request, days)
    return Response(
        as_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="curriculum-gaps-{report.days}d.csv"'},
    )
