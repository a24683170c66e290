"""The object definition the enaio SIMULATOR enforces, read from asobjdef-like JSON.

Structure (the reference's [U] reading of enaio's XML-turned-JSON)::

    {"asobjdef": {"cabinet": [{"internal", "name", "object": [
        {"internal", "name", "ids": {"oid"}, "maintype",
         "fields": {"field": [{"internal", "name", "fieldname", "type", "length",
                               "flags": {"required"}}]},
         "children": {"child": [{"internal", "maxcount"}]}}]}]}}

A single element may appear as an object instead of a one-element list (as XML
converters do). ``children`` (the object-type relations) is the simulator's own
key: the public material does not show how relations appear in the JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any

from dms_connector.base import MainType


class FieldKind(StrEnum):
    TEXT = "TEXT"
    DATE = "DATE"
    DATETIME = "DATETIME"
    NUMBER = "NUMBER"
    INTEGER = "INTEGER"


@dataclass(frozen=True, slots=True)
class SimField:
    internal: str
    name: str
    db_name: str
    kind: FieldKind
    length: int | None
    required: bool


@dataclass(frozen=True, slots=True)
class SimType:
    internal: str
    name: str
    type_id: str
    main_type: MainType
    maintype: int
    cabinet: str
    cabinet_name: str
    fields: Mapping[str, SimField]
    children: Mapping[str, int] | None  # child internal name -> maxcount (-1 unlimited)

    @property
    def base_type(self) -> str:
        # [U] yuuvis names base types "system:folder"/"system:document"; enaio's register
        # value is a guess.
        return f"system:{self.main_type.value}"


def main_type_of(maintype: int) -> MainType:
    """enaio's rule (``objectTypeId >>> 16``): 0 folder, 99 register, anything else document."""
    if maintype == 0:
        return MainType.FOLDER
    if maintype == 99:
        return MainType.REGISTER
    return MainType.DOCUMENT


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{what}: expected a number, got {value!r}")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: expected a number, got {value!r}") from None


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes"}
    return bool(value)


def _parse_field(raw: Mapping[str, Any], where: str) -> SimField:
    internal = str(raw.get("internal") or "")
    if not internal:
        raise ValueError(f"{where}: field without 'internal'")
    kind_text = str(raw.get("type") or "TEXT").upper()
    try:
        kind = FieldKind(kind_text)
    except ValueError:
        raise ValueError(f"{where}.{internal}: unsupported field type {kind_text!r}") from None
    length_raw = raw.get("length")
    length = None if length_raw in (None, "") else _as_int(length_raw, f"{where}.{internal}")
    flags = raw.get("flags") or {}
    return SimField(
        internal=internal,
        name=str(raw.get("name") or internal),
        db_name=str(raw.get("fieldname") or internal.lower()),
        kind=kind,
        length=length,
        required=_as_bool(flags.get("required", False)),
    )


def _parse_type(raw: Mapping[str, Any], cabinet: str, cabinet_name: str) -> SimType:
    internal = str(raw.get("internal") or "")
    if not internal:
        raise ValueError(f"cabinet {cabinet}: object type without 'internal'")
    oid = _as_int((raw.get("ids") or {}).get("oid"), f"{internal}.ids.oid")
    maintype = oid >> 16
    if raw.get("maintype") not in (None, ""):
        declared = _as_int(raw["maintype"], f"{internal}.maintype")
        if declared != maintype:
            raise ValueError(f"{internal}: maintype {declared} does not match oid {oid} >> 16")
    fields: dict[str, SimField] = {}
    for f in _as_list((raw.get("fields") or {}).get("field")):
        parsed = _parse_field(f, internal)
        if parsed.internal in fields:
            raise ValueError(f"{internal}: duplicate field {parsed.internal}")
        fields[parsed.internal] = parsed
    children: dict[str, int] | None = None
    if "children" in raw:
        children = {}
        for child in _as_list((raw.get("children") or {}).get("child")):
            name = str(child.get("internal") or "")
            children[name] = _as_int(child.get("maxcount", -1), f"{internal}.children.{name}")
    return SimType(
        internal=internal,
        name=str(raw.get("name") or internal),
        type_id=str(oid),
        main_type=main_type_of(maintype),
        maintype=maintype,
        cabinet=cabinet,
        cabinet_name=cabinet_name,
        fields=fields,
        children=children,
    )


class SimObjdef:
    """Parsed object definition plus the raw JSON it came from (served as-is)."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw: dict[str, Any] = json.loads(json.dumps(raw))
        root = self.raw.get("asobjdef")
        if not isinstance(root, dict):
            raise ValueError("object definition: top-level key 'asobjdef' missing")
        self.types: dict[str, SimType] = {}
        self.by_id: dict[str, SimType] = {}
        self.cabinets: dict[str, str] = {}
        for cab in _as_list(root.get("cabinet")):
            cab_internal = str(cab.get("internal") or "")
            cab_name = str(cab.get("name") or cab_internal)
            self.cabinets[cab_internal] = cab_name
            for obj in _as_list(cab.get("object")):
                t = _parse_type(obj, cab_internal, cab_name)
                if t.internal in self.types or t.type_id in self.by_id:
                    raise ValueError(f"duplicate object type {t.internal} / {t.type_id}")
                self.types[t.internal] = t
                self.by_id[t.type_id] = t
        for t in self.types.values():
            for child in t.children or {}:
                if child not in self.types:
                    raise ValueError(f"{t.internal}: unknown child type {child}")
        canonical = json.dumps(self.raw, sort_keys=True, separators=(",", ":"))
        self.sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def resolve(self, ref: str | int) -> SimType | None:
        """A type by numeric id (string or number) or by internal name."""
        key = str(ref).strip()
        return self.by_id.get(key) or self.types.get(key)

    def max_children(self, child: SimType, parent: SimType) -> int:
        """How many ``child`` objects ``parent`` may hold: -1 unlimited, 0 not allowed."""
        if child.main_type is MainType.FOLDER or parent.main_type is MainType.DOCUMENT:
            return 0
        if parent.children is not None:
            return parent.children.get(child.internal, 0)
        # [U] no relations declared for this type: allow anything of the same cabinet.
        return -1 if child.cabinet == parent.cabinet else 0


def load_default_objdef() -> dict[str, Any]:
    """The shipped ``objdef.json``."""
    text = (
        resources.files("dms_connector.simulator")
        .joinpath("objdef.json")
        .read_text(encoding="utf-8")
    )
    data: dict[str, Any] = json.loads(text)
    return data
