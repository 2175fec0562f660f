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
class BusSettings:
    """Where NATS is, who this process is on it, and the streams' settings: all `kantine streams` needs."""

    nats_url: str = env("KANTINE_NATS_URL", help="NATS URL, nats://host:port")
    nats_prefix: str = env("KANTINE_NATS_PREFIX", "kantine", help="namespace of streams and subjects")
    nats_user: str = env(
        "KANTINE_NATS_USER", "", help="this process's NATS user (its name); empty: a NATS without authorization"
    )
    nats_password: str = env("KANTINE_NATS_PASSWORD", "", help="the NATS user's password, from a secret")
    # the bus, for a JetStream cluster (docs/operations.md, "Streams and consumers")
    nats_replicas: int = env("KANTINE_NATS_REPLICAS", 1, help="copies of each stream: 1, or 3 in a cluster")
    nats_max_age_days: float = env(
        "KANTINE_NATS_MAX_AGE_DAYS", 0.0, help="events older than this leave the stream; 0: kept (rebuilds read it)"
    )
    nats_dead_letter_max_age_days: float = env(
        "KANTINE_NATS_DEAD_LETTER_MAX_AGE_DAYS", 0.0, help="dead letters older than this are dropped; 0: kept"
    )
    nats_duplicate_window_s: float = env(
        "KANTINE_NATS_DUPLICATE_WINDOW_S", 120.0, help="a publish repeated within this is stored once"
    )

    def __post_init__(self) -> None:
        if not 1 <= self.nats_replicas <= 5:
            raise ConfigError(f"KANTINE_NATS_REPLICAS={self.nats_replicas}: JetStream keeps 1 to 5 copies of a stream")
        if self.nats_max_age_days < 0 or self.nats_dead_letter_max_age_days < 0:
            raise ConfigError("KANTINE_NATS_MAX_AGE_DAYS and KANTINE_NATS_DEAD_LETTER_MAX_AGE_DAYS are 0 or more")
        if self.nats_duplicate_window_s <= 0:
            raise ConfigError("KANTINE_NATS_DUPLICATE_WINDOW_S is more than 0")
        if self.nats_user and not self.nats_password:
            raise ConfigError("KANTINE_NATS_USER is set but KANTINE_NATS_PASSWORD is not")


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlatformSettings(BusSettings):
    """What every Kantine process needs: where PostgreSQL and NATS are, and where to serve gRPC."""

    database_url: str = env("KANTINE_DATABASE_URL", help="PostgreSQL URL, postgresql://user@host:port/db")
    grpc_listen: str = env("KANTINE_GRPC_LISTEN", help="host:port this service serves gRPC and health on")
    # gRPC over mutual TLS between the services (docs/operations.md, "gRPC over TLS"): all three or none
    grpc_tls_cert: str = env("KANTINE_GRPC_TLS_CERT", "", help="PEM certificate this process shows, server and client")
    grpc_tls_key: str = env("KANTINE_GRPC_TLS_KEY", "", help="PEM private key of that certificate")
    grpc_tls_ca: str = env("KANTINE_GRPC_TLS_CA", "", help="PEM CA that signed the peers' certificates")
    grpc_health_listen: str = env(
        "KANTINE_GRPC_HEALTH_LISTEN", "", help="host:port of a plaintext health-only server (probes, under TLS)"
    )
    log_level: str = env("KANTINE_LOG_LEVEL", "INFO")
    metrics_listen: str = env(
        "KANTINE_METRICS_LISTEN", "", help="host:port of the Prometheus /metrics endpoint; empty: none"
    )
    metrics_bus_every_s: float = env(
        "KANTINE_METRICS_BUS_EVERY_S", 10.0, help="how often consumer and relay lag are read for the metrics"
    )
    consumer_ack_wait_s: float = env(
        "KANTINE_CONSUMER_ACK_WAIT_S", 60.0, help="an unacknowledged event is redelivered after this"
    )
    consumer_max_deliveries: int = env(
        "KANTINE_CONSUMER_MAX_DELIVERIES", 5, help="attempts before an event goes to the dead letters"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.consumer_ack_wait_s <= 0:
            raise ConfigError("KANTINE_CONSUMER_ACK_WAIT_S is more than 0")
        if self.metrics_bus_every_s <= 0:
            raise ConfigError("KANTINE_METRICS_BUS_EVERY_S is more than 0")
        if self.consumer_max_deliveries < 1:
            raise ConfigError("KANTINE_CONSUMER_MAX_DELIVERIES is 1 or more")
        tls = (self.grpc_tls_cert, self.grpc_tls_key, self.grpc_tls_ca)
        if any(tls) and not all(tls):
            raise ConfigError("KANTINE_GRPC_TLS_CERT, KANTINE_GRPC_TLS_KEY and KANTINE_GRPC_TLS_CA are set together")
