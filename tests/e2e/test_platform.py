"""The platform as a user runs it: `kantine up` starts each service as its own process; one post goes
from the web API to the example consumer's table, and its spans arrive over OTLP as one trace that
starts at the HTTP request."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent import futures
from pathlib import Path

import asyncpg
import grpc
import httpx
import pytest
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

from kantine import cli
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.platform import supervisor
from kantine.platform.demo import dev_sign_in
from kantine.platform.postgres_server import create_database, drop_database
from kantine.v1 import feed_pb2, feed_pb2_grpc, search_pb2, search_pb2_grpc

pytestmark = pytest.mark.e2e


class OtlpReceiver(trace_service_pb2_grpc.TraceServiceServicer):
    """A real OTLP/gRPC endpoint that keeps every span it is sent."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, object]] = []  # (service name, span)
        self.lock = threading.Lock()

    def Export(self, request: trace_service_pb2.ExportTraceServiceRequest, context: object) -> object:
        with self.lock:
            for resource_spans in request.resource_spans:
                service = next(
                    (a.value.string_value for a in resource_spans.resource.attributes if a.key == "service.name"), ""
                )
                for scope in resource_spans.scope_spans:
                    self.spans.extend((service, span) for span in scope.spans)
        return trace_service_pb2.ExportTraceServiceResponse()


