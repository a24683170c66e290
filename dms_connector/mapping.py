"""From our letter to an enaio document: the field mapping, where it is filed
(``TargetResolver``) and a start-up check of the mapping against the server's
object definition (``validate_mapping``).

Values are sent as strings: dates as ISO ``YYYY-MM-DD`` or German
``DD.MM.YYYY`` (``DmsConfig.effective_date_format``), the intake time as its
calendar date in Europe/Berlin, text without control characters and cut to the
field's length when the definition reports one.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from dms_connector.base import (
    DmsClient,
    DmsObject,
    MainType,
    NewDocument,
    ObjectDefinition,
    ObjectType,
)
from dms_connector.config import DmsConfig
from dms_connector.errors import MappingError

BERLIN = ZoneInfo("Europe/Berlin")
ELLIPSIS = "…"
REFERENCE_PREFERENCE = ("aktenzeichen", "ihr_zeichen", "unser_zeichen")


@dataclass(frozen=True, slots=True)
class LetterRecord:
    """What we deliver about one letter (built by the application from its catalog)."""

    document_id: str
    department: str
    received_at: datetime  # aware; a naive value is taken as UTC
    sender: str | None
    subject: str | None
    letter_date: date | None
    # (kind, value); kinds like "aktenzeichen", "ihr_zeichen", "unser_zeichen",
    # "kassenzeichen", "steuernummer", "rechnungsnummer", "kundennummer",
    # "bestellnummer", "vorgangsnummer", "bauantrag"
    references: tuple[tuple[str, str], ...]
    content: bytes
    file_name: str


def build_document(
    record: LetterRecord,
    config: DmsConfig,
    parent_id: str,
    objdef: ObjectDefinition | None,
) -> NewDocument:
    """The ``NewDocument`` for ``record``, filed in ``parent_id``."""
    fmt = config.effective_date_format()
    fm = config.fields
    values: list[tuple[str, str | None]] = [
        (fm.external_id, record.document_id),
        (fm.received_at, format_date(berlin_date(record.received_at), fmt)),
        (fm.sender, record.sender),
        (fm.subject, record.subject),
        (fm.letter_date, format_date(record.letter_date, fmt) if record.letter_date else None),
        (fm.reference, choose_reference(record.references)),
        (fm.department, record.department),
    ]
    doc_type = objdef.get(config.document_type) if objdef is not None else None
    fields: dict[str, str] = {}
    for name, value in values:
        if not name or value is None or name in fields:
            continue
        text = clean_text(value)
        if not text:
            continue
        field_def = doc_type.fields.get(name) if doc_type is not None else None
        fields[name] = truncate(text, field_def.length if field_def else None)
    return NewDocument(
        object_type=config.document_type,
        parent_id=parent_id,
        fields=fields,
        content=record.content,
        file_name=clean_text(record.file_name) or f"{record.document_id}.pdf",
    )


def berlin_date(moment: datetime) -> date:
    """The calendar date of ``moment`` in Europe/Berlin (naive = UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BERLIN).date()


def format_date(value: date, fmt: Literal["iso", "german"]) -> str:
    return value.strftime("%d.%m.%Y") if fmt == "german" else value.isoformat()


def choose_reference(references: Iterable[tuple[str, str]]) -> str | None:
    """The first Aktenzeichen, else Ihr Zeichen, else Unser Zeichen, else the first one."""
    usable = [(kind.lower(), value) for kind, value in references if value.strip()]
    for wanted in REFERENCE_PREFERENCE:
        for kind, value in usable:
            if kind == wanted:
                return value
    return usable[0][1] if usable else None


def clean_text(value: str) -> str:
    """``value`` without control characters; line breaks and tabs become spaces."""
    out: list[str] = []
    for char in value:
        category = unicodedata.category(char)
        if char.isspace():
            out.append(" ")
        elif category not in ("Cc", "Cs"):
            out.append(char)
    return " ".join("".join(out).split())


def truncate(text: str, length: int | None) -> str:
    """``text`` cut to ``length`` characters, ending in "…" when cut."""
    if length is None or len(text) <= length:
        return text
    if length <= 1:
        return ELLIPSIS[:length]
    return text[: length - 1].rstrip() + ELLIPSIS


