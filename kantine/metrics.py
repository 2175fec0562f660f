"""Metrics the same way in every process: OpenTelemetry instruments, read by Prometheus over HTTP
(`KANTINE_METRICS_LISTEN`) and pushed over OTLP when an endpoint is set (`OTEL_EXPORTER_OTLP_*`).

What operations needs to see a Kantine install is slow or stuck, all under the `kantine_` prefix:
events applied, failed and dead-lettered per consumer, each handler call's duration, each durable
consumer's pending messages (lag), events committed but not yet published (relay lag), and the rate,
errors and duration of gRPC and HTTP requests. Instruments are created at import on the API's proxy
meter, so they cost nothing until `setup_metrics` installs a provider.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import asyncpg
import grpc
from nats.js import JetStreamContext
from opentelemetry import metrics
from opentelemetry.metrics import CallbackOptions, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.metrics.view import ExplicitBucketHistogramAggregation, View
from opentelemetry.sdk.resources import Resource

from kantine.topology import Topology

log = logging.getLogger("kantine.metrics")

# seconds, from a cache hit to a slow batch
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

_meter = metrics.get_meter("kantine")
# every series name a scrape shows, by instrument: what dashboards and alert rules may refer to
EXPOSED: dict[str, tuple[str, ...]] = {}


def _exposed(name: str, *suffixes: str) -> None:
    base = name.replace(".", "_")
    EXPOSED[name] = tuple(base + suffix for suffix in suffixes) or (base,)


def _counter(name: str, description: str) -> metrics.Counter:
    _exposed(name, "_total")
    return _meter.create_counter(name, description=description)


def _seconds(name: str, description: str) -> metrics.Histogram:
    _exposed(name, "_seconds_bucket", "_seconds_count", "_seconds_sum")
    return _meter.create_histogram(name, unit="s", description=description)


consumer_events = _counter("kantine.consumer.events", "events applied, per consumer")
consumer_failures = _counter("kantine.consumer.failures", "handler calls that failed (retried, then dead-lettered)")
consumer_dead_letters = _counter("kantine.consumer.dead_letters", "events moved to the DLQ")
consumer_waits = _counter("kantine.consumer.waits", "events put back to wait for an earlier one (NotYet)")
consumer_duration = _seconds("kantine.consumer.duration", "one handler transaction, a batch or a single event")
grpc_duration = _seconds("kantine.rpc.server.duration", "gRPC calls served")
http_duration = _seconds("kantine.http.server.duration", "HTTP requests served by the gateway")
relay_dead_letters = _counter("kantine.relay.dead_letters", "events the stream refused for good, by store")
background_failures = _counter("kantine.background.failures", "a background task failed and was restarted, by task")
import_calls = _counter("kantine.gateway.import_calls", "calls made with the import token, by operation and outcome")
sessions_ended = _counter(
    "kantine.gateway.sessions_ended", "web sessions ended on the server (logout, everywhere, deactivated), by why"
)

_provider: MeterProvider | None = None
# the last reading of the bus, reported on every collection
_pending: dict[str, int] = {}
_relay_lag: dict[str, int] = {}


def _observe_pending(_options: CallbackOptions) -> Iterable[Observation]:
    return [Observation(n, {"consumer": name}) for name, n in _pending.items()]


def _observe_relay(_options: CallbackOptions) -> Iterable[Observation]:
    return [Observation(n, {"store": name}) for name, n in _relay_lag.items()]


for _name, _callback, _description in (
    ("kantine.consumer.pending", _observe_pending, "events in the stream a consumer has not yet taken"),
    ("kantine.relay.lag", _observe_relay, "events committed to a service's store but not yet published"),
):
    _exposed(_name)
    _meter.create_observable_gauge(_name, [_callback], description=_description)


def otlp_configured() -> bool:
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true" or os.environ.get("OTEL_METRICS_EXPORTER") == "none":
        return False
    return bool(os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"))


def setup_metrics(service: str, listen: str = "", readers: Iterable[MetricReader] = ()) -> MeterProvider | None:
    """Install the meter provider once per process: a Prometheus endpoint on `listen` (host:port), OTLP
    when configured, and any `readers` a test passes. Nothing is installed when none applies."""
    global _provider
    if _provider is not None:
        return _provider
    chosen = list(readers)
    if listen:
        from opentelemetry.exporter.prometheus import PrometheusMetricReader
        from prometheus_client import start_http_server

        host, _, port = listen.rpartition(":")
        chosen.append(PrometheusMetricReader())
        start_http_server(int(port), addr=host or "0.0.0.0")
    if otlp_configured():
        from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter

        chosen.append(PeriodicExportingMetricReader(OTLPMetricExporter()))
    if not chosen:
        return None
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)})
    views = [View(instrument_name="*duration", aggregation=ExplicitBucketHistogramAggregation(BUCKETS))]
    _provider = MeterProvider(resource=resource, metric_readers=chosen, views=views)
    metrics.set_meter_provider(_provider)
    return _provider


def enabled() -> bool:
    """Whether a meter provider is installed (so servers add their measuring only then)."""
    return _provider is not None


def shutdown_metrics() -> None:
    if _provider is not None:
        _provider.shutdown()


class BusWatch:
    """Reads the bus every `every_s` seconds for the gauges: every durable consumer's pending count
    (all of them, not only this process's, so a consumer whose pods are all down is still seen from
    the others) and this service's relay lag."""

    def __init__(
        self, js: JetStreamContext, topology: Topology, pool: asyncpg.Pool | None, schema: str, every_s: float = 10.0
    ) -> None:
        self.js, self.topology, self.pool, self.schema, self.every_s = js, topology, pool, schema, every_s

    async def read(self) -> None:
        """One reading; a part that cannot be read keeps its last value."""
        with contextlib.suppress(Exception):
            for info in await self.js.consumers_info(self.topology.events_stream):
                if info.config.durable_name:
                    _pending[info.config.durable_name] = int(info.num_pending or 0)
        if self.pool is None:
            return
        from kantine.relay import backlog

        with contextlib.suppress(asyncpg.UndefinedTableError, OSError, asyncpg.PostgresError):
            async with self.pool.acquire() as conn:
                _, unpublished = await backlog(conn, self.schema)
            _relay_lag[self.schema] = unpublished

    async def run(self) -> None:
        while True:
            await self.read()
            await asyncio.sleep(self.every_s)


