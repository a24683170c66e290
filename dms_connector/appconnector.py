"""``AppConnectorClient``: the ``DmsClient`` for enaio's appconnector ("OSRest",
``/osrest/api``), the legacy API every enaio has.

* insert: ``POST /osrest/api/documents/insert/{parent}?objecttypeid=<id>``,
  multipart ``data`` (pretty-printed JSON) + ``file``; answer: the bare new id (C1, C5);
* search: ``POST /osrest/api/documents/search``, query by example, answer a JSON
  array of hits, paged by ``offset`` until a short page (C1, C3);
* one object: ``GET /osrest/api/documents/search/{id}`` (404: no such id, C3);
* object definition: ``GET /osrest/api/objdef/global`` (S5). OSRest addresses
  types by their *numeric* id, which only the definition knows, so it is read
  once and cached;
* check: ``GET /osrest/api/serviceinfo/ping`` (C1).

Wildcards: ``*`` is a wildcard in OSRest search values (C7) and no escape is
documented, so ``find_by_field`` refuses values containing ``*`` or ``?`` rather
than sending them, and it filters hits client-side for exact equality.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from dms_connector.base import DmsObject, NewDocument, ObjectDefinition
from dms_connector.config import DmsConfig
from dms_connector.errors import DmsProtocolError, DmsRejected, MappingError
from dms_connector.http import json_body, send
from dms_connector.objdef import as_list, parse_object_definition, scalar_text

log = logging.getLogger(__name__)

API = "/osrest/api"
PAGE_SIZE = 500
MAX_PAGES = 40
# [U] "?" as a single-character wildcard is an assumption; "*" is documented (C7).
WILDCARDS = ("*", "?")


class AppConnectorClient:
    """``DmsClient`` over the appconnector (``api = "osrest"``)."""

    api = "osrest"

    def __init__(self, http: httpx.Client, config: DmsConfig) -> None:
        self._http = http
        self._config = config
        self._lock = threading.Lock()
        self._objdef: ObjectDefinition | None = None
        self._objdef_loaded = False

    def close(self) -> None:
        self._http.close()

    def check(self) -> None:
        """``serviceinfo/ping``: the vendor's call for availability and authentication."""
        send(self._http, "GET", f"{API}/serviceinfo/ping")

    def object_definition(self) -> ObjectDefinition | None:
        path = f"{API}/objdef/global"
        response = send(self._http, "GET", path, accept=(404,))
        if response.status_code == 404:
            objdef = None
        else:
            objdef = parse_object_definition(json_body(response, f"GET {path}"))
        with self._lock:
            self._objdef, self._objdef_loaded = objdef, True
        return objdef

    def find_by_field(self, object_type: str, field_name: str, value: str) -> list[DmsObject]:
        if any(w in value for w in WILDCARDS):
            raise DmsRejected(
                f"cannot search {field_name}={value!r} through the appconnector: "
                "'*' and '?' are wildcards there and no escape is documented"
            )
        path = f"{API}/documents/search"
        type_id = self._type_id(object_type)
        hits: list[DmsObject] = []
        for page in range(MAX_PAGES):
            body = {
                "query": {
                    "objectTypeId": type_id,
                    "fields": {field_name: {"value": value}},
                    "result_config": {
                        "fieldsschema_mode": "ALL",
                        "pagesize": PAGE_SIZE,
                        "offset": page * PAGE_SIZE,
                        "maxhits": 0,
                    },
                }
            }
            data = json_body(send(self._http, "POST", path, json=body), f"POST {path}")
            if not isinstance(data, list):
                raise DmsProtocolError(f"POST {path}: answer is not a JSON array of hits")
            hits.extend(_hit(item, f"POST {path}") for item in data)
            if len(data) < PAGE_SIZE:
                break
        else:
            log.warning("POST %s: stopped after %d pages of %s", path, MAX_PAGES, object_type)
        # the server matched "value" as a pattern; keep exact matches (a hit without
        # the field is kept: the server said it matches)
        return [hit for hit in hits if hit.fields.get(field_name, value) == value]

    def insert(self, document: NewDocument) -> str:
        type_id = self._type_id(document.object_type)
        path = f"{API}/documents/insert/{quote(document.parent_id, safe='')}"
        metadata = {
            "objectTypeId": type_id,
            "fields": {name: {"value": value} for name, value in document.fields.items()},
        }
        # [U] C5 found the server "suddenly" needed pretty-printed JSON; cheap to copy.
        # C5 sends the part without a Content-Type, so it goes as a plain form field.
        data = {"data": json.dumps(metadata, indent=2, ensure_ascii=False)}
        # [U] C1 names the file part "file", C5 "path": the name seems not to matter.
        files = {"file": (document.file_name, document.content, document.mime_type)}
        response = send(
            self._http,
            "POST",
            path,
            params={"objecttypeid": type_id},
            data=data,
            files=files,
        )
        return _new_id(response.text, f"POST {path}")

    def get(self, object_id: str) -> DmsObject | None:
        quoted = quote(object_id, safe="")
        path = f"{API}/documents/search/{quoted}"
        response = send(self._http, "GET", path, accept=(404,))
        if response.status_code == 404:
            return None
        data = json_body(response, f"GET {path}")
        if isinstance(data, list):  # tolerate a one-hit array
            if not data:
                return None
            data = data[0]
        hit = _hit(data, f"GET {path}")
        parent = hit.parent_id or self._parent_of(hit.object_id)
        return DmsObject(hit.object_id, hit.object_type, parent, hit.fields)

    # -- internals -------------------------------------------------------------------

    def _definition(self) -> ObjectDefinition | None:
        with self._lock:
            if self._objdef_loaded:
                return self._objdef
        return self.object_definition()

    def _type_id(self, object_type: str) -> str:
        """The numeric objectTypeId of a type (a numeric name is taken as the id)."""
        if object_type.isdigit():
            return object_type
        configured = self._config.type_ids.get(object_type)
        if configured:
            return configured
        objdef = self._definition()
        if objdef is None:
            raise MappingError(
                f"the appconnector offers no object definition (GET {API}/objdef/global: 404), "
                f"so the numeric objectTypeId of {object_type!r} is unknown; "
                f"set dms.type_ids.{object_type} to its numeric objectTypeId"
            )
        found = objdef.get(object_type)
        if found is None or not found.type_id.isdigit():
            known = ", ".join(sorted(objdef.types)) or "none"
            raise MappingError(
                f"object type {object_type!r} is not in the appconnector's object definition "
                f"(known types: {known})"
            )
        return found.type_id

    def _parent_of(self, object_id: str) -> str | None:
        """The direct parent, from ``GET documents/parents/{id}`` (None on 404)."""
        # [U] C1 says the answer is the "linear, sorted list of ancestors" without
        # saying in which order; C6 reads it as ``documents[]`` with ``id``. The root
        # of any chain is a folder (main type 0), so: root first -> take the last
        # entry, else the first.
        path = f"{API}/documents/parents/{quote(object_id, safe='')}"
        response = send(self._http, "GET", path, accept=(404,))
        if response.status_code == 404:
            return None
        data = json_body(response, f"GET {path}")
        entries = data.get("documents") if isinstance(data, Mapping) else data
        chain = [
            entry
            for entry in as_list(entries)
            if isinstance(entry, Mapping) and _entry_id(entry) not in ("", object_id)
        ]
        if not chain:
            return None
        first_is_root = _is_folder(chain[0]) and len(chain) > 1
        return _entry_id(chain[-1] if first_is_root else chain[0])


