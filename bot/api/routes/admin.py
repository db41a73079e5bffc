"""Maintainer endpoints behind TUTOR_ADMIN_TOKEN: POST /admin/reindex and GET /stats."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from bot.api.deps import AdminDep, HolderDep, StoreDep
from bot.runtime import ReindexBusy
from index.artifact import IndexUnavailable
from index.errors import InputError
from ingest.publish import StaleSnapshot

log = logging.getLogger(__name__)
router = APIRouter(
    tags=["admin"],
    dependencies=[AdminDep],
    responses={
        401: {"description": "A valid bearer token is required."},
        404: {"description": "Admin is off."},
    },
)


@router.post(
    "/admin/reindex",
    responses={
        409: {"description": "Another build is running, or the corpus is older than the published build's."},
        422: {"description": "The corpus is invalid; the previous index stays."},
    },
)
def reindex(holder: HolderDep) -> dict[str, Any]:
    """Rebuild from corpus/ and swap the new index in; the old one answers meanwhile, and stays on failure."""
    try:
        report = holder.reindex()
    except (ReindexBusy, StaleSnapshot) as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    except InputError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"{exc}; the previous index is still in service"
        ) from None
    except IndexUnavailable as exc:
        log.error("rebuilt, but the build did not load: %s", exc)
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, f"{exc.reason}; the previous index is still in service"
        ) from None
    return {
        "build_id": report.build_id,
        "chunks": report.manifest.chunks,
        "embedded": report.embedded,
        "reused": report.reused,
        "files": [
            change.__dict__ for change in report.files if change.added or change.changed or change.removed
        ],
        "seconds": {k: round(v, 3) for k, v in report.timings.items()},
    }


@router.get("/stats")
def stats(
    store: StoreDep, holder: HolderDep, limit: Annotated[int, Query(ge=1, le=100)] = 10
) -> dict[str, Any]:
    """What learners asked, how often the tutor abstained, feedback, and what the curriculum lacks."""
    s = store.stats(limit=limit)
    return {
        "conversations": s.conversations,
        "questions": s.questions,
        "abstained": s.abstained,
        "abstention_rate": round(s.abstention_rate, 4),
        "feedback": {"up": s.feedback_up, "down": s.feedback_down},
        "unanswered": [
            {
                "question": u.question,
                "count": u.count,
                "abstained": u.abstained,
                "rated_down": u.rated_down,
                "last_asked": u.last_asked.isoformat(),
            }
            for u in s.unanswered
        ],
        "index": holder.manifest.summary() if holder.ready else None,
    }