class MeasuredRpcs(grpc.aio.ServerInterceptor):  # type: ignore[type-arg]
    """Duration and status of every unary gRPC call (streams are long-lived and not timed)."""

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Any]],
        details: grpc.HandlerCallDetails,
    ) -> Any:
        handler = await continuation(details)
        if handler is None or handler.unary_unary is None:
            return handler
        behaviour = handler.unary_unary
        method = details.method  # "/kantine.v1.FeedService/CreatePost": bounded by the contracts

        async def measured(request: Any, context: Any) -> Any:
            started = time.perf_counter()
            failed = False
            try:
                return await behaviour(request, context)
            except BaseException:
                failed = True
                raise
            finally:
                code = context.code()
                name = code.name if isinstance(code, grpc.StatusCode) else ("UNKNOWN" if failed else "OK")
                grpc_duration.record(
                    time.perf_counter() - started, {"rpc.method": method, "rpc.grpc.status_code": name}
                )

        return grpc.unary_unary_rpc_method_handler(
            measured,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def measure_asgi(app: Any) -> Any:
    """Duration and status of every HTTP request, by route template (never the raw path: ids would
    make a series per post). Live streams last as long as a page is open and are not recorded."""

    async def measured(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        streaming = False

        async def sending(message: dict[str, Any]) -> None:
            nonlocal status, streaming
            if message["type"] == "http.response.start":
                status = int(message["status"])
                streaming = any(
                    k == b"content-type" and v.startswith(b"text/event-stream") for k, v in message["headers"]
                )
            await send(message)

        try:
            await app(scope, receive, sending)
        finally:
            if not streaming:
                route = getattr(scope.get("route"), "path", None) or "unmatched"
                attributes = {
                    "http.request.method": scope["method"],
                    "http.route": route,
                    "http.response.status_code": status,
                }
                http_duration.record(time.perf_counter() - started, attributes)

    return measured
