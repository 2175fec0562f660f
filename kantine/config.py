"""Typed configuration from the environment, read once at start-up.

A missing or malformed value stops the process with a message naming the variable: a service that
guesses a port or a database is worse than one that refuses to start.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any, TypeVar, get_type_hints

T = TypeVar("T")


class ConfigError(SystemExit):
    """Raised at start-up; exits the process with the message."""

    def __init__(self, message: str) -> None:
        super().__init__(f"configuration error: {message}")


def env(name: str, default: Any = dataclasses.MISSING, *, help: str = "") -> Any:
    """Declare a settings field read from the environment variable `name`."""
    metadata = {"env": name, "help": help}
    if default is dataclasses.MISSING:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def load(cls: type[T], environ: Mapping[str, str] | None = None) -> T:
    """Build a settings dataclass from the environment, converting to the annotated types."""
    environ = os.environ if environ is None else environ
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    missing: list[str] = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = field.metadata.get("env")
        if not name:
            continue
        raw = environ.get(name)
        if raw is None or raw == "":
            if field.default is dataclasses.MISSING:
                missing.append(f"{name} ({field.metadata.get('help') or field.name})")
            continue
        values[field.name] = _convert(name, raw, hints[field.name])
    if missing:
        raise ConfigError("missing " + ", ".join(missing))
    return cls(**values)


def _convert(name: str, raw: str, kind: Any) -> Any:
    try:
        if kind is bool:
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError("expected true or false")
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
        return raw
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r}: {exc}") from None


@dataclasses.dataclass(frozen=True)
class PlatformSettings:
    """What every Kantine process needs: where PostgreSQL and NATS are, and where to serve gRPC."""

    database_url: str = env("KANTINE_DATABASE_URL", help="PostgreSQL URL, postgresql://user@host:port/db")
    nats_url: str = env("KANTINE_NATS_URL", help="NATS URL, nats://host:port")
    grpc_listen: str = env("KANTINE_GRPC_LISTEN", help="host:port this service serves gRPC and health on")
    nats_prefix: str = env("KANTINE_NATS_PREFIX", "kantine", help="namespace of streams and subjects")
    log_level: str = env("KANTINE_LOG_LEVEL", "INFO")
