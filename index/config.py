"""The core's settings, read once from the environment and `.env`.

The bot's `Settings` extends this class, so one object configures both layers.
"""

from __future__ import annotations

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
        description="Override of the calibrated abstention threshold (0 keeps the calibrated one).",
    )

    @field_validator("embedding_model")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        return value.strip() or BUNDLED_MODEL

    @property
    def index_dir(self) -> Path:
        """Where built indexes are kept."""
        return self.data_dir / "index"
