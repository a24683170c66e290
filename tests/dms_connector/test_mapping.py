"""The field mapping, the target resolver and the mapping check against an
object definition (pure logic, on the in-memory client)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from dms_connector.base import FieldDef, MainType, ObjectDefinition, ObjectType
from dms_connector.config import DepartmentTarget, DmsConfig, FieldMap
from dms_connector.errors import MappingError
from dms_connector.mapping import (
    LetterRecord,
    TargetResolver,
    build_document,
    choose_reference,
    clean_text,
    truncate,
    validate_mapping,
)
from dms_connector.memory import MemoryDmsClient, default_object_definition

OBJDEF = default_object_definition()


def record(**changes: Any) -> LetterRecord:
    values: dict[str, Any] = {
        "document_id": "doc-0001",
        "department": "66",
        "received_at": datetime(2024, 5, 17, 8, 30, tzinfo=UTC),
        "sender": "Muster GmbH",
        "subject": "Widerspruch gegen Bescheid",
        "letter_date": date(2024, 5, 14),
        "references": (("kassenzeichen", "K-1"), ("aktenzeichen", "66.1-2024")),
        "content": b"%PDF",
        "file_name": "doc-0001.pdf",
    }
    return LetterRecord(**(values | changes))


# -- build_document ------------------------------------------------------------------


def test_build_document_maps_every_field_iso() -> None:
    doc = build_document(record(), DmsConfig(), "4711", OBJDEF)
    assert doc.object_type == "Eingangspost"
    assert doc.parent_id == "4711"
    assert doc.content == b"%PDF"
    assert doc.file_name == "doc-0001.pdf"
    assert doc.mime_type == "application/pdf"
    assert dict(doc.fields) == {
        "ExterneId": "doc-0001",
        "Eingangsdatum": "2024-05-17",
        "Absender": "Muster GmbH",
        "Betreff": "Widerspruch gegen Bescheid",
        "Briefdatum": "2024-05-14",
        "Aktenzeichen": "66.1-2024",
        "Organisationseinheit": "66",
    }


def test_german_dates_default_for_the_appconnector() -> None:
    doc = build_document(record(), DmsConfig(api="osrest"), "1", None)
    assert doc.fields["Eingangsdatum"] == "17.05.2024"
    assert doc.fields["Briefdatum"] == "14.05.2024"
    explicit = build_document(record(), DmsConfig(date_format="german"), "1", None)
    assert explicit.fields["Eingangsdatum"] == "17.05.2024"


@pytest.mark.parametrize(
    ("received_at", "expected"),
    [
        (datetime(2024, 5, 16, 22, 30, tzinfo=UTC), "2024-05-17"),  # 00:30 in Berlin (CEST)
        (datetime(2024, 1, 16, 22, 59, tzinfo=UTC), "2024-01-16"),  # 23:59 in Berlin (CET)
        (datetime(2024, 5, 17, 1, 0, tzinfo=timezone(timedelta(hours=5))), "2024-05-16"),
        (datetime(2024, 5, 16, 23, 0), "2024-05-17"),  # naive = UTC
    ],
)
def test_received_at_is_the_berlin_date(received_at: datetime, expected: str) -> None:
    doc = build_document(record(received_at=received_at), DmsConfig(), "1", None)
    assert doc.fields["Eingangsdatum"] == expected


def test_none_values_and_unmapped_fields_are_left_out() -> None:
    cfg = DmsConfig(fields=FieldMap(department="", subject=""))
    doc = build_document(
        record(sender=None, letter_date=None, references=(), subject="x"), cfg, "1", None
    )
    assert set(doc.fields) == {"ExterneId", "Eingangsdatum"}


def test_text_is_cleaned_and_truncated_to_the_field_length() -> None:
    long_subject = "Antrag auf Erteilung einer Baugenehmigung " * 10
    doc = build_document(
        record(sender="Muster\x00 GmbH\r\n\tAbt.\x07 3", subject=long_subject),
        DmsConfig(),
        "1",
        OBJDEF,
    )
    assert doc.fields["Absender"] == "Muster GmbH Abt. 3"
    assert len(doc.fields["Betreff"]) == 255
    assert doc.fields["Betreff"].endswith("…")
    assert not doc.fields["Betreff"].endswith(" …")


def test_no_truncation_without_a_definition() -> None:
    doc = build_document(record(sender="x" * 500), DmsConfig(), "1", None)
    assert len(doc.fields["Absender"]) == 500


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [("abcdef", 6, "abcdef"), ("abcdef", 5, "abcd…"), ("ab cdef", 4, "ab…"), ("abc", 1, "…")],
)
def test_truncate(text: str, length: int, expected: str) -> None:
    assert truncate(text, length) == expected


def test_clean_text_keeps_umlauts_and_removes_controls() -> None:
    assert clean_text("Straße\u0085 Nr.\x1b 5\u2028Köln ") == "Straße Nr. 5 Köln"


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        ((("ihr_zeichen", "IZ"), ("aktenzeichen", "AZ"), ("unser_zeichen", "UZ")), "AZ"),
        ((("unser_zeichen", "UZ"), ("ihr_zeichen", "IZ")), "IZ"),
        ((("kassenzeichen", "K"), ("unser_zeichen", "UZ")), "UZ"),
        ((("kassenzeichen", "K"), ("steuernummer", "S")), "K"),
        ((("aktenzeichen", " "), ("bauantrag", "B")), "B"),
        ((), None),
    ],
)
def test_reference_choice(references: tuple[tuple[str, str], ...], expected: str | None) -> None:
    assert choose_reference(references) == expected


# -- validate_mapping ----------------------------------------------------------------


def test_default_mapping_fits_the_default_definition() -> None:
    assert validate_mapping(OBJDEF, DmsConfig(), ["66", "32"]) == []


def test_unknown_field_is_named_with_the_type_fields() -> None:
    cfg = DmsConfig(fields=FieldMap(sender="Absendername"))
    [problem] = validate_mapping(OBJDEF, cfg, ["66"])
    assert "'Absendername'" in problem
    assert "dms.fields.sender" in problem
    assert "Eingangspost" in problem
    assert "Absender, Betreff" in problem


def test_unknown_external_id_field_says_why_it_matters() -> None:
    cfg = DmsConfig(fields=FieldMap(external_id="Fremdschluessel"))
    problems = validate_mapping(OBJDEF, cfg, ["66"])
    assert any("Fremdschluessel" in p and "retried delivery" in p for p in problems)
    # ExterneId is required and now no longer filled
    assert any("requires field 'ExterneId'" in p for p in problems)


def test_unknown_types() -> None:
    cfg = DmsConfig(document_type="Posteingang", folder_type="Abteilung")
    problems = validate_mapping(OBJDEF, cfg, ["66"])
    assert len(problems) == 2
    assert "document type 'Posteingang'" in problems[0]
    assert "document types: Eingangspost" in problems[0]
    assert "folder type 'Abteilung'" in problems[1]
    assert "Fachbereich" in problems[1]


def test_types_of_the_wrong_kind() -> None:
    cfg = DmsConfig(document_type="Fachbereich", folder_type="Eingangspost")
    problems = validate_mapping(OBJDEF, cfg, ["66"])
    assert "not a document type" in problems[0]
    assert "not a folder or register type" in problems[1]


def test_register_is_an_acceptable_folder_type() -> None:
    cfg = DmsConfig(folder_type="Vorgang", folder_key_field="Vorgangsnummer")
    assert validate_mapping(OBJDEF, cfg, ["66"]) == []


def test_missing_required_field() -> None:
    doc_type = OBJDEF.types["Eingangspost"]
    fields = dict(doc_type.fields) | {"Pflicht": FieldDef("Pflicht", required=True)}
    objdef = ObjectDefinition(
        dict(OBJDEF.types) | {"Eingangspost": replace(doc_type, fields=fields)}
    )
    [problem] = validate_mapping(objdef, DmsConfig(), ["66"])
    assert "requires field 'Pflicht'" in problem


def test_folder_key_and_target_index_fields() -> None:
    cfg = DmsConfig(
        folder_key_field="Nummer",
        targets={"32": DepartmentTarget(index={"Kennung": "32", "Kuerzel": "OA"})},
    )
    problems = validate_mapping(OBJDEF, cfg, ["66", "32"])
    assert len(problems) == 2
    assert "folder_key_field 'Nummer'" in problems[0]
    assert "Kennung, Bezeichnung" in problems[0]
    assert "'Kuerzel'" in problems[1] and 'dms.targets."32".index' in problems[1]
    # when every department has a target, the key field is not used
    only_targets = validate_mapping(OBJDEF, cfg, ["32"])
    assert len(only_targets) == 1


def test_duplicate_field_names_in_the_map() -> None:
    cfg = DmsConfig(fields=FieldMap(subject="Betreff", sender="Betreff"))
    problems = validate_mapping(OBJDEF, cfg, ["66"])
    assert any("both map to 'Betreff'" in p for p in problems)


# -- TargetResolver ------------------------------------------------------------------


def test_resolver_looks_up_once_and_caches() -> None:
    client = MemoryDmsClient()
    folder = client.add_folder({"Kennung": "66", "Bezeichnung": "Tiefbau"})
    client.add_folder({"Kennung": "32"})
    resolver = TargetResolver(client, DmsConfig())
    assert resolver.resolve("66") == folder
    assert resolver.resolve("66") == folder
    assert client.calls["find"] == 1
    resolver.forget("66")
    assert resolver.resolve("66") == folder
    assert client.calls["find"] == 2


def test_resolver_explicit_location_needs_no_lookup() -> None:
    client = MemoryDmsClient()
    cfg = DmsConfig(targets={"66": DepartmentTarget(location_id="4711")})
    assert TargetResolver(client, cfg).resolve("66") == "4711"
    assert client.calls["find"] == 0


def test_resolver_by_index_filters_the_remaining_fields() -> None:
    client = MemoryDmsClient()
    client.add_folder({"Kennung": "66", "Bezeichnung": "Tiefbau"})
    wanted = client.add_folder({"Kennung": "66", "Bezeichnung": "Straßenbau"})
    cfg = DmsConfig(
        targets={"66": DepartmentTarget(index={"Kennung": "66", "Bezeichnung": "Straßenbau"})}
    )
    assert TargetResolver(client, cfg).resolve("66") == wanted


def test_resolver_reads_objects_when_the_search_omits_fields() -> None:
    class SparseClient(MemoryDmsClient):
        """Like the DMS service: a search returns only the columns it selected."""

        def find_by_field(self, object_type: str, field_name: str, value: str) -> Any:
            return [
                replace(hit, fields={field_name: value})
                for hit in super().find_by_field(object_type, field_name, value)
            ]

    client = SparseClient()
    client.add_folder({"Kennung": "66", "Bezeichnung": "Tiefbau"})
    wanted = client.add_folder({"Kennung": "66", "Bezeichnung": "Straßenbau"})
    cfg = DmsConfig(
        targets={"66": DepartmentTarget(index={"Kennung": "66", "Bezeichnung": "Straßenbau"})}
    )
    assert TargetResolver(client, cfg).resolve("66") == wanted
    assert client.calls["get"] == 2


def test_resolver_none_found() -> None:
    resolver = TargetResolver(MemoryDmsClient(), DmsConfig())
    with pytest.raises(MappingError) as info:
        resolver.resolve("66")
    assert str(info.value) == (
        "no enaio folder of type Fachbereich with Kennung='66': create it in enaio or "
        'set dms.targets."66".location_id'
    )


def test_resolver_several_found_lists_them_and_does_not_cache() -> None:
    client = MemoryDmsClient()
    first = client.add_folder({"Kennung": "66"})
    second = client.add_folder({"Kennung": "66"})
    resolver = TargetResolver(client, DmsConfig())
    with pytest.raises(MappingError, match=f"ids {first}, {second}"):
        resolver.resolve("66")
    with pytest.raises(MappingError):
        resolver.resolve("66")
    assert client.calls["find"] == 2


def test_resolver_uses_the_configured_folder_type() -> None:
    objdef = ObjectDefinition(
        dict(OBJDEF.types)
        | {
            "Amt": ObjectType(
                "Amt", "9", MainType.FOLDER, fields={"Nr": FieldDef("Nr", required=True)}
            )
        }
    )
    client = MemoryDmsClient(objdef)
    client.add_folder({"Kennung": "66"})
    amt = client.add_folder({"Nr": "66"}, object_type="Amt")
    cfg = DmsConfig(folder_type="Amt", folder_key_field="Nr")
    assert TargetResolver(client, cfg).resolve("66") == amt
