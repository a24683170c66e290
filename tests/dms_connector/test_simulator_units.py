"""Pure parts of the enaio SIMULATOR without a server: the SQL subset parser,
value normalisation, fault settings, object definition checks and CLI parsing."""

from __future__ import annotations

import argparse
import contextlib
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dms_connector.base import MainType
from dms_connector.simulator.__main__ import parse_folder
from dms_connector.simulator.faults import Faults, faults_from_json, faults_to_json
from dms_connector.simulator.objdef import FieldKind, SimField, SimObjdef, load_default_objdef
from dms_connector.simulator.sql import Condition, Literal, Param, Query, SqlError, parse
from dms_connector.simulator.values import ValueProblem, normalize_value, parse_datetime

DATE = SimField("D", "D", "feld1", FieldKind.DATE, None, False)
TEXT5 = SimField("T", "T", "feld2", FieldKind.TEXT, 5, False)


def test_parse_full_statement() -> None:
    q = parse(
        "select system:objectId, Betreff FROM Eingangspost WHERE ExterneId = @ext "
        "AND Betreff IN ('it''s', 42) and Absender is not null ORDER BY Betreff DESC, x"
    )
    assert q == Query(
        columns=("system:objectId", "Betreff"),
        type_name="Eingangspost",
        where=(
            Condition("ExterneId", "=", (Param("ext"),)),
            Condition("Betreff", "IN", (Literal("it's"), Literal("42"))),
            Condition("Absender", "IS NOT NULL"),
        ),
        order_by=(("Betreff", True), ("x", False)),
    )
    assert parse("SELECT * FROM Fachbereich").columns is None


@pytest.mark.parametrize(
    "statement",
    [
        "",
        "SELECT",
        "SELECT * FROM",
        "SELECT * FROM A WHERE",
        "SELECT * FROM A WHERE b = ",
        "SELECT * FROM A WHERE b = @x OR c = 1",
        "SELECT * FROM A WHERE b LIKE 'x%'",
        "SELECT a AS b FROM A",
        "SELECT * FROM A; DROP TABLE objects",
        "SELECT * FROM A UNION SELECT * FROM B",
        "SELECT * FROM A WHERE b IN ()",
    ],
)
def test_parse_rejects_outside_the_subset(statement: str) -> None:
    with pytest.raises(SqlError):
        parse(statement)


@given(st.text(max_size=80))
def test_parse_never_fails_otherwise(statement: str) -> None:
    with contextlib.suppress(SqlError):
        parse(statement)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-17", "2024-05-17"),
        ("2024-05-17T10:11:12", "2024-05-17"),
        ("2024-05-17T10:11:12Z", "2024-05-17"),
        ("17.05.2024", "2024-05-17"),
    ],
)
def test_date_formats(text: str, expected: str) -> None:
    assert normalize_value(DATE, text) == expected


@pytest.mark.parametrize(
    "text", ["17/05/2024", "2024-5-17", "31.02.2024", "heute", "2024-05-17 10:00"]
)
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueProblem):
        normalize_value(DATE, text)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_iso_and_german_dates_agree(d: date) -> None:
    german = d.strftime("%d.%m.%Y")
    assert normalize_value(DATE, d.isoformat()) == normalize_value(DATE, german) == d.isoformat()
    assert parse_datetime(german) is not None


@pytest.mark.parametrize(
    ("raw", "stored"), [("abcde", "abcde"), ("", None), (None, None), (7, "7")]
)
def test_text_values(raw: Any, stored: str | None) -> None:
    assert normalize_value(TEXT5, raw) == stored


@pytest.mark.parametrize("raw", ["abcdef", True, {"value": "x"}, ["a"]])
def test_bad_text_values(raw: Any) -> None:
    with pytest.raises(ValueProblem):
        normalize_value(TEXT5, raw)


def test_faults_json_round_trip_and_checks() -> None:
    faults = Faults(latency_ms=(5, 10), p_error_503=0.5, seed=3, down=True)
    assert faults_from_json(faults_to_json(faults)) == faults
    for bad in ({"p_timeout": 1.5}, {"latency_ms": [5, 1]}, {"down": "ja"}, {"nope": 1}):
        with pytest.raises(ValueError):
            faults_from_json(bad)


def test_default_objdef() -> None:
    objdef = SimObjdef(load_default_objdef())
    doc = objdef.types["Eingangspost"]
    assert objdef.resolve("262210") is doc and objdef.resolve(262210) is doc
    assert (doc.main_type, doc.type_id, doc.cabinet) == (MainType.DOCUMENT, "262210", "Posteingang")
    assert [f for f, s in doc.fields.items() if s.required] == ["ExterneId", "Eingangsdatum"]
    assert objdef.types["Vorgang"].main_type is MainType.REGISTER
    assert objdef.types["Fachbereich"].fields["Kennung"].length == 20
    folder, register = objdef.types["Fachbereich"], objdef.types["Vorgang"]
    assert objdef.max_children(doc, folder) == -1 and objdef.max_children(doc, register) == -1
    assert objdef.max_children(register, folder) == -1
    assert objdef.max_children(register, register) == 0
    assert objdef.max_children(folder, folder) == 0


def test_objdef_checks() -> None:
    raw = load_default_objdef()
    raw["asobjdef"]["cabinet"][0]["object"][2]["maintype"] = 2
    with pytest.raises(ValueError, match="maintype"):
        SimObjdef(raw)
    with pytest.raises(ValueError, match="asobjdef"):
        SimObjdef({"cabinet": []})
    raw = load_default_objdef()
    raw["asobjdef"]["cabinet"][0]["object"][0]["children"]["child"].append({"internal": "X"})
    with pytest.raises(ValueError, match="unknown child"):
        SimObjdef(raw)


def test_parse_folder_argument() -> None:
    assert parse_folder("Fachbereich:Kennung=66,Bezeichnung=Tief=bau") == (
        "Fachbereich",
        {"Kennung": "66", "Bezeichnung": "Tief=bau"},
    )
    for bad in ("Fachbereich", ":Kennung=1", "Fachbereich:Kennung"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_folder(bad)
