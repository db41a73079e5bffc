"""GET /healthz (the process is alive) and GET /readyz (an index is loaded and answering)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.api.deps import LiveDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(live: LiveDep) -> JSONResponse:
    if not live.ready:
        detail = live.last_error or "the index is still loading"
        return JSONResponse(
            {"status": "not ready", "detail": detail}, status_code=503, headers={"Retry-After": "2"}
        )
    manifest = live.engine.retriever.artifact.manifest
    return JSONResponse({"status": "ready", **manifest.summary()})
