"""``MemoryDmsClient``: an in-process ``DmsClient`` for fast unit tests.

It holds folders and documents in dicts, validates inserts against its object
definition the way enaio would (unknown type or field, missing required field,
too long a value, unknown parent → ``DmsRejected``) and lets a test inject
failures:

* ``fail_next("insert", DmsUnavailable("down"), ...)``: raise these on the next
  calls of that operation (``check``, ``object_definition``, ``find``, ``insert``,
  ``get``), one per call;
* ``lose_next_answer()``: the next insert stores the document, then raises
  (default ``DmsUnavailable``) — the answer was lost, as after a timeout;
* ``hook``: a callable ``(operation, argument)`` run before every operation;
  whatever it raises propagates.

``calls`` counts operations by name, for idempotency assertions.
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from dms_connector.base import (
    DmsObject,
    FieldDef,
    MainType,
    NewDocument,
    ObjectDefinition,
    ObjectType,
)
from dms_connector.errors import DmsError, DmsRejected, DmsUnavailable

Operation = Literal["check", "object_definition", "find", "insert", "get"]
Hook = Callable[[str, object], None]


@dataclass(frozen=True, slots=True)
class StoredObject:
    object_id: str
    object_type: str
    parent_id: str | None
    fields: Mapping[str, str]
    content: bytes = b""
    file_name: str = ""
    mime_type: str = ""
    main_type: MainType = MainType.DOCUMENT


def default_object_definition() -> ObjectDefinition:
    """The simulator's shipped definition (cabinet Posteingang), matching ``DmsConfig``."""

    def text(name: str, length: int, required: bool = False) -> FieldDef:
        return FieldDef(name, name, "TEXT", required, length)

    def date(name: str, required: bool = False) -> FieldDef:
        return FieldDef(name, name, "DATE", required)

    folder = (text("Kennung", 20, True), text("Bezeichnung", 100))
    register = (text("Vorgangsnummer", 40, True),)
    document = (
        text("ExterneId", 64, True),
        date("Eingangsdatum", True),
        text("Absender", 120),
        text("Betreff", 255),
        date("Briefdatum"),
        text("Aktenzeichen", 60),
        text("Organisationseinheit", 20),
    )
    specs = [
        ("Fachbereich", "7", MainType.FOLDER, folder),
        ("Vorgang", "6488101", MainType.REGISTER, register),
        ("Eingangspost", "262210", MainType.DOCUMENT, document),
    ]
    return ObjectDefinition(
        types={
            name: ObjectType(
                name, type_id, main, "Posteingang", name, {f.internal_name: f for f in fs}
            )
            for name, type_id, main, fs in specs
        }
    )


@dataclass
class _Faults:
    queued: dict[str, deque[Exception]] = field(default_factory=dict)
    lose_answers: deque[Exception] = field(default_factory=deque)


class MemoryDmsClient:
    """``DmsClient`` held in memory; thread-safe."""

    api = "memory"

    def __init__(
        self, objdef: ObjectDefinition | None = None, *, offer_objdef: bool = True
    ) -> None:
        self._objdef = objdef if objdef is not None else default_object_definition()
        self._offer_objdef = offer_objdef
        self._objects: dict[str, StoredObject] = {}
        self._next_id = 1000
        self._lock = threading.Lock()
        self._faults = _Faults()
        self.hook: Hook | None = None
        self.calls: Counter[str] = Counter()
        self.closed = False

    # -- test controls ---------------------------------------------------------------

    def fail_next(self, operation: Operation, *errors: Exception) -> None:
        """Raise ``errors`` on the next calls of ``operation``, one per call."""
        with self._lock:
            self._faults.queued.setdefault(operation, deque()).extend(errors)

    def lose_next_answer(self, error: Exception | None = None) -> None:
        """The next insert stores its document, then raises ``error``."""
        with self._lock:
            self._faults.lose_answers.append(error or DmsUnavailable("answer lost (simulated)"))

    def add_folder(
        self,
        fields: Mapping[str, str],
        *,
        object_type: str = "Fachbereich",
        parent_id: str | None = None,
    ) -> str:
        """Create a folder (or a register, with ``parent_id``) and return its id."""
        found = self._objdef.get(object_type)
        main = found.main_type if found else MainType.FOLDER
        with self._lock:
            object_id = self._new_id()
            self._objects[object_id] = StoredObject(
                object_id, object_type, parent_id, dict(fields), main_type=main
            )
        return object_id

    def documents(self) -> list[StoredObject]:
        """Every stored document (not folders), in insertion order."""
        with self._lock:
            return [o for o in self._objects.values() if o.main_type is MainType.DOCUMENT]

    def content(self, object_id: str) -> bytes:
        with self._lock:
            return self._objects[object_id].content

    # -- DmsClient -------------------------------------------------------------------

    def check(self) -> None:
        self._enter("check", None)

    def object_definition(self) -> ObjectDefinition | None:
        self._enter("object_definition", None)
        return self._objdef if self._offer_objdef else None

    def find_by_field(self, object_type: str, field_name: str, value: str) -> list[DmsObject]:
        self._enter("find", (object_type, field_name, value))
        with self._lock:
            return [
                _public(o)
                for o in self._objects.values()
                if o.object_type == object_type and o.fields.get(field_name) == value
            ]

    def insert(self, document: NewDocument) -> str:
        self._enter("insert", document)
        with self._lock:
            self._validate(document)
            object_id = self._new_id()
            self._objects[object_id] = StoredObject(
                object_id,
                document.object_type,
                document.parent_id,
                dict(document.fields),
                document.content,
                document.file_name,
                document.mime_type,
            )
            lost = self._faults.lose_answers.popleft() if self._faults.lose_answers else None
        if lost is not None:
            raise lost
        return object_id

    def get(self, object_id: str) -> DmsObject | None:
        self._enter("get", object_id)
        with self._lock:
            found = self._objects.get(object_id)
        return _public(found) if found else None

    def close(self) -> None:
        self.closed = True

    # -- internals -------------------------------------------------------------------

    def _enter(self, operation: str, argument: object) -> None:
        with self._lock:
            self.calls[operation] += 1
            queue = self._faults.queued.get(operation)
            error = queue.popleft() if queue else None
        if self.hook is not None:
            self.hook(operation, argument)
        if error is not None:
            raise error

    def _new_id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def _validate(self, document: NewDocument) -> None:
        parent = self._objects.get(document.parent_id)
        if parent is None or parent.main_type is MainType.DOCUMENT:
            raise _rejected(f"location {document.parent_id} does not exist or is a document")
        object_type = self._objdef.get(document.object_type)
        if object_type is None or object_type.main_type is not MainType.DOCUMENT:
            raise _rejected(f"unknown document type {document.object_type!r}")
        for name, value in document.fields.items():
            field_def = object_type.fields.get(name)
            if field_def is None:
                raise _rejected(f"unknown field {name!r} on {document.object_type}")
            if field_def.length is not None and len(value) > field_def.length:
                raise _rejected(f"value of {name} is longer than {field_def.length} characters")
        for name, field_def in object_type.fields.items():
            if field_def.required and not document.fields.get(name):
                raise _rejected(f"required field {name} is empty")


def _rejected(message: str) -> DmsError:
    return DmsRejected(message, status=422, body=message)


def _public(stored: StoredObject) -> DmsObject:
    return DmsObject(stored.object_id, stored.object_type, stored.parent_id, dict(stored.fields))