class TargetResolver:
    """Department id → id of the enaio folder (or register) to file into; cached."""

    def __init__(self, client: DmsClient, config: DmsConfig) -> None:
        self._client = client
        self._config = config
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    def resolve(self, department: str) -> str:
        with self._lock:
            cached = self._cache.get(department)
        if cached is not None:
            return cached
        target = self._config.targets.get(department)
        if target is not None and target.location_id is not None:
            return target.location_id
        index = dict(target.index or {}) if target is not None else {}
        if not index:
            index = {self._config.folder_key_field: department}
        hits = self._lookup(index)
        if len(hits) != 1:
            raise self._problem(department, index, hits)
        with self._lock:
            self._cache[department] = hits[0].object_id
        return hits[0].object_id

    def forget(self, department: str | None = None) -> None:
        """Drop a cached id (all when ``department`` is None), e.g. after a folder moved."""
        with self._lock:
            if department is None:
                self._cache.clear()
            else:
                self._cache.pop(department, None)

    def _lookup(self, index: dict[str, str]) -> list[DmsObject]:
        (first_field, first_value), *rest = index.items()
        hits = self._client.find_by_field(self._config.folder_type, first_field, first_value)
        if not rest:
            return hits
        return [hit for hit in hits if self._matches(hit, rest)]

    def _matches(self, hit: DmsObject, conditions: list[tuple[str, str]]) -> bool:
        fields = hit.fields
        if any(name not in fields for name, _ in conditions):
            # a search may return only the columns it asked for: read the whole object
            full = self._client.get(hit.object_id)
            fields = full.fields if full is not None else {}
        return all(fields.get(name) == value for name, value in conditions)

    def _problem(
        self, department: str, index: dict[str, str], hits: list[DmsObject]
    ) -> MappingError:
        folder_type = self._config.folder_type
        condition = " and ".join(f"{name}={value!r}" for name, value in index.items())
        remedy = f'set dms.targets."{department}".location_id'
        if not hits:
            return MappingError(
                f"no enaio folder of type {folder_type} with {condition}: "
                f"create it in enaio or {remedy}"
            )
        ids = ", ".join(hit.object_id for hit in hits)
        return MappingError(
            f"{len(hits)} enaio folders of type {folder_type} with {condition} (ids {ids}): "
            f"make the value unique in enaio or {remedy}"
        )


def validate_mapping(
    objdef: ObjectDefinition, config: DmsConfig, departments: Iterable[str]
) -> list[str]:
    """Problems of ``config``'s types, field map and targets against ``objdef``
    (human-readable; an empty list means the mapping fits)."""
    problems: list[str] = []
    doc_type = objdef.get(config.document_type)
    if doc_type is None:
        problems.append(
            f"document type {config.document_type!r} (dms.document_type) does not exist; "
            f"document types: {_names(objdef, MainType.DOCUMENT)}"
        )
    elif doc_type.main_type is not MainType.DOCUMENT:
        problems.append(
            f"dms.document_type {config.document_type!r} is a {doc_type.main_type} type, "
            "not a document type"
        )
    else:
        problems.extend(_field_problems(doc_type, config))
    folder_type = objdef.get(config.folder_type)
    if folder_type is None:
        problems.append(
            f"folder type {config.folder_type!r} (dms.folder_type) does not exist; folder "
            f"types: {_names(objdef, MainType.FOLDER)}; registers: "
            f"{_names(objdef, MainType.REGISTER)}"
        )
    elif folder_type.main_type is MainType.DOCUMENT:
        problems.append(
            f"dms.folder_type {config.folder_type!r} is a document type, "
            "not a folder or register type"
        )
    else:
        problems.extend(_target_problems(folder_type, config, list(departments)))
    return problems


def _field_problems(doc_type: ObjectType, config: DmsConfig) -> list[str]:
    problems: list[str] = []
    known = ", ".join(doc_type.fields) or "none"
    mapped: dict[str, str] = {}
    for key, name in config.fields.model_dump().items():
        if not name:
            continue
        if name in mapped:
            problems.append(f"fields.{key} and fields.{mapped[name]} both map to {name!r}")
            continue
        mapped[name] = key
        if name not in doc_type.fields:
            why = " (needed to find documents a retried delivery already created)"
            problems.append(
                f"field {name!r} (dms.fields.{key}) does not exist on document type "
                f"{doc_type.internal_name!r}{why if key == 'external_id' else ''}; "
                f"its fields: {known}"
            )
    for name, field_def in doc_type.fields.items():
        if field_def.required and name not in mapped:
            problems.append(
                f"document type {doc_type.internal_name!r} requires field {name!r}, "
                "which no dms.fields entry fills"
            )
    return problems


def _target_problems(
    folder_type: ObjectType, config: DmsConfig, departments: list[str]
) -> list[str]:
    problems: list[str] = []
    known = ", ".join(folder_type.fields) or "none"
    where = f"on folder type {folder_type.internal_name!r}; its fields: {known}"
    uses_key = not departments or any(d not in config.targets for d in departments)
    if uses_key and config.folder_key_field not in folder_type.fields:
        problems.append(f"dms.folder_key_field {config.folder_key_field!r} does not exist {where}")
    for department, target in sorted(config.targets.items()):
        for name in target.index or {}:
            if name not in folder_type.fields:
                problems.append(
                    f'field {name!r} of dms.targets."{department}".index does not exist {where}'
                )
    return problems


def _names(objdef: ObjectDefinition, main_type: MainType) -> str:
    names = sorted(n for n, t in objdef.types.items() if t.main_type is main_type)
    return ", ".join(names) or "none"
