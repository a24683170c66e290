"""Errors raised by the search package."""

from __future__ import annotations


class SearchError(Exception):
    """Base class. ``code`` is stable; ``retryable`` tells the pipeline whether to back off."""

    code: str = "search_error"
    retryable: bool = False


class SearchUnavailableError(SearchError):
    code = "search_unavailable"
    retryable = True


class QuerySyntaxError(SearchError):
    code = "query_syntax"
    retryable = False
