"""gRPC the same way in every service: health, reflection and graceful shutdown on the server;
deadlines and retries on UNAVAILABLE on the client; mutual TLS between the services when the
deployment gives them certificates (`use_tls`, set once at start from the KANTINE_GRPC_TLS_* settings)."""

from __future__ import annotations

import dataclasses
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from kantine import history, metrics
from kantine.config import PlatformSettings
from kantine.errors import Code, DomainError
from kantine.eventstore import ConcurrencyError

DEFAULT_DEADLINE_S = 10.0
T = TypeVar("T")
Context = grpc.aio.ServicerContext[Any, Any]

_SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{}],
                "timeout": f"{DEFAULT_DEADLINE_S}s",
                "retryPolicy": {
                    "maxAttempts": 4,
                    "initialBackoff": "0.1s",
                    "maxBackoff": "2s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    }
)


@dataclasses.dataclass(frozen=True, slots=True)
class GrpcTls:
    """Mutual TLS: this process shows `cert` (as a server and as a client) and trusts only peers whose
    certificate `ca` signed, so a pod that merely reaches a port cannot call a service. The files are
    read when a server or channel is made (a renewed certificate takes effect at the next start)."""

    cert: Path
    key: Path
    ca: Path

    @classmethod
    def of(cls, settings: PlatformSettings) -> GrpcTls | None:
        """From the KANTINE_GRPC_TLS_* settings; None when they are empty (plaintext, as `make demo`)."""
        if not settings.grpc_tls_cert:
            return None
        return cls(Path(settings.grpc_tls_cert), Path(settings.grpc_tls_key), Path(settings.grpc_tls_ca))

    def server_credentials(self) -> grpc.ServerCredentials:
        return grpc.ssl_server_credentials(
            [(self.key.read_bytes(), self.cert.read_bytes())],
            root_certificates=self.ca.read_bytes(),
            require_client_auth=True,
        )

    def channel_credentials(self) -> grpc.ChannelCredentials:
        return grpc.ssl_channel_credentials(
            root_certificates=self.ca.read_bytes(),
            private_key=self.key.read_bytes(),
            certificate_chain=self.cert.read_bytes(),
        )


_tls: GrpcTls | None = None


def use_tls(tls: GrpcTls | None) -> None:
    """This process's gRPC TLS, for every server and channel made after it without one of their own."""
    global _tls
    _tls = tls


class GrpcServer:
    """A grpc.aio server that reports NOT_SERVING until `serving()` and drains on `stop()`.

    Over TLS (`tls`, or the process's `use_tls`) when given. `health_listen` adds a plaintext server
    with the health service alone: Kubernetes' gRPC probes cannot speak TLS, and health tells nothing."""

    def __init__(self, listen: str, *, tls: GrpcTls | None = None, health_listen: str = "") -> None:
        self.listen = listen
        self.tls = tls or _tls
        self.health_listen = health_listen
        # measured only when metrics are on: the interceptor is one more call per request
        interceptors = [metrics.MeasuredRpcs()] if metrics.enabled() else None
        self.server = grpc.aio.server(interceptors=interceptors, options=[("grpc.so_reuseport", 0)])
        self.health = health.aio.HealthServicer()  # type: ignore[attr-defined]
        self._names: list[str] = [health.SERVICE_NAME, reflection.SERVICE_NAME]
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        self.health_server: grpc.aio.Server | None = None
        if health_listen:
            self.health_server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
            health_pb2_grpc.add_HealthServicer_to_server(self.health, self.health_server)

    def add(self, register: Callable[[Any, grpc.aio.Server], None], servicer: Any, full_name: str) -> None:
        register(servicer, self.server)
        self._names.append(full_name)

    async def start(self) -> int:
        reflection.enable_server_reflection(self._names, self.server)
        if self.tls is not None:
            port = self.server.add_secure_port(self.listen, self.tls.server_credentials())
        else:
            port = self.server.add_insecure_port(self.listen)
        if port == 0:
            raise RuntimeError(f"cannot listen on {self.listen}")
        if self.health_server is not None:
            if self.health_server.add_insecure_port(self.health_listen) == 0:
                raise RuntimeError(f"cannot listen on {self.health_listen}")
            await self.health_server.start()
        await self.server.start()
        for name in (*self._names, ""):
            await self.health.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
        return port

    async def serving(self) -> None:
        for name in (*self._names, ""):
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)

    async def stop(self, grace_s: float = 5.0) -> None:
        """Refuse new calls, let running calls finish within the grace period."""
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace_s)
        if self.health_server is not None:
            await self.health_server.stop(0)


