"""A small multipart/form-data reader that keeps every part's headers.

Starlette's form parser drops the headers of non-file parts and decodes them as
text; the DMS API matches file parts by ``Content-ID`` and must keep bytes
exactly, so the simulator reads parts itself with python-multipart's
low-level parser."""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.multipart import MultipartParser, parse_options_header


class MultipartProblem(ValueError):
    """The body is not readable multipart/form-data."""


@dataclass(slots=True)
class Part:
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    data: bytearray = field(default_factory=bytearray)

    @property
    def name(self) -> str | None:
        return self._disposition_param("name")

    @property
    def filename(self) -> str | None:
        return self._disposition_param("filename")

    @property
    def content_type(self) -> str | None:
        value = self.headers.get("content-type")
        return value.strip() if value else None

    @property
    def content_id(self) -> str | None:
        value = self.headers.get("content-id")
        return value.strip().strip("<>").strip() if value else None

    def _disposition_param(self, key: str) -> str | None:
        _, params = parse_options_header(self.headers.get("content-disposition", ""))
        value = params.get(key.encode("latin-1"))
        if value is None:
            return None
        try:
            return value.decode("utf-8")  # what browsers and httpx send
        except UnicodeDecodeError:
            return value.decode("latin-1")


def is_multipart(content_type: str | None) -> bool:
    kind, _ = parse_options_header(content_type or "")
    return kind.lower() == b"multipart/form-data"


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """All parts of a multipart/form-data body, in order."""
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise MultipartProblem("multipart body without boundary")
    parts: list[Part] = []
    header_name = bytearray()
    header_value = bytearray()

    def on_part_begin() -> None:
        parts.append(Part())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header_name.extend(data[start:end])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header_value.extend(data[start:end])

    def on_header_end() -> None:
        name = header_name.decode("latin-1").strip().lower()
        # latin-1 keeps the raw bytes; UTF-8 file names are decoded in _disposition_param.
        parts[-1].headers[name] = header_value.decode("latin-1")
        header_name.clear()
        header_value.clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1].data.extend(data[start:end])

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_part_data": on_part_data,
        },
    )
    try:
        parser.write(body)
        parser.finalize()
    except Exception as e:  # python-multipart raises its own error types
        raise MultipartProblem(f"unreadable multipart body: {e}") from e
    return parts
