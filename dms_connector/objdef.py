"""Parse enaio's object definition (the ``asobjdef`` XML converted to JSON)
into an ``ObjectDefinition``.

Shape (appconnector ``GET /osrest/api/objdef/global``)::

    {"asobjdef": {"cabinet": [{"internal": "Posteingang", "name": "...",
        "object": [{"internal": "Eingangspost", "name": "...", "ids": {"oid": "262210"},
                    "maintype": "4",
                    "fields": {"field": [{"internal": "ExterneId", "name": "...",
                                          "fieldname": "feld1", "type": "TEXT",
                                          "length": "64", "flags": {"required": "1"}}]}}]}]}}

The main type comes from ``maintype`` (a number or a name) or else from the
type id: ``oid >> 16`` is 0 for folders, 99 for registers, anything else a
document (C2).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from dms_connector.base import FieldDef, MainType, ObjectDefinition, ObjectType
from dms_connector.errors import DmsProtocolError

# [U] The structure is inferred from third-party code (enaio-rest.md §2, C6).
# XML-to-JSON conversions turn one-element lists into a single dict and
# numbers/booleans into strings, so every list here may be a dict and every
# scalar a string. Fields inside page controls are nested deeper; they are
# collected wherever a ``fields.field`` appears below a field.

FOLDER_MAIN = 0
REGISTER_MAIN = 99
_MAIN_NAMES = {
    "FOLDER": MainType.FOLDER,
    "REGISTER": MainType.REGISTER,
    "DOCUMENT": MainType.DOCUMENT,
}
_TRUE = {"1", "true", "yes", "y", "on"}


def parse_object_definition(data: Any) -> ObjectDefinition:
    """The object definition in ``data``; ``DmsProtocolError`` if it has no cabinets."""
    root = data.get("asobjdef", data) if isinstance(data, Mapping) else None
    if not isinstance(root, Mapping) or "cabinet" not in root:
        raise DmsProtocolError("object definition has no asobjdef.cabinet")
    types: dict[str, ObjectType] = {}
    for cabinet in as_list(root.get("cabinet")):
        if not isinstance(cabinet, Mapping):
            continue
        cabinet_name = scalar_text(cabinet.get("internal")) or scalar_text(cabinet.get("name"))
        for entry in as_list(cabinet.get("object")):
            parsed = _object_type(entry, cabinet_name)
            if parsed is not None:
                types.setdefault(parsed.internal_name, parsed)
    return ObjectDefinition(types=types)


def main_type_of(type_id: str) -> MainType | None:
    """The main type encoded in a numeric object type id (``id >> 16``)."""
    try:
        main = int(type_id) >> 16
    except ValueError:
        return None
    return _main_from_number(main)


def as_list(value: Any) -> list[Any]:
    """``value`` as a list: XML-to-JSON turns one-element lists into the element."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _object_type(entry: Any, cabinet: str) -> ObjectType | None:
    if not isinstance(entry, Mapping):
        return None
    internal = scalar_text(entry.get("internal"))
    if not internal:
        return None
    ids = entry.get("ids")
    type_id = scalar_text(ids.get("oid")) if isinstance(ids, Mapping) else ""
    type_id = type_id or scalar_text(entry.get("oid")) or scalar_text(entry.get("id"))
    main = _main_type(entry.get("maintype"), type_id)
    if main is None:
        return None
    fields: dict[str, FieldDef] = {}
    for field_entry in _field_entries(entry.get("fields")):
        parsed = _field(field_entry)
        if parsed is not None:
            fields.setdefault(parsed.internal_name, parsed)
    return ObjectType(
        internal_name=internal,
        type_id=type_id,
        main_type=main,
        cabinet=cabinet,
        display_name=scalar_text(entry.get("name")),
        fields=fields,
    )


def _main_type(raw: Any, type_id: str) -> MainType | None:
    text = scalar_text(raw).upper()
    if text in _MAIN_NAMES:
        return _MAIN_NAMES[text]
    if text.lstrip("-").isdigit():
        return _main_from_number(int(text))
    return main_type_of(type_id)


def _main_from_number(main: int) -> MainType:
    if main == FOLDER_MAIN:
        return MainType.FOLDER
    if main == REGISTER_MAIN:
        return MainType.REGISTER
    return MainType.DOCUMENT


def _field_entries(fields: Any) -> Iterator[Mapping[str, Any]]:
    """Every field under ``fields`` (``{"field": [...]}`` or a bare list), with those
    nested in page controls below a field."""
    container = fields.get("field") if isinstance(fields, Mapping) else fields
    for entry in as_list(container):
        if not isinstance(entry, Mapping):
            continue
        yield entry
        for key, value in entry.items():
            if key != "flags":
                yield from _nested_fields(value)


def _nested_fields(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, Mapping):
        if "field" in value:
            yield from _field_entries(value)
            return
        for key, inner in value.items():
            if key == "fields":
                yield from _field_entries(inner)
            else:
                yield from _nested_fields(inner)
    elif isinstance(value, list):
        for item in value:
            yield from _nested_fields(item)


def _field(entry: Mapping[str, Any]) -> FieldDef | None:
    internal = scalar_text(entry.get("internal"))
    if not internal:
        return None
    flags = entry.get("flags")
    required = _flag(flags.get("required")) if isinstance(flags, Mapping) else False
    return FieldDef(
        internal_name=internal,
        display_name=scalar_text(entry.get("name")),
        type=scalar_text(entry.get("type")).upper() or "TEXT",
        required=required or _flag(entry.get("required")),
        length=_length(entry.get("length")),
    )


def _length(raw: Any) -> int | None:
    try:
        length = int(scalar_text(raw))
    except ValueError:
        return None
    return length if length > 0 else None


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return scalar_text(raw).lower() in _TRUE


def scalar_text(raw: Any) -> str:
    """A JSON scalar as text: "" for null/containers, ``1.0`` -> ``"1"``, stripped."""
    if raw is None or isinstance(raw, (Mapping, list)):
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()
