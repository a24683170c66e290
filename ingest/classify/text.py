"""Kept for saved models: the pickled vectorizers of trained models refer to
``ingest.classify.text.fold``. The folding itself lives in :mod:`ingest.german`."""

from __future__ import annotations

from ingest.german import fold

__all__ = ["fold"]
