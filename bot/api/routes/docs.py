"""/docs (Swagger UI) and /redoc, served with their assets from the fastapi-offline package.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start them with an inline script; the
page's CSP allows neither. These pages are static files whose start-up scripts are files too, so the
API reference works offline and under the same policy as the chat page.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from bot.api.middleware import SecurityHeadersMiddleware
from bot.api.routes.web import STATIC

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"  # swagger-ui-bundle.js, redoc…
ASSETS_URL = "/static-docs"
router = APIRouter(include_in_schema=False)
# ReDoc styles itself with styled-components, which writes <style> elements at run time, and runs its
# search in a worker it makes from a blob: its page alone allows both. Scripts stay the page's own files;
# the Redocly logo in its footer (from their CDN) stays blocked by img-src, so it is never fetched.
REDOC_POLICY = SecurityHeadersMiddleware.POLICY.format(style="'self' 'unsafe-inline'") + "; worker-src blob:"


def assets() -> StaticFiles:
    """The Swagger UI and ReDoc bundles, for mounting at ASSETS_URL."""
    return StaticFiles(directory=ASSETS)


@router.api_route("/docs", methods=["GET", "HEAD"])
async def swagger_ui() -> FileResponse:
    return FileResponse(STATIC / "docs" / "swagger.html")


@router.api_route("/redoc", methods=["GET", "HEAD"])
async def redoc() -> FileResponse:
    return FileResponse(STATIC / "docs" / "redoc.html", headers={"Content-Security-Policy": REDOC_POLICY})
