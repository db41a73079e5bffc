"""GET /healthz (the process is alive) and GET /readyz (an index is loaded and answering)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bot.api.deps import HolderDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(holder: HolderDep) -> JSONResponse:
    if not holder.ready:
        detail = holder.last_error or "the index is still loading"
        return JSONResponse(
            {"status": "not ready", "detail": detail}, status_code=503, headers={"Retry-After": "2"}
        )
    manifest = holder.manifest
    return JSONResponse({"status": "ready", **manifest.summary()})
