"""/docs (Swagger UI) and /redoc, served with their assets from the fastapi-offline package.

FastAPI's own pages load Swagger UI and ReDoc from a CDN and start them with an inline script; the
page's CSP allows neither. These pages load the bundles from this server and start them with script
files (bot/web/static/docs/), so the API reference works offline and under the chat page's policy.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from bot.api.middleware import SecurityHeadersMiddleware

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


PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Certified MLOps Manager tutor – API ({name})</title>
  <link rel="icon" href="{assets}/favicon.png">
  <link rel="stylesheet" href="{style}">
  <script src="{assets}/{bundle}" defer></script>
  <script src="/static/docs/{start}" defer></script>
</head>
<body><div id="{root}"></div></body>
</html>
"""
SWAGGER = PAGE.format(
    name="Swagger UI", assets=ASSETS_URL, style=f"{ASSETS_URL}/swagger-ui.css", bundle="swagger-ui-bundle.js",
    start="swagger.js", root="swagger-ui",
)  # fmt: skip
REDOC = PAGE.format(
    name="ReDoc", assets=ASSETS_URL, style="/static/docs/redoc.css", bundle="redoc.standalone.js",
    start="redoc.js", root="redoc",
)  # fmt: skip


@router.api_route("/docs", methods=["GET", "HEAD"])
async def swagger_ui() -> HTMLResponse:
    return HTMLResponse(SWAGGER)


@router.api_route("/redoc", methods=["GET", "HEAD"])
async def redoc() -> HTMLResponse:
    return HTMLResponse(REDOC, headers={"Content-Security-Policy": REDOC_POLICY})
