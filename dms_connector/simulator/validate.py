"""Checks shared by both simulated APIs: turn a client's request for one object
(a ``Draft``) into a row to store, or raise ``SimProblem`` saying why enaio
would refuse it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from dms_connector.base import MainType
from dms_connector.simulator.objdef import SimObjdef, SimType
from dms_connector.simulator.store import Content, NewRow, SimStore, StoredObject, UpdateRow
from dms_connector.simulator.values import ValueProblem, normalize_value


class ProblemKind(StrEnum):
    BAD_REQUEST = "BAD_REQUEST"
    UNKNOWN_TYPE = "UNKNOWN_TYPE"
    UNKNOWN_FIELD = "UNKNOWN_FIELD"
    MISSING_REQUIRED = "MISSING_REQUIRED"
    BAD_VALUE = "BAD_VALUE"
    PARENT_REQUIRED = "PARENT_REQUIRED"
    PARENT_NOT_FOUND = "PARENT_NOT_FOUND"
    PARENT_NOT_ALLOWED = "PARENT_NOT_ALLOWED"
    LOCATION_FULL = "LOCATION_FULL"
    CONTENT_MISSING = "CONTENT_MISSING"
    CONTENT_NOT_ALLOWED = "CONTENT_NOT_ALLOWED"
    OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND"
    UNSUPPORTED = "UNSUPPORTED"


# [U] enaio's numeric error codes for these cases are not public; 1001 (object not found)
# is the documented one, the rest are the simulator's own.
ERROR_CODES: Mapping[ProblemKind, int] = {
    ProblemKind.BAD_REQUEST: 2000,
    ProblemKind.UNKNOWN_TYPE: 2001,
    ProblemKind.UNKNOWN_FIELD: 2002,
    ProblemKind.MISSING_REQUIRED: 2003,
    ProblemKind.BAD_VALUE: 2004,
    ProblemKind.PARENT_REQUIRED: 2005,
    ProblemKind.PARENT_NOT_FOUND: 1001,
    ProblemKind.PARENT_NOT_ALLOWED: 2006,
    ProblemKind.LOCATION_FULL: 2007,
    ProblemKind.CONTENT_MISSING: 2008,
    ProblemKind.CONTENT_NOT_ALLOWED: 2009,
    ProblemKind.OBJECT_NOT_FOUND: 1001,
    ProblemKind.UNSUPPORTED: 2010,
}


class SimProblem(Exception):
    """Why the simulated enaio refuses a request."""

    def __init__(self, kind: ProblemKind, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.field = field

    @property
    def code(self) -> int:
        return ERROR_CODES[self.kind]


@dataclass(frozen=True, slots=True)
class Draft:
    """One object as a client described it, independent of the API it used."""

    type_ref: str | None  # numeric type id or internal name
    parent_ref: str | None  # raw parent id; None = no parent given
    fields: Mapping[str, object] = field(default_factory=dict)  # internal name -> raw value
    content: Content | None = None
    object_id: str | None = None  # set for updates


def resolve_type(objdef: SimObjdef, ref: str | None) -> SimType:
    if ref is None or str(ref).strip() == "":
        raise SimProblem(ProblemKind.UNKNOWN_TYPE, "no object type given")
    found = objdef.resolve(ref)
    if found is None:
        raise SimProblem(ProblemKind.UNKNOWN_TYPE, f"unknown object type {ref!r}")
    return found


def _merge_fields(
    t: SimType, current: Mapping[str, str], raw: Mapping[str, object]
) -> dict[str, str]:
    merged = dict(current)
    for name, value in raw.items():
        spec = t.fields.get(name)
        if spec is None:
            raise SimProblem(
                ProblemKind.UNKNOWN_FIELD, f"type {t.internal} has no field {name!r}", field=name
            )
        try:
            stored = normalize_value(spec, value)
        except ValueProblem as e:
            raise SimProblem(ProblemKind.BAD_VALUE, str(e), field=name) from None
        if stored is None:
            merged.pop(name, None)
        else:
            merged[name] = stored
    for spec in t.fields.values():
        if spec.required and spec.internal not in merged:
            raise SimProblem(
                ProblemKind.MISSING_REQUIRED,
                f"required field {spec.internal} of type {t.internal} has no value",
                field=spec.internal,
            )
    return merged


def find_object(store: SimStore, ref: str | None) -> StoredObject | None:
    text = (ref or "").strip()
    if not text.isdigit():
        return None
    return store.get(int(text))


def _check_parent(objdef: SimObjdef, store: SimStore, t: SimType, ref: str | None) -> int | None:
    if t.main_type is MainType.FOLDER:
        if ref not in (None, "", "0"):
            raise SimProblem(
                ProblemKind.PARENT_NOT_ALLOWED, f"folder type {t.internal} cannot have a parent"
            )
        return None
    if ref in (None, "", "0"):
        raise SimProblem(
            ProblemKind.PARENT_REQUIRED, f"{t.main_type.value} type {t.internal} needs a parent"
        )
    if ref == "system:tray":
        raise SimProblem(ProblemKind.UNSUPPORTED, "the user tray is not simulated")
    parent = find_object(store, ref)
    if parent is None:
        raise SimProblem(ProblemKind.PARENT_NOT_FOUND, f"parent object {ref} does not exist")
    parent_type = objdef.resolve(parent.type)
    limit = 0 if parent_type is None else objdef.max_children(t, parent_type)
    if limit == 0:
        raise SimProblem(
            ProblemKind.PARENT_NOT_ALLOWED,
            f"type {t.internal} is not allowed in {parent.type} {parent.id}",
        )
    if limit > 0 and store.count_children(parent.id, t.internal) >= limit:
        raise SimProblem(
            ProblemKind.LOCATION_FULL,
            f"{parent.type} {parent.id} holds at most {limit} {t.internal}",
        )
    return parent.id


def _check_content(t: SimType, content: Content | None) -> None:
    if content is not None and t.main_type is not MainType.DOCUMENT:
        raise SimProblem(
            ProblemKind.CONTENT_NOT_ALLOWED, f"{t.main_type.value} type {t.internal} takes no file"
        )


def plan_insert(
    objdef: SimObjdef, store: SimStore, draft: Draft, *, user: str, api: str
) -> tuple[SimType, NewRow]:
    t = resolve_type(objdef, draft.type_ref)
    fields = _merge_fields(t, {}, draft.fields)
    parent_id = _check_parent(objdef, store, t, draft.parent_ref)
    _check_content(t, draft.content)
    row = NewRow(
        type=t.internal,
        type_id=t.type_id,
        main_type=t.main_type,
        parent_id=parent_id,
        fields=fields,
        content=draft.content,
        created_by=user,
        api=api,
    )
    return t, row


def plan_update(objdef: SimObjdef, store: SimStore, draft: Draft) -> tuple[SimType, UpdateRow]:
    current = find_object(store, draft.object_id)
    if current is None:
        raise SimProblem(ProblemKind.OBJECT_NOT_FOUND, f"object {draft.object_id} does not exist")
    t = resolve_type(objdef, current.type)
    if draft.type_ref is not None and resolve_type(objdef, draft.type_ref) is not t:
        raise SimProblem(ProblemKind.UNSUPPORTED, "changing the object type is not simulated")
    if draft.parent_ref is not None and draft.parent_ref != str(current.parent_id):
        raise SimProblem(ProblemKind.UNSUPPORTED, "moving an object is not simulated")
    fields = _merge_fields(t, current.fields, draft.fields)
    _check_content(t, draft.content)
    return t, UpdateRow(id=current.id, fields=fields, content=draft.content)
