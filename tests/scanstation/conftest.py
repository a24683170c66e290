from __future__ import annotations

from pathlib import Path

import pytest

from scanstation.settings import Settings
from scanstation.wiring import Services, build_services


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        stations=[{"name": "poststelle"}, {"name": "buergerbuero"}],
        workers=2,
        settle_seconds=0.5,
        poll_seconds=0.1,
        retry={"base_seconds": 0.05, "max_seconds": 0.2},
        dms={"enabled": False},  # the DMS tests switch it on
    )


@pytest.fixture
def services(settings: Settings) -> Services:
    return build_services(settings)
