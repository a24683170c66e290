"""How commands print: JSON with ``--json``, else the command's own rendering."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any


def emit(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    if as_json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        render(data)
