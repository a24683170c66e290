"""Index settings, mapping and document bodies of the Elasticsearch backend.

Documents are indexed as pre-analysed tokens (search.analysis): the terms,
folded forms and compound parts are joined by spaces and indexed with the
built-in ``whitespace`` analyser. The original text is kept in ``_source``
(``body``); the analysed fields are left out of it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from search.analysis import ANALYSIS_VERSION
from search.base import IndexedDoc
from search.document import analyse_doc
from search.matching import acl_term, check_document

FORMAT_VERSION = 1  # bump when the mapping changes: older indexes need a reindex
ANALYSED_FIELDS = ("text", "meta", "parts", "forms")

Json = dict[str, Any]


def _keyword(ignore_above: int | None = None) -> Json:
    field: Json = {"type": "keyword"}
    if ignore_above:
        field["ignore_above"] = ignore_above
    return field


def _analysed(index_options: str) -> Json:
    return {"type": "text", "analyzer": "whitespace", "index_options": index_options}


def index_body() -> Json:
    """Settings and explicit mappings of every ``<index>-vN``."""
    return {
        "settings": {
            "number_of_shards": 1,  # one shard: corpus statistics (BM25) as in the embedded index
            "auto_expand_replicas": "0-1",
            "refresh_interval": "1s",  # explicit: no search-idle shards delaying wait_for
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"format": FORMAT_VERSION, "analysis": ANALYSIS_VERSION},
            "_source": {"excludes": list(ANALYSED_FIELDS)},
            "properties": {
                "id": _keyword(),
                "station": _keyword(),
                "department": _keyword(),
                "acl": _keyword(),
                "title": _keyword(4096),
                "source": _keyword(4096),
                "sender": _keyword(4096),
                "references": _keyword(1024),
                "letter_date": {"type": "date", "format": "yyyy-MM-dd", "ignore_malformed": True},
                "restricted": {"type": "boolean"},
                "received_at": {"type": "date_nanos"},
                "text": _analysed("positions"),
                "meta": _analysed("positions"),
                "parts": _analysed("freqs"),
                "forms": _analysed("docs"),
                "body": {"type": "text", "index": False},
            },
        },
    }


def iso(value: datetime) -> str:
    """``value`` in UTC as Elasticsearch reads ``date_nanos`` (microseconds, ``Z``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_es_document(doc: IndexedDoc) -> Json:
    check_document(doc)
    analysed = analyse_doc(doc)
    return {
        "id": doc.id,
        "station": doc.station,
        "department": doc.department,
        "acl": acl_term(doc),
        "title": doc.title,
        "source": doc.source,
        "sender": doc.sender,
        "references": list(doc.references),
        "letter_date": doc.letter_date,
        "restricted": doc.restricted,
        "received_at": iso(doc.received_at),
        "text": " ".join(t.term for t in analysed.text),
        "meta": " ".join(t.term for t in analysed.meta),
        "parts": " ".join(analysed.parts),
        "forms": " ".join(analysed.forms),
        "body": doc.text,
    }
