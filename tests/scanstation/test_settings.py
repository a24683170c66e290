from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from scanstation.cli import main
from scanstation.settings import Settings, masked_dump

REPO = Path(__file__).resolve().parents[2]


def test_defaults_live_under_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    assert s.spool_dir == tmp_path / "spool"
    assert s.hot_folder(s.stations[0]) == tmp_path / "hot" / "poststelle"
    assert s.effective_catalog_url() == f"sqlite:///{tmp_path / 'catalog.sqlite3'}"
    assert s.archive_path() == tmp_path / "archive"
    assert s.workers >= 1


def test_environment_and_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "scanstation.toml"
    toml.write_text(
        '[[stations]]\nname = "eingang"\nhot_folder = "/srv/scan/eingang"\n'
        '[[stations]]\nname = "buergerbuero"\n[ocr]\ndeskew = true\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SCANSTATION_CONFIG", str(toml))
    monkeypatch.setenv("SCANSTATION_WORKERS", "3")
    monkeypatch.setenv("SCANSTATION_OCR__LANGUAGES", '["deu"]')
    s = Settings()
    assert [st.name for st in s.stations] == ["eingang", "buergerbuero"]
    assert s.ocr.deskew is True
    assert s.ocr.languages == ["deu"]
    assert s.workers == 3


def test_duplicate_station_names_rejected() -> None:
    with pytest.raises(ValidationError, match="unique"):
        Settings(stations=[{"name": "a"}, {"name": "a"}])


def test_config_show_masks_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCANSTATION_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SCANSTATION_SECRET_KEY", "very-secret-value")
    monkeypatch.setenv("SCANSTATION_CATALOG_URL", "postgresql://scan:pw123@localhost/scan")
    assert main(["config", "show", "--json"]) == 0
    out = capsys.readouterr().out
    assert "very-secret-value" not in out and "pw123" not in out
    data = json.loads(out)
    assert data["secret_key"] == "**********"
    assert data["catalog_url"] == "postgresql://scan:***@localhost/scan"
    monkeypatch.delenv("SCANSTATION_SECRET_KEY")
    assert masked_dump(Settings(data_dir=tmp_path))["secret_key"] is None


def _fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for name, field in model.model_fields.items():
        out.append((prefix + name, field.description))
        ann = field.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            out.extend(_fields(ann, f"{prefix}{name}."))
    return out


def test_every_setting_is_described_and_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_.]+)`", readme))
    fields = _fields(Settings)
    assert [n for n, d in fields if not d] == [], "every setting needs a description"
    assert [n for n, _ in fields if n not in documented] == [], "document these in README.md"
