"""``python -m dms_connector.simulator``: run the enaio SIMULATOR in the foreground."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from dms_connector.simulator.context import SimSettings
from dms_connector.simulator.server import serve_forever


def parse_folder(text: str) -> tuple[str, dict[str, str]]:
    """``TYPE:FIELD=VAL,FIELD=VAL`` -> (type, fields)."""
    type_name, sep, rest = text.partition(":")
    if not sep or not type_name:
        raise argparse.ArgumentTypeError(f"expected TYPE:FIELD=VAL,..., got {text!r}")
    fields: dict[str, str] = {}
    for item in filter(None, rest.split(",")):
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise argparse.ArgumentTypeError(f"expected FIELD=VAL in {text!r}, got {item!r}")
        fields[key.strip()] = value
    return type_name.strip(), fields


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dms_connector.simulator",
        description="enaio SIMULATOR (not a real enaio) for tests and demos.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=59380)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--objdef", type=Path, help="asobjdef JSON (default: the shipped one)")
    p.add_argument("--user", default="scanstation", help="Basic-auth user (default scanstation)")
    p.add_argument(
        "--password-env",
        default="SCANSTATION_DMS__PASSWORD",
        help="environment variable holding the user's password",
    )
    p.add_argument(
        "--folder",
        action="append",
        type=parse_folder,
        default=[],
        metavar="TYPE:FIELD=VAL,...",
        help="folder to create at start if missing (repeatable)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    password = os.environ.get(args.password_env)
    if not password:
        print(f"error: set the password in ${args.password_env}", file=sys.stderr)
        return 2
    objdef: dict[str, Any] | None = None
    if args.objdef is not None:
        objdef = json.loads(args.objdef.read_text(encoding="utf-8"))
    settings = SimSettings(
        data_dir=args.data_dir,
        users={args.user: password},
        objdef=objdef,
        folders=tuple(args.folder),
    )
    serve_forever(settings, args.host, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
