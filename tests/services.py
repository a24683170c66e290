"""How tests deal with a missing real service or tool.

Locally a missing service may skip the test. In CI, SCANSTATION_REQUIRE_SERVICES=1
is set and a missing service fails the test instead, so CI always runs
everything for real.
"""

from __future__ import annotations

import os

import pytest


def services_required() -> bool:
    return os.environ.get("SCANSTATION_REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def missing(what: str) -> None:
    """Skip (locally) or fail (CI) because ``what`` is not available."""
    message = f"{what} is not available; run the README's test command to install/start it"
    if services_required():
        pytest.fail(message + " (SCANSTATION_REQUIRE_SERVICES=1 forbids skipping)")
    pytest.skip(message)
