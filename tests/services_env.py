"""Where the test services started by ``scripts/services/*.sh`` listen.

Each value can be overridden from the environment; the defaults match the
scripts' defaults (all on 127.0.0.1).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class S3Service:
    endpoint: str  # host:port, no scheme
    access_key: str
    secret_key: str
    secure: bool = False

    @property
    def host(self) -> str:
        return self.endpoint.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.endpoint.rsplit(":", 1)[1])


def postgres_url() -> str:
    return os.environ.get(
        "SCANSTATION_TEST_POSTGRES_URL",
        "postgresql+psycopg://scanstation:scanstation@127.0.0.1:55432/scanstation",
    )


def redis_url() -> str:
    return os.environ.get("SCANSTATION_TEST_REDIS_URL", "redis://127.0.0.1:56379/0")


def s3() -> S3Service:
    """The MinIO started by ``scripts/services/minio.sh``."""
    return S3Service(
        endpoint=os.environ.get("SCANSTATION_TEST_S3_ENDPOINT", "127.0.0.1:59000"),
        access_key=os.environ.get(
            "SCANSTATION_TEST_S3_ACCESS_KEY",
            os.environ.get("SCANSTATION_MINIO_ACCESS_KEY", "scanstation"),
        ),
        secret_key=os.environ.get(
            "SCANSTATION_TEST_S3_SECRET_KEY",
            os.environ.get("SCANSTATION_MINIO_SECRET_KEY", "scanstation-secret"),
        ),
    )


def reachable(host: str, port: int, timeout: float = 1.0) -> bool:
    """True if a TCP connection to ``host:port`` succeeds."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False