def _hit(item: Any, what: str) -> DmsObject:
    """One search hit: ``osid``, ``internalName``/``objectTypeId``, ``ecmSimpleFields[]``."""
    if not isinstance(item, Mapping):
        raise DmsProtocolError(f"{what}: a hit is not an object")
    object_id = scalar_text(item.get("osid")) or scalar_text(item.get("id"))
    if not object_id:
        raise DmsProtocolError(f"{what}: hit without osid")
    fields: dict[str, str] = {}
    for entry in as_list(item.get("ecmSimpleFields")):
        if isinstance(entry, Mapping):
            name = scalar_text(entry.get("internalName"))
            value = scalar_text(entry.get("value"))
            if name and value:
                fields[name] = value
    object_type = scalar_text(item.get("internalName")) or scalar_text(item.get("objectTypeId"))
    return DmsObject(object_id=object_id, object_type=object_type or None, fields=fields)


def _new_id(body: str, what: str) -> str:
    """The insert answer: a bare integer (C5), tolerated as a JSON number or string."""
    text = body.strip()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = text
    numeric = isinstance(parsed, (int, float, str)) and not isinstance(parsed, bool)
    new_id = scalar_text(parsed) if numeric else ""
    if not new_id.isdigit():
        raise DmsProtocolError(f"{what}: answer is not an object id: {text[:100]!r}", body=body)
    return new_id


def _entry_id(entry: Mapping[str, Any]) -> str:
    return scalar_text(entry.get("id")) or scalar_text(entry.get("osid"))


def _is_folder(entry: Mapping[str, Any]) -> bool:
    kind = scalar_text(entry.get("type")) or scalar_text(entry.get("objectType"))
    if kind:
        return kind.upper() == "FOLDER" or kind == "0"
    type_id = scalar_text(entry.get("objectTypeId"))
    return type_id.isdigit() and int(type_id) >> 16 == 0
