"""ElasticSearchIndex: the SearchIndex backend on an Elasticsearch 8 cluster.

- Documents are indexed as pre-analysed tokens (search.analysis), the same as
  the embedded backend: the terms, folded forms and compound parts are joined
  by spaces and indexed with the built-in ``whitespace`` analyser, so positions
  (phrases), field lengths and terms equal tantivy's. The original text is
  kept in ``_source`` (``body``) and snippets are cut from it with
  search.snippets.make_snippet, so both backends give identical snippets.
- Scoring mirrors the embedded backend: BM25 (k1 1.2, b 0.75, as tantivy's)
  per field, weighted (text > meta > compound parts), plus a small constant
  for a fuzzy match, on one shard. Scores differ from tantivy's by a few
  percent only: Lucene counts a field's documents (N, average length) among
  the documents that have the field, tantivy among all documents.
- Reads and writes go through the alias ``<index>`` -> ``<index>-vN``
  (one shard). ``reindex_into_new`` builds ``<index>-vN+1`` from the given
  documents and switches the alias atomically; while it builds, upserts and
  deletes also go to the new index (found by the alias ``<index>-building``).
- upsert()/delete() use the bulk API with refresh=wait_for: a document is
  searchable when they return. Ids are IndexedDoc.id, so repeating is harmless.
- Connection errors, timeouts, 429 and 5xx raise SearchUnavailableError
  (retryable); everything else SearchError.

The mapping and document bodies are in :mod:`search.elastic_mapping`, query
building and result parsing in :mod:`search.elastic_query`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import elastic_transport
from elasticsearch import ApiError, Elasticsearch, UnsupportedProductError

from search.analysis import ANALYSIS_VERSION, analyze_query
from search.base import IndexedDoc, SearchQuery, SearchResult
from search.elastic_mapping import (
    ANALYSED_FIELDS,
    FORMAT_VERSION,
    Json,
    index_body,
    to_es_document,
)
from search.elastic_query import (
    FACET_NAMES,
    HIT_SOURCE,
    build_query,
    facet_aggs,
    parse_facets,
    sort_order,
    to_hit,
)
from search.errors import QuerySyntaxError, SearchError, SearchUnavailableError
from search.matching import validate

__all__ = [
    "ANALYSED_FIELDS",
    "FORMAT_VERSION",
    "UNROUTED_FACET",
    "ElasticSearchIndex",
    "Json",
    "index_body",
    "to_es_document",
    "translate",
]

log = logging.getLogger(__name__)

UNROUTED_FACET = ""  # facet key of documents without a department
_PAGE = 1000
_INDEX_NAME_RE = re.compile(r"[a-z0-9][a-z0-9_.+-]*")
_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


def translate(e: Exception, action: str) -> SearchError:
    """The SearchError for a client exception (raise it ``from e``)."""
    if isinstance(e, UnsupportedProductError):
        return SearchError(f"{action}: the server is not Elasticsearch ({e})")
    if isinstance(e, ApiError):
        status = e.meta.status
        message = f"{action}: HTTP {status}: {e.message}"
        if status in _RETRYABLE_STATUS:
            return SearchUnavailableError(message)
        if status in (401, 403):
            return SearchError(f"{message} (check username/password and the user's privileges)")
        bad_query = action == "search" and status == 400
        return QuerySyntaxError(message) if bad_query else SearchError(message)
    if isinstance(e, elastic_transport.ConnectionError | elastic_transport.ConnectionTimeout):
        return SearchUnavailableError(f"{action}: Elasticsearch unreachable: {e}")
    return SearchError(f"{action}: {e}")


def _chunks(docs: Iterable[IndexedDoc], size: int) -> Iterator[list[IndexedDoc]]:
    it = iter(docs)
    while batch := list(islice(it, size)):
        yield batch


class ElasticSearchIndex:
    """The index ``index`` (an alias) on the cluster at ``url``."""

    def __init__(
        self,
        url: str,
        index: str = "scanstation",
        *,
        client: Elasticsearch | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not _INDEX_NAME_RE.fullmatch(index):
            raise SearchError(f"invalid index name {index!r}: lower-case letters, digits, -_.+")
        self.url = url
        self.index = index
        self.building_alias = f"{index}-building"
        self._own_client = client is None
        self.client = client or Elasticsearch(
            url,
            basic_auth=(username, password or "") if username else None,
            request_timeout=timeout,
            max_retries=1,
            retry_on_timeout=False,
        )
        self._ready = False

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def _call(self, action: str, fn: Any, /, **kwargs: Any) -> Any:
        try:
            return fn(**kwargs)
        except (ApiError, elastic_transport.TransportError) as e:
            raise translate(e, action) from e

    # -- index and alias -----------------------------------------------------

    def _versions(self) -> dict[str, int]:
        """Every ``<index>-vN`` that exists, with its N."""
        found = self._call(
            "list indexes",
            self.client.indices.get_alias,
            index=f"{self.index}-v*",
            ignore_unavailable=True,
            allow_no_indices=True,
        )
        pattern = re.compile(re.escape(self.index) + r"-v(\d+)")
        return {n: int(m.group(1)) for n in found if (m := pattern.fullmatch(n))}

    def _alias_targets(self, alias: str) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=alias).body)
        except ApiError as e:
            if e.meta.status == 404:
                return []
            raise translate(e, f"read alias {alias}") from e
        except elastic_transport.TransportError as e:
            raise translate(e, f"read alias {alias}") from e

    def _create(self, name: str, aliases: Json) -> None:
        try:
            self.client.indices.create(index=name, aliases=aliases, **index_body())
        except ApiError as e:
            if e.meta.status == 400 and e.error == "resource_already_exists_exception":
                return  # another process was first
            raise translate(e, f"create index {name}") from e
        except elastic_transport.TransportError as e:
            raise translate(e, f"create index {name}") from e
        log.info("created search index %s (aliases %s)", name, sorted(aliases))

    def _ensure(self) -> None:
        """Create ``<index>-v1`` behind the alias when there is none; check versions."""
        if self._ready:
            return
        if not self._alias_targets(self.index):
            if self._call("look up index", self.client.indices.exists, index=self.index):
                raise SearchError(f"{self.index} is an index, not an alias: reindex or remove it")
            self._create(f"{self.index}-v1", {self.index: {"is_write_index": True}})
        mappings = self._call("read mapping", self.client.indices.get_mapping, index=self.index)
        for name, body in mappings.body.items():
            found = body.get("mappings", {}).get("_meta", {})
            wanted = {"format": FORMAT_VERSION, "analysis": ANALYSIS_VERSION}
            if {k: found.get(k) for k in wanted} != wanted:
                raise SearchError(
                    f"search index {name} has versions {found}, need {wanted}: "
                    "rebuild it with `scanstation reindex`"
                )
        self._ready = True

    def check(self) -> None:
        nodes = self._call(
            "connect", self.client.nodes.info, node_id="_local", filter_path="nodes.*.version"
        )
        versions = [n.get("version", "?") for n in nodes.body.get("nodes", {}).values()]
        major = int(versions[0].split(".")[0]) if versions and versions[0][:1].isdigit() else 0
        if major < 8:
            raise SearchError(f"{self.url} runs Elasticsearch {versions}; need 8.x or newer")
        health = self._call("cluster health", self.client.cluster.health)
        if health["status"] == "red":
            raise SearchUnavailableError(f"cluster at {self.url} is red (unassigned primaries)")
        self._ensure()

    # -- writing -------------------------------------------------------------

    def _write_targets(self) -> list[str]:
        self._ensure()
        return [self.index, *self._alias_targets(self.building_alias)]

    def _bulk(self, operations: list[Json], action: str, refresh: str | bool = "wait_for") -> None:
        resp = self._call(action, self.client.bulk, operations=operations, refresh=refresh)
        if not resp["errors"]:
            return
        failed = [
            item
            for entry in resp["items"]
            for item in entry.values()
            if "error" in item and item.get("status") != 409
        ]
        if not failed:
            return
        first = failed[0]
        message = f"{action}: {len(failed)} failed, first {first['_id']}: {first['error']}"
        if any(item.get("status") in _RETRYABLE_STATUS for item in failed):
            raise SearchUnavailableError(message)
        raise SearchError(message)

    def upsert(self, docs: Sequence[IndexedDoc]) -> None:
        if not docs:
            return
        bodies = [to_es_document(doc) for doc in docs]
        ops: list[Json] = []
        for target in self._write_targets():
            for body in bodies:
                ops += [{"index": {"_index": target, "_id": body["id"]}}, body]
        self._bulk(ops, "index documents")
        log.debug("indexed %d documents into %s", len(bodies), self.index)

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        targets = self._write_targets()
        self._bulk([{"delete": {"_index": t, "_id": i}} for t in targets for i in ids], "delete")

    def reindex_into_new(self, docs: Iterable[IndexedDoc], batch_size: int = 500) -> str:
        """Build ``<index>-vN+1`` from ``docs``, point the alias at it, drop the old
        index; returns the new index's name. Searches keep working throughout."""
        versions = self._versions()
        old = self._alias_targets(self.index)
        new = f"{self.index}-v{max(versions.values(), default=0) + 1}"
        self._create(new, {self.building_alias: {}})
        try:
            for batch in _chunks(docs, batch_size):
                ops: list[Json] = []
                for body in (to_es_document(d) for d in batch):
                    # create, not index: a concurrent upsert that wrote here first is newer
                    ops += [{"create": {"_index": new, "_id": body["id"]}}, body]
                self._bulk(ops, f"reindex into {new}", refresh=False)
            self._call("refresh", self.client.indices.refresh, index=new)
            actions: list[Json] = [{"remove": {"index": o, "alias": self.index}} for o in old]
            actions += [
                {"add": {"index": new, "alias": self.index, "is_write_index": True}},
                {"remove": {"index": new, "alias": self.building_alias}},
            ]
            self._call("switch alias", self.client.indices.update_aliases, actions=actions)
        except BaseException:
            self._call("drop failed index", self.client.indices.delete, index=new)
            raise
        stale = [name for name in versions if name != new]
        if stale:
            self._call("drop old index", self.client.indices.delete, index=",".join(stale))
        self._ready = False
        log.info("reindexed %s into %s (dropped %s)", self.index, new, stale)
        return new

    # -- reading -------------------------------------------------------------

    def ids(self) -> set[str]:
        self._ensure()
        pit = self._call(
            "open point in time", self.client.open_point_in_time, index=self.index, keep_alive="1m"
        )["id"]
        out: set[str] = set()
        after: list[Any] | None = None
        try:
            while True:
                resp = self._call(
                    "list ids",
                    self.client.search,
                    pit={"id": pit, "keep_alive": "1m"},
                    size=_PAGE,
                    sort=[{"id": "asc"}],
                    source=False,
                    search_after=after,
                    track_total_hits=False,
                )
                hits = resp["hits"]["hits"]
                out.update(h["_id"] for h in hits)
                if len(hits) < _PAGE:
                    return out
                pit = resp.get("pit_id", pit)
                after = hits[-1]["sort"]
        finally:
            try:
                self.client.close_point_in_time(id=pit)
            except (ApiError, elastic_transport.TransportError):
                log.debug("could not close point in time (it expires by itself)")

    def search(self, query: SearchQuery) -> SearchResult:
        analysed = analyze_query(query.text)
        validate(query, len(analysed.clauses))
        if not analysed.clauses and not analysed.blank:
            return SearchResult(total=0)
        self._ensure()
        resp = self._call(
            "search",
            self.client.search,
            index=self.index,
            query=build_query(analysed, query),
            from_=query.offset,
            size=query.limit,
            sort=sort_order(analysed),
            track_total_hits=True,
            source_includes=HIT_SOURCE,
        )
        hits = tuple(to_hit(h, analysed, query.fuzzy) for h in resp["hits"]["hits"][: query.limit])
        return SearchResult(total=int(resp["hits"]["total"]["value"]), hits=hits)

    def facets(self, query: SearchQuery) -> dict[str, dict[str, int]]:
        """Counts of the matching visible documents per department (unrouted:
        key ``""``) and per year of receipt."""
        analysed = analyze_query(query.text)
        validate(query, len(analysed.clauses))
        if not analysed.clauses and not analysed.blank:
            return {name: {} for name in FACET_NAMES}
        self._ensure()
        resp = self._call(
            "facets",
            self.client.search,
            index=self.index,
            size=0,
            query=build_query(analysed, query),
            aggs=facet_aggs(),
        )
        return parse_facets(resp["aggregations"])
