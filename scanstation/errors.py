"""Exit codes of the CLI and the application's own errors."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # something went wrong; the message says what
    USAGE = 2  # wrong arguments
    NOT_FOUND = 3  # no such document / scan
    DEPENDENCY = 4  # a required program, language pack or backend is missing or down
    CONFIG = 5  # the configuration is invalid
    QUARANTINED = 6  # ingest finished, but some input was quarantined
    INTERRUPTED = 130


class ScanstationError(Exception):
    """An error the CLI reports as a message and an exit code (no traceback)."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code