@pytest.fixture
def otlp() -> Iterator[tuple[OtlpReceiver, int]]:
    receiver = OtlpReceiver()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(receiver, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    yield receiver, port
    server.stop(0)


def test_post_travels_through_processes_as_one_trace(
    nats_url: str, pg_server_url: str, tmp_path: Path, otlp: tuple[OtlpReceiver, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver, otlp_port = otlp
    db_name = f"kt_{uuid.uuid4().hex[:12]}"
    database_url = asyncio.run(create_database(pg_server_url, db_name))
    prefix = f"kt{uuid.uuid4().hex[:10]}"
    for key, value in {
        "KANTINE_HOME": str(tmp_path / "home"),
        "KANTINE_NATS_URL": nats_url,
        "KANTINE_DATABASE_URL": database_url,
        "KANTINE_NATS_PREFIX": prefix,
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{otlp_port}",
        "OTEL_EXPORTER_OTLP_INSECURE": "true",
        "OTEL_BSP_SCHEDULE_DELAY": "100",
        "KANTINE_DEV_SIGNIN": "true",
        "KANTINE_METRICS_BUS_EVERY_S": "0.3",
    }.items():
        monkeypatch.setenv(key, value)
    try:
        state = supervisor.up(timeout=120)
        author = new_id()

        async def create() -> str:
            """Provisioned by the directory, signed in on the page, posting through the web API."""
            async with channel(state["services"]["feed"]["grpc"]) as ch:
                await feed_pb2_grpc.FeedServiceStub(ch).ProvisionUser(
                    feed_pb2.ProvisionUserRequest(user_id=author, profile=feed_pb2.Profile(display_name="E2E"))
                )
            async with httpx.AsyncClient(base_url=state["http"]["url"], timeout=15) as web:
                signed_in = await dev_sign_in(web, author)
                assert signed_in.status_code == 303, signed_in.text
                # the cookies are Secure, which browsers honour on localhost and httpx does not: sent by hand
                session, csrf = web.cookies["kantine_session"], web.cookies["kantine_csrf"]
                posted = await web.post(
                    "/api/v1/posts",
                    json={"body": "hello from the e2e test #e2e"},
                    headers={"Cookie": f"kantine_session={session}; kantine_csrf={csrf}", "X-CSRF-Token": csrf},
                )
                assert posted.status_code == 201, posted.text
                return str(posted.json()["post_id"])

        post_id = asyncio.run(create())

        async def projected() -> int:
            conn = await asyncpg.connect(database_url)
            try:
                return int(
                    await conn.fetchval("SELECT posts FROM author_stats.author_stats WHERE author_id = $1", author) or 0
                )
            finally:
                await conn.close()

        deadline = time.monotonic() + 60
        while asyncio.run(projected()) != 1:
            assert time.monotonic() < deadline, "post never reached the example consumer"
            time.sleep(0.1)

        async def first_post_badge_published() -> bool:
            conn = await asyncpg.connect(database_url)
            try:
                return bool(
                    await conn.fetchval(
                        """SELECT EXISTS (SELECT 1 FROM gamify.awards WHERE user_id = $1 AND badge_id = 'first-post')
                                  AND (SELECT max(position) FROM gamify.events)
                                      = (SELECT max(position) FROM gamify.relay_cursor)""",
                        uuid.UUID(author),
                    )
                )
            finally:
                await conn.close()

        deadline = time.monotonic() + 60
        while not asyncio.run(first_post_badge_published()):
            assert time.monotonic() < deadline, "gamify never awarded and published the first-post badge"
            time.sleep(0.1)

        async def found_by_search() -> bool:
            async with channel(state["services"]["search"]["grpc"]) as ch:
                results = await search_pb2_grpc.SearchServiceStub(ch).Search(
                    search_pb2.SearchRequest(viewer_id=author, query="hello #e2e")
                )
            return [h.post_id for h in results.hits] == [post_id]

        deadline = time.monotonic() + 60
        while not asyncio.run(found_by_search()):
            assert time.monotonic() < deadline, "the search service never found the post"
            time.sleep(0.1)

        async def visit_published() -> bool:
            conn = await asyncpg.connect(database_url)
            try:
                return bool(
                    await conn.fetchval(
                        """SELECT EXISTS (SELECT 1 FROM gateway.events WHERE event_type = 'Visited')
                                  AND (SELECT max(position) FROM gateway.events)
                                      = (SELECT max(position) FROM gateway.relay_cursor)"""
                    )
                )
            finally:
                await conn.close()

        deadline = time.monotonic() + 60
        while not asyncio.run(visit_published()):
            assert time.monotonic() < deadline, "the gateway never published the author's visit"
            time.sleep(0.2)

        report = asyncio.run(supervisor.status_report(supervisor.load_state()))
        assert "author_stats" in report and "gamify" in report and "search" in report and "healthy" in report
        # UserProvisioned, PostCreated, BadgeAwarded, and the author's Visited
        assert f"{prefix.upper()}_EVENTS: 4 messages" in report, report

        # a consumer's read models rebuild from the stream, as an operator runs it
        cli.main(["projections", "rebuild", "gamify"])
        assert asyncio.run(first_post_badge_published())
        cli.main(["projections", "rebuild", "search"])
        assert asyncio.run(found_by_search())

        # One trace across processes: the gateway's HTTP server span, its gRPC call, the feed's gRPC
        # server span, and the consumer's span as that one's child.
        deadline = time.monotonic() + 30
        while True:
            with receiver.lock:
                spans = list(receiver.spans)
            http = [s for svc, s in spans if svc == "gateway" and s.name == "POST /api/v1/posts"]
            server = [s for svc, s in spans if svc == "feed" and s.name == "/kantine.v1.FeedService/CreatePost"]
            consumed = [s for svc, s in spans if svc == "author_stats" and "process PostCreated" in s.name]
            others = {svc for svc, s in spans if s.name == f"{svc} process PostCreated"}
            if http and server and consumed and {"notify", "gamify", "search"} <= others:
                break
            assert time.monotonic() < deadline, f"spans seen: {[(svc, s.name) for svc, s in spans]}"
            time.sleep(0.2)
        assert not http[0].parent_span_id  # the trace starts at the HTTP request
        assert server[0].trace_id == http[0].trace_id
        by_id = {s.span_id: s for _, s in spans}
        ancestor = by_id[server[0].parent_span_id]  # the gateway's gRPC client span
        assert ancestor.parent_span_id == http[0].span_id
        # the relay's publish is a span of the request's trace, and each consumer continues from it
        published = [s for svc, s in spans if svc == "feed" and s.name == f"publish {prefix}.events.post.PostCreated"]
        assert len(published) == 1 and published[0].trace_id == server[0].trace_id
        assert by_id[published[0].parent_span_id].trace_id == server[0].trace_id
        attributes = {a.key: a.value.string_value for a in published[0].attributes}
        assert attributes["messaging.system"] == "nats" and attributes["messaging.destination.name"].endswith(
            "PostCreated"
        )
        assert consumed[0].trace_id == server[0].trace_id
        assert consumed[0].parent_span_id == published[0].span_id
        for service in ("notify", "gamify", "search"):
            span = next((s for svc, s in spans if svc == service and s.name == f"{service} process PostCreated"), None)
            assert span is not None, f"{service}'s processing of the post is not in the trace"
            assert span.trace_id == server[0].trace_id and span.parent_span_id == published[0].span_id, service
            labels = {a.key: a.value.string_value for a in span.attributes}
            assert labels["messaging.system"] == "nats" and labels["messaging.consumer.group.name"] == service
        # ids only: no text of the post in any span
        assert not [s.name for _, s in spans if "hello from the e2e test" in str(s)]
        db_spans = [s for svc, s in spans if svc == "feed" and s.trace_id == server[0].trace_id and s != server[0]]
        assert db_spans, "asyncpg spans of the CreatePost transaction are missing"

        # every process serves Prometheus metrics: requests, events, and the bus as it reads it
        def scrape(service: str) -> dict[str, float]:
            text = httpx.get(supervisor.load_state()["services"][service]["metrics"], timeout=5).text
            return {line.rpartition(" ")[0]: float(line.rpartition(" ")[2])
                    for line in text.splitlines() if line and not line.startswith("#")}  # fmt: skip

        def value(service: str, name: str, **labels: str) -> float:
            """The sum over the series of `name` that carry these labels (and any others)."""
            wanted = [f'{k}="{v}"' for k, v in labels.items()]
            return sum(v for series, v in scrape(service).items()
                       if series.partition("{")[0] == name and all(w in series for w in wanted))  # fmt: skip

        def until(check: Callable[[], bool], what: str) -> None:
            deadline = time.monotonic() + 30
            while not check():
                assert time.monotonic() < deadline, what
                time.sleep(0.2)

        assert value("gateway", "kantine_http_server_duration_seconds_count", http_route="/api/v1/posts",
                     http_request_method="POST", http_response_status_code="201") == 1  # fmt: skip
        assert value("feed", "kantine_rpc_server_duration_seconds_count",
                     rpc_method="/kantine.v1.FeedService/CreatePost", rpc_grpc_status_code="OK") == 1  # fmt: skip
        assert value("author_stats", "kantine_consumer_events_total", consumer="author_stats") >= 1
        until(lambda: "kantine_relay_lag" in str(scrape("feed")), "the feed never reported its relay lag")

        # A consumer that is down: its lag rises, seen from the other processes, and falls once it is back.
        search = state["services"]["search"]
        assert supervisor.terminate(search["pid"])

        async def more_posts() -> None:
            async with channel(state["services"]["feed"]["grpc"]) as ch:
                feed = feed_pb2_grpc.FeedServiceStub(ch)
                for i in range(5):
                    await feed.CreatePost(
                        feed_pb2.CreatePostRequest(author_id=author, body=f"while search is away {i}")
                    )

        asyncio.run(more_posts())
        until(lambda: value("gamify", "kantine_consumer_pending", consumer="search") >= 5,
              "search's lag never rose while it was down")  # fmt: skip
        # the control: the consumers that are up catch up on the same posts (gamify may still be at them)
        until(lambda: value("gamify", "kantine_consumer_pending", consumer="gamify") == 0,
              "gamify, which is up, never caught up")  # fmt: skip

        # a service that died is started again by `kantine up` where the gateway still looks for it
        again = supervisor.up(timeout=120)
        assert again["services"]["search"]["grpc"] == search["grpc"]
        assert again["services"]["search"]["pid"] != search["pid"]
        assert asyncio.run(found_by_search())
        until(lambda: value("gamify", "kantine_consumer_pending", consumer="search") == 0,
              "search's lag never fell after it came back")  # fmt: skip
    finally:
        supervisor.down()
        asyncio.run(drop_database(pg_server_url, db_name))
    assert not any(supervisor.alive(info.get("pid")) for info in state["services"].values())


def test_down_without_up_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KANTINE_HOME", str(tmp_path / "empty"))
    supervisor.down()
    assert "nothing is running" in capsys.readouterr().out
