"""OpenTelemetry from the standard OTEL_* variables, and trace context carried across every hop.

Tracing is on when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER names an exporter; otherwise the no-op
tracer costs nothing on the hot path. OTEL_SDK_DISABLED=true turns it off regardless.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Decision, ParentBased, Sampler, SamplingResult
from opentelemetry.util.types import Attributes

_provider: TracerProvider | None = None


class WorkStarts(Sampler):
    """A trace starts where work starts, at a request served or an event consumed; a database query or
    an outgoing call with no such parent (a poller, a background job) starts none. Those would bury
    the traces people look for under one root per query."""

    def should_sample(
        self,
        parent_context: context.Context | None,
        trace_id: int,
        name: str,
        kind: trace.SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[trace.Link] | None = None,
        trace_state: trace.TraceState | None = None,
    ) -> SamplingResult:
        if kind == trace.SpanKind.CLIENT:
            return SamplingResult(Decision.DROP)
        return SamplingResult(Decision.RECORD_AND_SAMPLE, attributes)

    def get_description(self) -> str:
        return "WorkStarts"


def tracing_configured() -> bool:
    if os.environ.get("OTEL_SDK_DISABLED", "").lower() == "true":
        return False
    exporter = os.environ.get("OTEL_TRACES_EXPORTER", "")
    if exporter == "none":
        return False
    return bool(
        exporter
        or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    )


def setup_telemetry(service: str, exporter: SpanExporter | None = None) -> TracerProvider | None:
    """Install a tracer provider and the gRPC and asyncpg instrumentations, once per process.

    `exporter` is for tests that read spans in-process; services rely on the environment.
    """
    global _provider
    if _provider is not None:
        return _provider
    if exporter is None and not tracing_configured():
        return None
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)})
    # OTEL_TRACES_SAMPLER, when set, is the operator's choice; otherwise follow the caller's decision
    # and start traces only where work starts
    sampler = None if os.environ.get("OTEL_TRACES_SAMPLER") else ParentBased(root=WorkStarts())
    provider = TracerProvider(resource=resource, sampler=sampler)
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        kind = os.environ.get("OTEL_TRACES_EXPORTER", "otlp")
        if kind == "console":
            from opentelemetry.sdk.trace.export import ConsoleSpanExporter

            provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
        else:
            from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

            provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.grpc import GrpcAioInstrumentorClient, GrpcAioInstrumentorServer

    GrpcAioInstrumentorServer().instrument()
    GrpcAioInstrumentorClient().instrument()
    AsyncPGInstrumentor().instrument()
    _provider = provider
    return provider


def instrument_asgi(app: Any) -> Any:
    """The HTTP application with a server span per request, so a trace starts where the request does;
    the app itself when nothing is traced. Endpoints name their span by route (`name_span`)."""
    if _provider is None:
        return app
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    # no spans per body chunk: a live stream would make thousands
    return OpenTelemetryMiddleware(app, excluded_urls="healthz,static", exclude_spans=["receive", "send"])


def name_span(name: str) -> None:
    """Name the current span by what it does ("POST /api/v1/posts"), not by its ids-laden path."""
    span = trace.get_current_span()
    if span.is_recording():
        span.update_name(name)


def shutdown_telemetry() -> None:
    """Flush spans still in the batch processor; call on shutdown so the last request is not lost."""
    if _provider is not None:
        _provider.shutdown()


def tracer(name: str) -> trace.Tracer:
    return trace.get_tracer(name)


def current_trace_headers() -> dict[str, str]:
    """The W3C trace context of the current span, as headers (empty when nothing is traced)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def inject(carrier: MutableMapping[str, str]) -> None:
    propagate.inject(carrier)


def extract(headers: Mapping[str, str]) -> context.Context:
    return propagate.extract(headers)


def enabled() -> bool:
    """Whether spans are recorded in this process (so hot paths can skip building them)."""
    return _provider is not None
