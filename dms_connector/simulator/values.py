"""Index values: check and normalise what a client sends, format what we answer.

Stored values are strings: TEXT as sent, DATE as ``YYYY-MM-DD``, DATETIME as
``YYYY-MM-DDTHH:MM:SS``, numbers as sent (after checking they parse)."""

from __future__ import annotations

import re
from datetime import date, datetime

from dms_connector.simulator.objdef import FieldKind, SimField

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?Z?$")
_GERMAN_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class ValueProblem(ValueError):
    """A value that does not fit its field."""


def parse_datetime(text: str) -> datetime | None:
    """``YYYY-MM-DD``, ``YYYY-MM-DDTHH:MM:SS[.ffffff][Z]`` or ``DD.MM.YYYY``; None otherwise."""
    text = text.strip()
    try:
        if m := _ISO_DATE.match(text):
            return datetime(int(m[1]), int(m[2]), int(m[3]))
        if m := _ISO_DATETIME.match(text):
            return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]))
        if m := _GERMAN_DATE.match(text):
            return datetime(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:  # e.g. 2024-02-30
        return None
    return None


def normalize_value(field: SimField, raw: object) -> str | None:
    """The stored form of ``raw`` for ``field``; None for no value; ``ValueProblem`` if invalid."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise ValueProblem(f"field {field.internal}: value must be a string or a number")
    text = raw if isinstance(raw, str) else str(raw)
    if text == "":
        # [U] an empty string counts as "no value" (so it does not satisfy a required field).
        return None
    if field.kind is FieldKind.TEXT:
        if field.length is not None and len(text) > field.length:
            raise ValueProblem(
                f"field {field.internal}: value has {len(text)} characters, "
                f"at most {field.length} allowed"
            )
        return text
    if field.kind in (FieldKind.DATE, FieldKind.DATETIME):
        parsed = parse_datetime(text)
        if parsed is None:
            raise ValueProblem(
                f"field {field.internal}: {text!r} is not a date "
                "(YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or DD.MM.YYYY)"
            )
        if field.kind is FieldKind.DATE:
            return parsed.date().isoformat()
        return parsed.isoformat(timespec="seconds")
    pattern = _INTEGER if field.kind is FieldKind.INTEGER else _NUMBER
    if not pattern.match(text.strip()):
        raise ValueProblem(f"field {field.internal}: {text!r} is not a {field.kind.lower()}")
    return text.strip()


def comparable(field: SimField | None, raw: object) -> str | None:
    """A query value in stored form when it parses, else its plain text (matches nothing)."""
    if raw is None:
        return None
    if field is not None:
        try:
            return normalize_value(field, raw)
        except ValueProblem:
            pass
    return str(raw)


def german(field: SimField, stored: str | None) -> str:
    """OSRest output form. [U] appconnector answers dates as DD.MM.YYYY (German locale)."""
    if stored is None:
        return ""
    if field.kind is FieldKind.DATE:
        return date.fromisoformat(stored).strftime("%d.%m.%Y")
    if field.kind is FieldKind.DATETIME:
        return datetime.fromisoformat(stored).strftime("%d.%m.%Y %H:%M:%S")
    return stored
