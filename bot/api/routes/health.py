"""GET /healthz (the process is alive) and GET /readyz (an index is loaded and answering)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.api.deps import HolderDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "No index in service yet."}})
async def readyz(holder: HolderDep) -> JSONResponse:
    """Ready once an index is in service. A published build that would not load is reported under
    `published` (its id, the short reason, when it is tried again) while the old build answers."""
    bad = {"published": holder.bad_build.report()} if holder.bad_build else {}
    if not holder.ready:
        detail = holder.problem or "the index is still loading"  # short: the details are in the log
        return JSONResponse(
            {"status": "not ready", "detail": detail, **bad}, status_code=503, headers={"Retry-After": "2"}
        )
    return JSONResponse({"status": "ready", **holder.manifest.summary(), **bad})
