"""GET /metrics: the Prometheus text format, for an operator's scraper holding TUTOR_METRICS_TOKEN."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.api.deps import MetricsDep

router = APIRouter(tags=["operations"])


@router.get("/metrics", dependencies=[MetricsDep], include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Every metric of this process; reading the process's own (/proc) is blocking, so in a thread."""
    text = await run_in_threadpool(generate_latest, request.app.state.metrics)
    return Response(text, media_type=CONTENT_TYPE_LATEST)
