"""The one settings root of Scanstation.

Values come, in order of precedence, from init arguments, ``SCANSTATION_*``
environment variables (``__`` separates nesting levels, e.g.
``SCANSTATION_OCR__LANGUAGES='["deu"]'``), an optional TOML file (path in
``SCANSTATION_CONFIG``), and the defaults below. Load once at the boundary
(CLI, web app) and pass down; there is no module-level settings object.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from dms_connector.config import DmsConfig
from ingest.config import (
    ArchiveConfig,
    LimitsConfig,
    LocalArchiveConfig,
    OcrConfig,
    SeparationConfig,
)
from search.config import EmbeddedSearchConfig, SearchConfig

CONFIG_ENV = "SCANSTATION_CONFIG"


class StationConfig(BaseModel):
    """One scan station: a name and the hot folder its scanner writes into."""

    name: str = Field(description="Station name, recorded on every scan (e.g. 'poststelle-1').")
    hot_folder: Path | None = Field(
        default=None,
        description="Folder the scanner writes into; default <data_dir>/hot/<name>.",
    )


class RetryConfig(BaseModel):
    """Back-off for stages that fail with a retryable error (outages)."""

    base_seconds: float = Field(default=2.0, gt=0, description="First retry delay.")
    max_seconds: float = Field(default=300.0, gt=0, description="Longest retry delay.")
    max_attempts: int = Field(
        default=8,
        ge=1,
        description="Attempts for errors of unknown kind before the item is quarantined; "
        "outages of the store or index are retried without limit.",
    )


class RoutingConfig(BaseModel):
    """Routing letters to departments (rules + trained model, calibrated confidence)."""

    enabled: bool = Field(default=True, description="Classify documents after extraction.")
    threshold: float = Field(
        default=0.75,
        ge=0.0,
        le=1.0,
        description="Confidence at or above which a letter is routed; below it goes to review.",
    )
    model_path: Path | None = Field(
        default=None,
        description=(
            "Seed model file used until the catalog holds a trained version; "
            "default: the shipped seed model."
        ),
    )
    retrain: bool = Field(
        default=True,
        description="Retrain the model in the background from people's corrections.",
    )
    retrain_debounce_seconds: float = Field(
        default=60.0,
        ge=0.0,
        description=(
            "Retrain once no new correction arrived for this long (a burst of corrections "
            "gives one new model, not one per correction)."
        ),
    )
    retrain_max_pending: int = Field(
        default=50,
        ge=1,
        description="Retrain at once when this many corrections wait, even during a burst.",
    )
    correction_weight: int = Field(
        default=3,
        ge=1,
        le=20,
        description="How many times a person's correction counts against one seed letter.",
    )


class Settings(BaseSettings):
    """Scanstation's effective configuration."""

    model_config = SettingsConfigDict(
        env_prefix="SCANSTATION_", env_nested_delimiter="__", extra="forbid"
    )

    data_dir: Path = Field(
        default=Path("./scanstation-data"),
        description="Holds catalog, spool, work, archive, index and quarantine by default.",
    )
    catalog_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the catalog; default SQLite at <data_dir>/catalog.sqlite3.",
    )
    stations: list[StationConfig] = Field(
        default_factory=lambda: [StationConfig(name="poststelle")],
        description="Scan stations and their hot folders.",
    )
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        description="Parallel worker processes for inspection, separation and OCR.",
    )
    settle_seconds: float = Field(
        default=3.0, gt=0, description="A file must be unchanged this long before intake."
    )
    poll_seconds: float = Field(
        default=1.0,
        gt=0,
        description="Hot folders are also rescanned at this interval (keep below settle_seconds).",
    )
    keep_failed_work: bool = Field(
        default=False, description="Keep per-document work folders of failed conversions."
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Secret for signing sessions (web app); from the environment."
    )
    archive: ArchiveConfig = Field(
        default_factory=LocalArchiveConfig, description="Object store for PDF/A and originals."
    )
    search: SearchConfig = Field(
        default_factory=EmbeddedSearchConfig,
        description="Full-text index backend.",
    )
    ocr: OcrConfig = Field(default_factory=OcrConfig, description="OCR settings.")
    dms: DmsConfig = Field(
        default_factory=DmsConfig, description="Hand-off to the enaio DMS (or its simulator)."
    )
    limits: LimitsConfig = Field(default_factory=LimitsConfig, description="Input guards.")
    separation: SeparationConfig = Field(
        default_factory=SeparationConfig, description="Separator-sheet settings."
    )
    retry: RetryConfig = Field(default_factory=RetryConfig, description="Retry back-off.")
    routing: RoutingConfig = Field(
        default_factory=RoutingConfig, description="Routing to departments."
    )

    @model_validator(mode="after")
    def _unique_station_names(self) -> Settings:
        names = [s.name for s in self.stations]
        if len(names) != len(set(names)):
            raise ValueError(f"station names must be unique, got {names}")
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_path = os.environ.get(CONFIG_ENV)
        if toml_path:
            if not Path(toml_path).is_file():
                raise FileNotFoundError(f"{CONFIG_ENV}={toml_path} does not name a file")
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return tuple(sources)

    # Derived locations -------------------------------------------------

    @property
    def data_path(self) -> Path:
        return self.data_dir.expanduser().resolve()

    @property
    def spool_dir(self) -> Path:
        return self.data_path / "spool"

    @property
    def work_dir(self) -> Path:
        return self.data_path / "work"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_path / "quarantine"

    def hot_folder(self, station: StationConfig) -> Path:
        folder = station.hot_folder or self.data_path / "hot" / station.name
        return folder.expanduser().resolve()

    def effective_catalog_url(self) -> str:
        return self.catalog_url or f"sqlite:///{self.data_path / 'catalog.sqlite3'}"

    def index_path(self) -> Path:
        path = getattr(self.search, "path", None)
        return Path(path).expanduser().resolve() if path else self.data_path / "index"

    def simulator_dir(self) -> Path:
        return self.dms.simulator.data_dir or self.data_path / "enaio-sim"

    def archive_path(self) -> Path:
        cfg = self.archive
        if isinstance(cfg, LocalArchiveConfig) and cfg.path is not None:
            return cfg.path.expanduser().resolve()
        return self.data_path / "archive"


def load_settings(**overrides: Any) -> Settings:
    """Load settings from environment and optional TOML file."""
    return Settings(**overrides)


def masked_dump(settings: Settings) -> dict[str, Any]:
    """The effective settings as JSON-able data, secrets masked."""
    data: dict[str, Any] = settings.model_dump(mode="json")
    _mask(data, settings)
    data["catalog_url"] = _mask_url(settings.effective_catalog_url())
    return data


def _mask(data: dict[str, Any], model: BaseModel) -> None:
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            data[name] = "**********" if value.get_secret_value() else ""
        elif isinstance(value, BaseModel) and isinstance(data.get(name), dict):
            _mask(data[name], value)


def _mask_url(url: str) -> str:
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url
