"""The tutor's one settings class: environment variables prefixed `TUTOR_`, and `.env`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.logs import LogFormat
from index.cores import usable_cores
from ingest.index_type import APPROXIMATE_THRESHOLD

EncoderBackend = Literal["onnx", "onnx-int8", "torch"]
MIN_ADMIN_TOKEN = 32  # characters: a guessable token would guard rebuilds and the learners' questions


class Settings(BaseSettings):
    """Validated at start-up; a bad value stops the process with the field's name."""

    model_config = SettingsConfigDict(
        env_prefix="TUTOR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- data path: corpus/ -> ingest -> index/ ---
    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    cache_dir: Path = Path(".cache/tutor")
    embedding_model: Path | None = Field(
        default=None,
        description="A local sentence-transformers folder; default: the bundled all-MiniLM-L6-v2.",
    )
    encoder_backend: EncoderBackend = "onnx-int8"
    encoder_threads: int = Field(default=1, ge=1, le=64)
    # Threads for one FAISS search and for numpy's BLAS (OpenMP's and OpenBLAS's pools). One: a single
    # question gains nothing from a second core, and request threads each asking for every core
    # oversubscribe the machine (bench/README.md).
    search_threads: int = Field(default=1, ge=1, le=64)
    query_cache_size: int = Field(default=1024, ge=0)
    max_chunk_chars: int = Field(default=1000, ge=200)
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=5)
    approximate_index_threshold: int = Field(default=APPROXIMATE_THRESHOLD, ge=1)
    # The tuning files whose questions the query adapter is fitted on at ingest (index/adapter.py);
    # never evals/dataset/, the held-out answer key.
    adapter_questions: tuple[Path, ...] = (
        Path("evals/tuning_everyday.yaml"),
        Path("evals/calibration_additions.yaml"),
        Path("evals/tuning_coverage.yaml"),
        Path("evals/tuning_voices.yaml"),
        Path("evals/tuning_voices3.yaml"),
        Path("evals/tuning_voices4.yaml"),
        Path("evals/tuning_voices5.yaml"),
    )

    # --- answering: weights and margins are in bot/answer/tuning.yaml, the confidence model in
    # bot/answer/calibration.yaml (`tutor calibrate`); these choose among them for a deployment ---
    retriever: Literal["hybrid", "dense", "bm25"] = "hybrid"
    abstain_threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Override of the calibrated abstention threshold (bot/answer/calibration.yaml).",
    )

    # --- conversations ---
    database_path: Path = Path(".data/tutor.sqlite3")
    database_url: str | None = Field(default=None, description="postgresql://… selects PostgreSQL.")
    retention_days: int = Field(default=90, ge=1)
    retention_sweep_seconds: float = Field(default=3600.0, gt=0)
    max_turns: int = Field(default=200, ge=1, description="Turns one conversation may hold; then a new one.")
    # Earlier user turns a follow-up is resolved from: the stored conversation's latest turns, and the
    # last few user messages of an OpenAI-style history (each costs an answer, so the cap bounds the work).
    followup_turns: int = Field(default=3, ge=0, le=20)

    # --- HTTP ---
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    admin_token: SecretStr | None = Field(default=None, description="At least 32 characters.")
    public_url: str | None = None
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-For names the client; none by
    # default, so a client cannot pick its own address (and rate-limit bucket) with a header.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Per client address, in a moving window of one minute; a request costs one, an OpenAI request one
    # per question it makes the tutor answer.
    rate_limit_per_minute: int = Field(default=240, ge=1)
    slack_rate_limit_per_minute: int = Field(default=600, ge=1)
    # memory:// (one process) or redis://host:port/db (shared by replicas: limits hold across them).
    rate_limit_storage: str = "memory://"
    # uvicorn's limits for slow or too many clients (docs/deployment.md).
    http_max_connections: int = Field(default=1000, ge=1)
    http_keep_alive_seconds: int = Field(default=5, ge=1)
    http_header_timeout_seconds: float = Field(default=10.0, gt=0)
    http_body_timeout_seconds: float = Field(default=30.0, gt=0)
    # Serving processes sharing one socket (`tutor serve --workers`): one a core answers the most.
    workers: int = Field(default=1, ge=1, le=64)
    # Threads of one serving process answering at once (/chat, /chat/stream, /v1); the other requests
    # wait their turn. One a core: more only share the cores and the GIL. At concurrency 8 on two
    # workers, anyio's default of 40 gave p99 127-254 ms, two 113-164 ms at the same req/s (bench/README.md).
    answer_threads: int = Field(default_factory=usable_cores, ge=1, le=64)
    max_message_chars: int = Field(default=2000, ge=1)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    index_watch_seconds: float = Field(default=2.0, gt=0)

    # --- Slack: Slack's own variable names are honoured, as its docs use them ---
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "TUTOR_SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "TUTOR_SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "TUTOR_SLACK_APP_TOKEN")
    )
    slack_api_url: str = "https://slack.com/api/"
    # The bot's own user id (auth.test's user_id): given, no auth.test call is needed at all.
    slack_bot_user_id: str | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_USER_ID", "TUTOR_SLACK_BOT_USER_ID")
    )
    slack_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    slack_workers: int = Field(default=4, ge=1, le=64)

    # --- metrics (/metrics, Prometheus text format): off unless one of these is set ---
    metrics_token: SecretStr | None = Field(default=None, description="At least 32 characters.")
    metrics_port: int | None = Field(default=None, ge=0, le=65535, description="A port of their own.")
    metrics_host: str = "127.0.0.1"

    # --- the terminal: `tutor chat` keeps its line history here (~ is the user's home) ---
    chat_history_path: Path = Path("~/.local/state/tutor/chat_history")

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: LogFormat = Field(
        default="auto", description="auto: readable on a terminal, JSON lines otherwise; text; json."
    )

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # Allow TUTOR_CORS_ORIGINS=https://a,https://b as well as a JSON list.
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "admin_token",
        "metrics_token",
        "public_url",
        "slack_bot_user_id",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # `SLACK_BOT_TOKEN=` in a .env file means "not configured", not "an empty token".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql:// URL; leave it unset for the embedded SQLite store")
        return value or None

    @field_validator("admin_token", "metrics_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_ADMIN_TOKEN:
            raise ValueError(
                f"must be at least {MIN_ADMIN_TOKEN} characters (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`), or unset to turn the endpoints it guards off"
            )
        return value

    @field_validator("rate_limit_storage")
    @classmethod
    def _known_storage(cls, value: str) -> str:
        if not value.startswith(("memory://", "redis://", "rediss://", "redis+sentinel://")):
            raise ValueError("must be memory:// or a redis:// URL")
        return value

    @model_validator(mode="after")
    def _model_exists(self) -> Settings:
        if self.embedding_model is not None and not self.embedding_model.is_dir():
            raise ValueError(f"TUTOR_EMBEDDING_MODEL: no model folder at {self.embedding_model}")
        return self

    @property
    def slack_http_enabled(self) -> bool:
        """Slack over HTTP needs both the bot token and the signing secret."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None
