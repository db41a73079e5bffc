"""Maintainer endpoints behind TUTOR_ADMIN_TOKEN: POST /admin/reindex and GET /stats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from bot.api.deps import AdminDep, HolderDep, StoreDep
from bot.runtime import ReindexBusy
from index.artifact import IndexUnavailable
from index.errors import InputError

router = APIRouter(tags=["admin"], dependencies=[AdminDep])


@router.post("/admin/reindex")
def reindex(holder: HolderDep) -> dict[str, Any]:
    """Rebuild from corpus/ and swap the new index in; the old one answers meanwhile, and stays on failure."""
    try:
        report = holder.reindex()
    except ReindexBusy as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    except InputError as exc:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"{exc}; the previous index is still in service"
        ) from None
    except IndexUnavailable as exc:
        raise HTTPException(
            status.HTTP_500_INTERNAL_SERVER_ERROR, f"{exc}; the previous index is still in service"
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
def stats(store: StoreDep, holder: HolderDep, limit: int = 10) -> dict[str, Any]:
    """What learners asked, how often the tutor abstained, feedback, and what the curriculum lacks."""
    s = store.stats(limit=max(1, min(limit, 100)))
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
