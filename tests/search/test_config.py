"""Search config models: a discriminated union, every field described."""

from __future__ import annotations

from pydantic import TypeAdapter

from search.config import EmbeddedSearchConfig, MemorySearchConfig, SearchConfig


def test_config_union_and_descriptions() -> None:
    adapter: TypeAdapter[EmbeddedSearchConfig | MemorySearchConfig] = TypeAdapter(SearchConfig)
    assert isinstance(adapter.validate_python({"backend": "memory"}), MemorySearchConfig)
    embedded = adapter.validate_python({"backend": "embedded", "path": "/tmp/x"})
    assert isinstance(embedded, EmbeddedSearchConfig) and embedded.lock_timeout_seconds == 2.0
    for model in (EmbeddedSearchConfig, MemorySearchConfig):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"
