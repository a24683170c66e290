"""The pipeline on the scale-out backends — PostgreSQL catalog, MinIO archive,
Elasticsearch index — while the object store and the search server are
stopped and restarted mid-batch: every document ends up stored once (checksum
verified), indexed once and findable."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from scanstation.catalog.models import Document, Scan
from scanstation.settings import Settings
from scanstation.wiring import build_services
from search.base import SearchQuery
from tests.scanstation.e2e_helpers import CORPUS, LETTERS, REPO, wait_for
from tests.services import missing
from tests.services_env import postgres_url, reachable, s3

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.ocr, pytest.mark.slow]

ES_URL = os.environ.get("SCANSTATION_TEST_ES_URL", "http://127.0.0.1:59200")
SERVICES = REPO / "scripts" / "services"


def _service(name: str, action: str) -> None:
    subprocess.run(
        ["bash", str(SERVICES / f"{name}.sh"), action], check=True, capture_output=True, timeout=300
    )


@pytest.fixture
def scaleout(tmp_path: Path) -> Iterator[dict[str, Any]]:
    minio = s3()
    es_host, es_port = ES_URL.split("//")[1].split(":")
    if not reachable(minio.host, minio.port):
        missing("MinIO")
    if not reachable(es_host, int(es_port)):
        missing("Elasticsearch")
    schema = f"e2e_{secrets.token_hex(4)}"
    admin = create_engine(postgres_url())
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError:
        missing("PostgreSQL")
    suffix = secrets.token_hex(4)
    config = {
        "data_dir": str(tmp_path / "data"),
        "catalog_url": f"{postgres_url()}?options=-csearch_path%3D{schema}",
        "archive": {
            "backend": "s3",
            "endpoint": minio.endpoint,
            "access_key": minio.access_key,
            "secret_key": minio.secret_key,
            "bucket": f"e2e-{suffix}",
        },
        "search": {"backend": "elasticsearch", "url": ES_URL, "index": f"e2e-{suffix}"},
        "retry": {"base_seconds": 0.5, "max_seconds": 4.0},
        "workers": 2,
        "settle_seconds": 0.5,
        "poll_seconds": 0.2,
    }
    try:
        yield config
    finally:
        _service("minio", "start")
        _service("elasticsearch", "start")
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_outages_of_store_and_index_mid_batch_lose_and_duplicate_nothing(
    scaleout: dict[str, Any], tmp_path: Path
) -> None:
    settings = Settings(**scaleout)
    env = {**os.environ, "PYTHONPATH": str(REPO), "SCANSTATION_CONFIG": str(tmp_path / "c.toml")}
    (tmp_path / "c.toml").write_text(_toml(scaleout), encoding="utf-8")
    hot = settings.hot_folder(settings.stations[0])
    hot.mkdir(parents=True)
    inputs = {
        "stapel.pdf": LETTERS / "stack_3letters_patcht.pdf",
        "brief.png": LETTERS / "letter_png_200dpi.png",
        "digital.pdf": LETTERS / "letter_born_digital.pdf",
        "rechnung.pdf": CORPUS / "mustang__zugferd_RE-20170509_505.pdf",
        "eurotext.tif": CORPUS / "tesseract__eurotext.tif",
    }
    for name, src in inputs.items():
        shutil.copy(src, hot / name)
    log = tmp_path / "service.log"
    services = build_services(settings)
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanstation.cli", "run"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _service("minio", "stop")
        _service("elasticsearch", "stop")

        def deferred(code: str) -> bool:
            with services.catalog() as s:
                return bool(
                    s.execute(
                        text(
                            "SELECT count(*) FROM jobs WHERE state = 'pending' AND error_code = :c"
                        ),
                        {"c": code},
                    ).scalar()
                )

        wait_for(lambda: deferred("storage_unavailable"), 300, "archiving to wait for MinIO")
        _service("minio", "start")
        wait_for(lambda: deferred("search_unavailable"), 300, "indexing to wait for Elasticsearch")
        time.sleep(2)
        _service("elasticsearch", "start")

        def all_done() -> bool:
            with services.catalog() as s:
                scans = s.scalars(select(Scan)).all()
            return len(scans) == len(inputs) and all(sc.status == "done" for sc in scans)

        wait_for(all_done, 600, "every scan to finish after the outages")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)

    with services.catalog() as s:
        docs = s.scalars(select(Document)).all()
        originals = {sc.original_key for sc in s.scalars(select(Scan))}
    assert len(docs) == 7
    assert all(d.status in ("routed", "review") and d.indexed and d.storage_key for d in docs)
    attachments = {a["key"] for d in docs for a in d.meta.get("attachments", [])}
    keys = set(services.archive.iter_keys())
    assert keys == {d.storage_key for d in docs} | originals | attachments
    for key in keys:
        services.archive.get_bytes(key)  # sha256 verified against the object metadata
    assert services.index.ids() == {d.id for d in docs}
    with services.catalog() as s:
        letter = s.scalars(
            select(Document.id)
            .join(Scan, Scan.id == Document.scan_id)
            .where(Scan.source_name == "brief.png")
        ).one()
    hits = services.index.search(SearchQuery(text="Grundsteuerbescheide")).hits
    assert letter in [h.id for h in hits]
    from scanstation.maintenance import reindex, verify

    assert verify(services).as_dict()["ok"]
    # Rebuild into a new index behind the alias; searches keep their results.
    assert reindex(services)["documents"] == 7
    assert services.index.ids() == {d.id for d in docs}
    hits = services.index.search(SearchQuery(text="Grundsteuerbescheide")).hits
    assert letter in [h.id for h in hits]


def _toml(config: dict[str, Any]) -> str:
    def value(v: Any) -> str:
        return json.dumps(v)

    lines = [f"{k} = {value(v)}" for k, v in config.items() if not isinstance(v, dict)]
    for group, items in config.items():
        if isinstance(items, dict):
            lines.append(f"[{group}]")
            lines += [f"{k} = {value(v)}" for k, v in items.items()]
    return "\n".join(lines) + "\n"
