"""Fault injection, the admin API, the web page and the foreground CLI of the
enaio SIMULATOR. Hangs are ~1 s with client timeouts of 0.3 s; no test asserts
on timings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dms_connector.simulator import Faults, RunningSimulator, start_simulator
from tests.dms_connector.test_simulator import (
    PASSWORD,
    PDF,
    USER,
    client,
    dms_insert,
    doc_properties,
    new_id,
    seed_folder_id,
    settings,
)
from tests.dms_connector.test_simulator_osrest import doc_fields, insert

HANG = 1.0
SHORT = httpx.Timeout(5.0, read=0.3)


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSimulator]:
    running = start_simulator(settings(tmp_path_factory.mktemp("enaio-sim-faults")))
    yield running
    running.stop()


@pytest.fixture
def c(sim: RunningSimulator) -> Iterator[httpx.Client]:
    sim.set_faults(Faults())
    with client(sim) as cl:
        cl.post("/_sim/reset").raise_for_status()
        yield cl
    sim.set_faults(Faults())


def api_objects(sim: RunningSimulator) -> list[str]:
    return [o["fields"].get("ExterneId", "") for o in sim.objects() if o["api"] != "seed"]


def test_error_500_and_503_answer_before_anything(sim: RunningSimulator, c: httpx.Client) -> None:
    sim.set_faults(Faults(p_error_500=1.0))
    r = dms_insert(c, doc_properties(seed_folder_id(sim)))
    assert r.status_code == 500 and r.json()["exception"].startswith("java.")
    assert "at com." in r.json()["trace"]
    with httpx.Client(base_url=sim.url) as anon:  # faults come before auth
        assert anon.get("/osrest/api/serviceinfo").status_code == 500
    sim.set_faults(Faults(p_error_503=1.0))
    assert insert(c, seed_folder_id(sim), doc_fields()).status_code == 503
    assert api_objects(sim) == []
    assert c.get("/_sim/objects").status_code == 200  # admin routes are never faulted
    assert c.get("/").status_code == 200


def test_down_answers_503_everywhere_in_the_api(sim: RunningSimulator, c: httpx.Client) -> None:
    sim.set_faults(Faults(down=True))
    for method, path in (
        ("GET", "/osrest/api/serviceinfo/ping"),
        ("GET", "/osrest/api/objdef/global"),
        ("POST", "/api/dms/objects/search"),
        ("GET", f"/api/dms/objects/{seed_folder_id(sim)}"),
    ):
        assert c.request(method, path).status_code == 503, path
    assert c.get("/_sim/faults").json()["down"] is True


def test_timeout_stores_nothing(sim: RunningSimulator, c: httpx.Client) -> None:
    sim.set_faults(Faults(p_timeout=1.0, hang_seconds=HANG))
    body = {"objects": [{"properties": doc_properties(seed_folder_id(sim))}]}
    with pytest.raises(httpx.ReadTimeout):
        c.post("/api/dms/objects", json=body, timeout=SHORT)
    assert api_objects(sim) == []


def test_slow_after_store_leaves_the_object_stored(sim: RunningSimulator, c: httpx.Client) -> None:
    sim.set_faults(Faults(p_slow_after_store=1.0, hang_seconds=HANG))
    with pytest.raises(httpx.ReadTimeout):
        c.post(
            "/api/dms/objects",
            json={"objects": [{"properties": doc_properties(seed_folder_id(sim), "LANGSAM")}]},
            timeout=SHORT,
        )
    assert api_objects(sim) == ["LANGSAM"]
    # searches are not inserts: no after-store fault
    r = c.post(
        "/api/dms/objects/search", json={"query": {"statement": "SELECT * FROM Eingangspost"}}
    )
    assert r.status_code == 200


@pytest.mark.parametrize("api", ["dms", "osrest"])
def test_drop_after_store_breaks_the_answer_but_keeps_the_object(
    sim: RunningSimulator, c: httpx.Client, api: str
) -> None:
    sim.set_faults(Faults(p_drop_after_store=1.0))
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        if api == "dms":
            dms_insert(c, doc_properties(seed_folder_id(sim), "ABGEBROCHEN"))
        else:
            insert(c, seed_folder_id(sim), doc_fields("ABGEBROCHEN"))
    [stored] = [o for o in sim.objects() if o["api"] == api]
    assert stored["fields"]["ExterneId"] == "ABGEBROCHEN"
    sim.set_faults(Faults())
    with client(sim) as fresh:
        assert fresh.get(f"/api/dms/objects/{stored['id']}/contents/file").content == PDF


def test_seeded_faults_are_reproducible_and_latency_works(
    sim: RunningSimulator, c: httpx.Client
) -> None:
    def statuses() -> list[int]:
        sim.set_faults(Faults(p_error_503=0.5, latency_ms=(1, 5), seed=1234))
        return [c.get("/osrest/api/serviceinfo/ping").status_code for _ in range(12)]

    first = statuses()
    assert first == statuses()
    assert set(first) == {200, 503}


def test_admin_fault_routes(sim: RunningSimulator, c: httpx.Client) -> None:
    assert c.get("/_sim/faults").json()["p_error_500"] == 0.0
    r = c.put("/_sim/faults", json={"p_error_503": 1.0, "latency_ms": [0, 1], "hang_seconds": 1})
    assert r.status_code == 200 and r.json()["p_error_503"] == 1.0
    assert c.get("/api/dms/objects/1").status_code == 503
    assert c.put("/_sim/faults", json={"p_error_503": 2}).status_code == 400
    assert c.put("/_sim/faults", json={"gibt_es_nicht": 1}).status_code == 400
    assert c.put("/_sim/faults", json={}).status_code == 200
    assert c.get("/osrest/api/serviceinfo/ping").status_code == 200


def test_admin_objects_and_reset(sim: RunningSimulator, c: httpx.Client) -> None:
    doc = new_id(dms_insert(c, doc_properties(seed_folder_id(sim))))
    listed = c.get("/_sim/objects").json()
    assert listed == sim.objects()
    assert {o["id"] for o in listed} == {seed_folder_id(sim), doc}
    assert set(listed[0]) == {
        "id", "type", "type_id", "main_type", "parent_id", "fields",
        "file_name", "sha256", "created_at", "api",
    }  # fmt: skip
    assert c.post("/_sim/reset").json() == {"deleted": 1}
    assert [o["api"] for o in sim.objects()] == ["seed"]


def test_web_page_shows_banner_objects_and_escapes(sim: RunningSimulator, c: httpx.Client) -> None:
    evil = "<script>alert('x')</script>"
    new_id(dms_insert(c, doc_properties(seed_folder_id(sim), "SEITE-1", Betreff=evil)))
    sim.set_faults(Faults(p_error_500=0.25))
    r = c.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "enaio-SIMULATOR — kein echtes enaio / not a real enaio" in page
    assert "SEITE-1" in page and "s.pdf" in page and "Tiefbauamt" in page
    assert evil not in page and "&lt;script&gt;" in page
    assert "p_error_500" in page and "0.25" in page


def test_cli_runs_in_foreground_until_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "SIM_PW": PASSWORD}
    cmd = [
        sys.executable, "-m", "dms_connector.simulator", "--host", "127.0.0.1", "--port", "0",
        "--data-dir", str(tmp_path), "--user", USER, "--password-env", "SIM_PW",
        "--folder", "Fachbereich:Kennung=66,Bezeichnung=Tiefbauamt",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "enaio SIMULATOR (not a real enaio) listening on http://127.0.0.1:" in line
        url = line.split(" on ")[1].split()[0]
        objects = httpx.get(f"{url}/_sim/objects", auth=(USER, PASSWORD), timeout=5).json()
        assert [o["fields"] for o in objects] == [{"Kennung": "66", "Bezeichnung": "Tiefbauamt"}]
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
