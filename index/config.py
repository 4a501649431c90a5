"""The core's settings, read once from the environment and `.env`.

The bot's `Settings` extends this class, so one object configures both layers.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_MODEL = "bundled:all-MiniLM-L6-v2"


class CoreSettings(BaseSettings):
    """Where the articles and the built index live, and how retrieval behaves."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    seeds_dir: Path = Field(Path("seeds"), description="Folder of article files and sources.toml.")
    data_dir: Path = Field(Path("data"), description="Git-ignored folder for the index and caches.")
    embedding_model: str = Field(
        BUNDLED_MODEL,
        description="Sentence-transformers model: the bundled offline model, a path, or a hub name.",
    )
    answer_threshold: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="Override of the calibrated abstention threshold, a probability (0 keeps the calibrated one).",
    )
    embedding_backend: str = Field(
        "onnx",
        description="onnx (default, exported once from the model), onnx-int8 (quantised) or torch.",
    )
    query_threads: int = Field(1, ge=1, le=64, description="Threads for embedding one question.")
    build_threads: int = Field(
        0, ge=0, le=64, description="Threads for embedding during builds; 0: all cores."
    )
    model_cache_dir: Path | None = Field(
        None, description="Where the ONNX export of the model is kept (default DATA_DIR/models)."
    )
    watch_seconds: float = Field(
        2.0,
        ge=0.0,
        description="How often a serving process checks for an index published by another (0: never).",
    )

    @field_validator("embedding_backend")
    @classmethod
    def _backend(cls, value: str) -> str:
        value = value.strip().lower() or "onnx"
        if value not in ("onnx", "onnx-int8", "torch"):
            raise ValueError("must be onnx, onnx-int8 or torch")
        return value

    @field_validator("embedding_model")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        return value.strip() or BUNDLED_MODEL

    @property
    def model_dir(self) -> Path:
        """Where the model's ONNX export lives."""
        return self.model_cache_dir or self.data_dir / "models"

    @property
    def effective_build_threads(self) -> int:
        """Threads a build embeds with."""
        return self.build_threads or os.cpu_count() or 1

    @property
    def index_dir(self) -> Path:
        """Where built indexes are kept."""
        return self.data_dir / "index"
