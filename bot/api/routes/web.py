"""The web chat page: plain HTML, JS and CSS shipped in the package, with no build step."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bot.api.deps import SettingsDep

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=4)
def page(max_chars: int) -> str:
    """index.html with the server's message limit, so the page counts against the real one."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    return html.replace('data-max-chars="2000"', f'data-max-chars="{max_chars}"')


@router.api_route("/", methods=["GET", "HEAD"])  # HEAD: uptime checks and link previews
async def index(settings: SettingsDep) -> HTMLResponse:
    return HTMLResponse(page(settings.max_message_chars))
