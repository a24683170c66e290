"""The ``DmsClient`` protocol, its value types and errors.

Two implementations speak enaio's two REST APIs (``dms_service.py`` for the
DMS service ``/api/dms``, ``appconnector.py`` for the appconnector "OSRest"
``/osrest/api``); ``memory.py`` is the in-process fake for unit tests.
Both are driven the same way by the delivery outbox:

1. ``find_by_field(document_type, external_id_field, our_id)`` — adopt an
   object a previous, interrupted attempt already created;
2. otherwise ``insert(...)`` once, and record the object id it returns.

Errors (``errors.py``) are split by what the caller should do: ``DmsUnavailable`` (retry
later: connection refused/dropped, timeout, 5xx, 429), ``DmsAuthError``
(wrong credentials: fix the configuration; retried, never failed per
document), ``DmsRejected`` (the server refused *this* request: 4xx with its
body; permanent for this document) and ``DmsProtocolError`` (an answer we
cannot read)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class MainType(StrEnum):
    FOLDER = "folder"
    REGISTER = "register"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One index field of an object type, addressed by its internal name."""

    internal_name: str
    display_name: str = ""
    type: str = "TEXT"  # TEXT | DATE | NUMBER | ... as the server reports it
    required: bool = False
    length: int | None = None  # maximum characters for text fields, when reported


@dataclass(frozen=True, slots=True)
class ObjectType:
    internal_name: str
    type_id: str  # numeric objectTypeId as a string (maintype << 16 | subtype)
    main_type: MainType
    cabinet: str = ""
    display_name: str = ""
    fields: Mapping[str, FieldDef] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ObjectDefinition:
    """The part of the server's object definition we need, by internal name."""

    types: Mapping[str, ObjectType]

    def get(self, internal_name: str) -> ObjectType | None:
        return self.types.get(internal_name)


@dataclass(frozen=True, slots=True)
class DmsObject:
    """An object found or read in enaio."""

    object_id: str
    object_type: str | None = None  # internal name (or type id when only that is known)
    parent_id: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document to insert: already mapped to enaio names and value formats."""

    object_type: str  # internal name of the document type
    parent_id: str  # id of the folder or register to file it in
    fields: Mapping[str, str]  # field internal name -> value (formatted string)
    content: bytes
    file_name: str
    mime_type: str = "application/pdf"


class DmsClient(Protocol):
    """One enaio REST API. Implementations take an injected ``httpx.Client``."""

    api: str  # "dms" | "osrest"

    def check(self) -> None:
        """Check reachability and credentials; raise a ``DmsError`` if not OK."""

    def object_definition(self) -> ObjectDefinition | None:
        """The server's object definition, or None when the server offers none."""

    def find_by_field(self, object_type: str, field_name: str, value: str) -> list[DmsObject]:
        """Objects of ``object_type`` whose index field ``field_name`` equals ``value``."""

    def insert(self, document: NewDocument) -> str:
        """Create the document with its content; return the new object id."""

    def get(self, object_id: str) -> DmsObject | None:
        """One object's index data, or None when the id does not exist."""

    def close(self) -> None: ...