def channel(
    target: str,
    interceptors: Sequence[grpc.aio.ClientInterceptor] | None = None,
    options: Sequence[tuple[str, Any]] = (),
    *,
    tls: GrpcTls | None = None,
) -> grpc.aio.Channel:
    """A client channel with a default deadline and retries on UNAVAILABLE for every method; over TLS
    (`tls`, or the process's `use_tls`) when given."""
    every = [("grpc.service_config", _SERVICE_CONFIG), ("grpc.enable_retries", 1), *options]
    tls = tls or _tls
    if tls is not None:
        return grpc.aio.secure_channel(target, tls.channel_credentials(), options=every, interceptors=interceptors)
    return grpc.aio.insecure_channel(target, options=every, interceptors=interceptors)


async def check_health(target: str, timeout: float = 2.0, *, tls: GrpcTls | None = None, service: str = "") -> bool:
    """Whether the server at target reports SERVING (used by `kantine up` and `kantine status`), for the
    whole server or one of its health services (`kantine.background`: every background task is well)."""
    tls = tls or _tls
    opened = grpc.aio.secure_channel(target, tls.channel_credentials()) if tls else grpc.aio.insecure_channel(target)
    async with opened as ch:
        stub = health_pb2_grpc.HealthStub(ch)
        try:
            reply = await stub.Check(health_pb2.HealthCheckRequest(service=service), timeout=timeout)
        except grpc.aio.AioRpcError:
            return False
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)


VIOLATIONS = "kantine-violations"  # trailing metadata: JSON [{"field", "detail"}] of a refused call
STATUS = {
    Code.INVALID: grpc.StatusCode.INVALID_ARGUMENT,
    Code.NOT_FOUND: grpc.StatusCode.NOT_FOUND,
    Code.DENIED: grpc.StatusCode.PERMISSION_DENIED,
    Code.PRECONDITION: grpc.StatusCode.FAILED_PRECONDITION,
    Code.CONFLICT: grpc.StatusCode.ABORTED,
}


async def run(context: Context, call: Awaitable[T]) -> T:
    """Await a command or query; a broken rule becomes the status it names, with its message.

    A call that carries imported history's time (`history.METADATA_KEY`) runs with it in place.
    """
    try:
        at = history.from_metadata(context.invocation_metadata())
        if at is None:
            return await call
        with history.occurring_at(at):
            return await call
    except DomainError as exc:
        if inspect.iscoroutine(call) and inspect.getcoroutinestate(call) == inspect.CORO_CREATED:
            call.close()  # refused before it started: not "never awaited"
        prefix = f"{exc.field}: " if exc.field and not str(exc).startswith(exc.field) else ""
        # every field at fault, for a client to show each beside its input (the gateway's problem `errors`)
        named = [{"field": f, "detail": m} for f, m in exc.violations if f]
        trailer = ((VIOLATIONS, json.dumps(named)),) if named else ()
        await context.abort(STATUS[exc.code], f"{prefix}{exc}", trailing_metadata=trailer)
    except ConcurrencyError as exc:
        await context.abort(grpc.StatusCode.ABORTED, f"{exc}; retry the call")
    except ValueError as exc:  # a cursor or id that does not parse
        await context.abort(grpc.StatusCode.INVALID_ARGUMENT, str(exc))
    raise AssertionError("abort raises")
