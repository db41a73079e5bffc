"""The tutor's one settings class: environment variables prefixed `TUTOR_`, and `.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.vectors import APPROXIMATE_THRESHOLD

EncoderBackend = Literal["onnx", "onnx-int8", "torch"]


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
    # OpenMP threads for one FAISS search. One: a single question gains nothing from a second core,
    # and request threads each asking for every core oversubscribe the machine (bench/README.md).
    search_threads: int = Field(default=1, ge=1, le=64)
    query_cache_size: int = Field(default=1024, ge=0)
    max_chunk_chars: int = Field(default=1000, ge=200)
    chunk_overlap_sentences: int = Field(default=1, ge=0, le=5)
    approximate_index_threshold: int = Field(default=APPROXIMATE_THRESHOLD, ge=1)

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

    # --- HTTP ---
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    admin_token: SecretStr | None = None
    public_url: str | None = None
    cors_origins: list[str] = Field(default_factory=list)
    rate_limit_per_minute: int = Field(default=240, ge=1)
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

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # Allow TUTOR_CORS_ORIGINS=https://a,https://b as well as a JSON list.
        if isinstance(value, str) and not value.lstrip().startswith("["):
            return [v.strip() for v in value.split(",") if v.strip()]
        return value

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "admin_token",
        "public_url",
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

    @model_validator(mode="after")
    def _model_exists(self) -> Settings:
        if self.embedding_model is not None and not self.embedding_model.is_dir():
            raise ValueError(f"TUTOR_EMBEDDING_MODEL: no model folder at {self.embedding_model}")
        return self

    @property
    def slack_http_enabled(self) -> bool:
        """Slack over HTTP needs both the bot token and the signing secret."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None
