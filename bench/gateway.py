"""The gateway's cost: the home feed page and post-create through the HTTP API, against the same calls
made directly over gRPC to the same feed process, 32 at a time, in the same rounds.

The feed and the gateway each run as their own process, as in production: the gateway is
`python -m services.gateway` (uvicorn with httptools on uvloop) with its rate limits off and the other
services' addresses pointing at a port nobody listens on (only feed routes are measured). People sign
in the way the demo does, through `POST /auth/dev` (KANTINE_DEV_SIGNIN), and then send the session
cookie, and on writes the CSRF token, as the web page does; the requests are the page's own
(`limit=20&mark_visited=true` for a first home page, a discussion with an Idempotency-Key for a post),
and the direct calls ask the feed for exactly the same.

The client runs in this process, on the same 2 cores as the gateway, the feed and PostgreSQL. So that
it takes as little of them as it can, the HTTP client is a minimal one of its own: 32 keep-alive
HTTP/1.1 connections on asyncio streams, the request prepared as bytes, the reply read by its
Content-Length, its JSON parsed as the page would. httpx.AsyncClient, tried first, cost about 20 times
its CPU a request at 32 in flight (its pool: encode/httpx#3215) and more than halved the measured rate.
The direct calls share one gRPC channel, as the gateway's own calls to the feed do. The CPU time each
process used is reported per request beside the rates, so the client's share is in plain view.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import os
import secrets
import statistics
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from http.cookies import SimpleCookie
from pathlib import Path

import httpx

from bench.common import ROUNDS, Results, cpu_seconds, n, service_pid, service_process
from bench.feed import STORE_POSTS, feed_process, provision_authors, seed_store
from kantine.grpcutil import channel
from kantine.platform.demo import dev_sign_in
from kantine.platform.postgres_server import create_database
from kantine.platform.procs import free_port
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2, feed_pb2_grpc
from services.gateway.sessions import CSRF_COOKIE, SESSION_COOKIE

IN_FLIGHT = 32
PAGE = 20
HOME_CALLS, CREATE_CALLS = 4_000, 3_000  # per path, over all rounds (scaled)
GATEWAY_HOME = "gateway: GET /api/v1/feed, home page of 20 (32 in flight)"
DIRECT_HOME = "gateway baseline: HomeFeed page of 20 over gRPC (32 in flight)"
GATEWAY_CREATE = "gateway: POST /api/v1/posts (32 in flight, relay on)"
DIRECT_CREATE = "gateway baseline: CreatePost over gRPC (32 in flight, relay on)"
KIND = ev.POST_KIND_DISCUSSION
PATHS = (GATEWAY_HOME, DIRECT_HOME, GATEWAY_CREATE, DIRECT_CREATE)
PROCESSES = ("client", "gateway", "feed")


@dataclasses.dataclass(frozen=True)
class Figures:
    """One path over all its rounds: latency in ms, CPU-µs a request by process, and how busy the machine's
    cores were meanwhile (PostgreSQL, NATS and whatever else runs here included)."""

    p50: float
    p99: float
    cpu_us: dict[str, float]
    busy: float

    def note(self) -> str:
        cpu = ", ".join(f"{name} {self.cpu_us.get(name, 0.0):,.0f}" for name in PROCESSES)
        return (f"p50 {self.p50:.1f} ms, p99 {self.p99:.1f} ms; CPU-µs a request: {cpu}; "
                f"cores {self.busy:.0%} busy")  # fmt: skip


@dataclasses.dataclass
class _Tally:
    """Latencies (ms), CPU seconds by process ("machine": all cores) and wall seconds of some runs."""

    latencies: list[float] = dataclasses.field(default_factory=list)
    cpu: dict[str, float] = dataclasses.field(default_factory=dict)
    elapsed: float = 0.0

    def merge(self, other: _Tally) -> None:
        self.latencies += other.latencies
        for name, seconds in other.cpu.items():
            self.cpu[name] = self.cpu.get(name, 0.0) + seconds
        self.elapsed += other.elapsed

    def figures(self) -> Figures:
        ordered = sorted(self.latencies)
        p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
        cpu = {name: seconds * 1e6 / len(ordered) for name, seconds in self.cpu.items() if name != "machine"}
        busy = self.cpu.get("machine", 0.0) / (self.elapsed * (os.cpu_count() or 1)) if self.elapsed else 0.0
        return Figures(statistics.median(ordered), p99, cpu, busy)


class Connection:
    """One keep-alive HTTP/1.1 connection: a request's bytes out, the reply's status and body back.

    uvicorn closes a connection idle for 5 s (between the rounds): it is then opened again.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.reader is None or self.writer is None or self.reader.at_eof():
            await self.close()
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        at = head.lower().find(b"\r\ncontent-length:")
        if at < 0:
            raise RuntimeError(f"a reply without Content-Length: {head[:200]!r}")
        length = int(head[at + 17 : head.index(b"\r\n", at + 2)])
        return int(head[9:12]), await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclasses.dataclass(frozen=True)
class Session:
    """A signed-in person as the web page holds them: the two cookies, and the CSRF token to send back."""

    cookie: str
    csrf: str


@dataclasses.dataclass(frozen=True)
class Gateway:
    url: str
    host: str
    port: int
    pid: int

    def head(self, method: str, target: str, session: Session, body: bytes = b"", key: str = "") -> bytes:
        """A request as the web page's api.js sends it (with the browser's cookies), ready for the wire."""
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept: application/json",
                 f"Cookie: {session.cookie}"]  # fmt: skip
        if method != "GET":
            lines += [f"X-CSRF-Token: {session.csrf}", "Content-Type: application/json",
                      f"Content-Length: {len(body)}"]  # fmt: skip
        if key:
            lines.append(f"Idempotency-Key: {key}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + body

    def connections(self) -> list[Connection]:
        return [Connection(self.host, self.port) for _ in range(IN_FLIGHT)]

    async def sign_in(self, people: list[str]) -> list[Session]:
        """A session for each person through the demo sign-in, as `make demo`'s people get theirs."""
        sessions = []
        async with httpx.AsyncClient(base_url=self.url) as http:
            for person in people:
                reply = await dev_sign_in(http, person)
                if reply.status_code != 303:
                    raise RuntimeError(f"demo sign-in as {person}: {reply.status_code} {reply.text[:200]}")
                jar: SimpleCookie = SimpleCookie()
                for header in reply.headers.get_list("set-cookie"):
                    jar.load(header)
                cookie = f"{SESSION_COOKIE}={jar[SESSION_COOKIE].value}; {CSRF_COOKIE}={jar[CSRF_COOKIE].value}"
                sessions.append(Session(cookie, jar[CSRF_COOKIE].value))
        return sessions


@contextlib.asynccontextmanager
async def gateway_process(
    nats_url: str, database_url: str, log: Path, prefix: str, feed_address: str
) -> AsyncIterator[Gateway]:
    """The gateway in a process of its own in front of the feed, with the settings `kantine up` gives it
    (kantine/platform/supervisor.py) but for the demo sign-in on and the rate limits off."""
    port = free_port()
    nobody = f"127.0.0.1:{free_port()}"  # notify, gamify and search: no measured route calls them
    env = {
        "KANTINE_HTTP_LISTEN": f"127.0.0.1:{port}",
        "KANTINE_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "KANTINE_FEED_ADDRESS": feed_address,
        "KANTINE_NOTIFY_ADDRESS": nobody,
        "KANTINE_GAMIFY_ADDRESS": nobody,
        "KANTINE_SEARCH_ADDRESS": nobody,
        "KANTINE_INSIGHTS_ADDRESS": nobody,
        "KANTINE_SESSION_SECRET": secrets.token_urlsafe(32),
        "KANTINE_DEV_SIGNIN": "true",
        "KANTINE_RATE_READS_PER_MINUTE": "0",
        "KANTINE_RATE_WRITES_PER_MINUTE": "0",
    }
    async with service_process("services.gateway", nats_url, database_url, log, prefix, env) as address:
        yield Gateway(f"http://127.0.0.1:{port}", "127.0.0.1", port, service_pid(address))


async def drive(count: int, call: Callable[[int], Awaitable[None]], pids: dict[str, int]) -> tuple[float, _Tally]:
    """`count` calls, IN_FLIGHT at a time (`call(worker)`); returns the rate, and the calls' latencies with
    the CPU time each process (and the whole machine) used meanwhile."""
    calls = iter(range(count))
    latencies: list[float] = []

    async def worker(w: int) -> None:
        for _ in calls:
            t0 = time.perf_counter()
            await call(w)
            latencies.append((time.perf_counter() - t0) * 1000)

    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    machine, client, start = _machine_busy_s(), cpu_seconds(), time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(IN_FLIGHT)))
    elapsed = time.perf_counter() - start
    used = {"client": cpu_seconds() - client, "machine": _machine_busy_s() - machine}
    used |= {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    return count / elapsed, _Tally(latencies, used, elapsed)


def _machine_busy_s() -> float:
    """CPU seconds all cores have spent on anything but idling and waiting for I/O, since boot."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


async def measure(
    results: Results,
    paths: list[tuple[str, int, Callable[[int], Awaitable[None]]]],
    pids: dict[str, int],
    tallies: dict[str, _Tally],
) -> None:
    """The paths one after the other, in ROUNDS rounds, so that a ratio is taken within a round. The note
    of a round is its latency; the last round's is about all rounds, with the CPU per request."""
    for round_no in range(1, ROUNDS + 1):
        for name, count, call in paths:
            rate, tally = await drive(count, call, pids)
            tallies.setdefault(name, _Tally()).merge(tally)
            this = tally.figures()
            note = (
                tallies[name].figures().note()
                if round_no == ROUNDS
                else f"p50 {this.p50:.1f} ms, p99 {this.p99:.1f} ms"
            )
            results.add(name, rate, note)


async def home_feed(
    nats_url: str, pg_server_url: str, home: Path, results: Results, tallies: dict[str, _Tally], posts: int
) -> None:
    """Home pages (the first, marking the visit as the page does, and the two after, as in bench.feed) for
    the 8 readers of a home-feed store, 32 at a time (4 at once for each reader): through the gateway and
    directly. The relay is off, as in bench.feed.home_feed_latency: in a running service it is caught up
    and idle."""
    database_url = await create_database(pg_server_url, "bench_gateway_home")
    print(f"   seeding {posts:,} posts for the gateway's home-feed benchmark …", flush=True)
    readers = await seed_store(database_url, posts)
    prefix = "benchgwhome"
    async with (
        feed_process(nats_url, database_url, home / "feed-gateway-home.log", prefix, relay=False) as feed,
        channel(feed) as ch,
        gateway_process(nats_url, database_url, home / "gateway-home.log", prefix, feed) as gateway,
    ):
        stub = feed_pb2_grpc.FeedServiceStub(ch)
        sessions = await gateway.sign_in(readers)
        connections = gateway.connections()
        cursors = [""] * IN_FLIGHT
        pages = [0] * IN_FLIGHT

        def turn(w: int, next_cursor: str) -> None:
            pages[w] += 1
            cursors[w] = "" if pages[w] % 3 == 0 else next_cursor  # first page, then two more, again

        async def direct(w: int) -> None:
            request = feed_pb2.FeedRequest(
                viewer_id=readers[w % len(readers)], limit=PAGE, cursor=cursors[w], mark_visited=not cursors[w]
            )
            page = await stub.HomeFeed(request)
            assert len(page.posts) >= PAGE, "a reader's home feed should be full"
            turn(w, page.next_cursor)

        async def through_gateway(w: int) -> None:
            query = f"limit={PAGE}&" + (
                f"cursor={urllib.parse.quote(cursors[w], safe='')}" if cursors[w] else "mark_visited=true"
            )
            status, body = await connections[w].request(
                gateway.head("GET", f"/api/v1/feed?{query}", sessions[w % len(sessions)])
            )
            assert status == 200, body[:300]
            page = json.loads(body)
            assert len(page["posts"]) >= PAGE, "a reader's home feed should be full"
            turn(w, page["next_cursor"])

        pids = {"gateway": gateway.pid, "feed": service_pid(feed)}
        await drive(IN_FLIGHT * 3, direct, pids)  # warm both paths, as a running service would be
        await drive(IN_FLIGHT * 3, through_gateway, pids)
        count = max(IN_FLIGHT * 4, n(HOME_CALLS) // ROUNDS)
        await measure(results, [(DIRECT_HOME, count, direct), (GATEWAY_HOME, count, through_gateway)], pids, tallies)
        for connection in connections:
            await connection.close()


async def create_post(
    nats_url: str, pg_server_url: str, home: Path, results: Results, tallies: dict[str, _Tally]
) -> None:
    """CreatePost round-robin over 200 authors, 32 at a time, into a fresh store with the relay on (as in
    bench.feed.create_rate): through the gateway, signed in as each author, and directly."""
    database_url = await create_database(pg_server_url, "bench_gateway_create")
    prefix = "benchgwcreate"
    async with (
        feed_process(nats_url, database_url, home / "feed-gateway-create.log", prefix) as feed,
        channel(feed) as ch,
        gateway_process(nats_url, database_url, home / "gateway-create.log", prefix, feed) as gateway,
    ):
        stub = feed_pb2_grpc.FeedServiceStub(ch)
        authors = await provision_authors(stub)
        sessions = await gateway.sign_in(authors)
        connections = gateway.connections()
        numbers = itertools.count()

        def next_post() -> tuple[int, str, str]:
            i = next(numbers)
            body = f"post {i} about #topic{i % 7} with a link https://example.com/{i}"
            return i % len(authors), body, uuid.uuid4().hex

        async def direct(w: int) -> None:
            author, body, key = next_post()
            await stub.CreatePost(
                feed_pb2.CreatePostRequest(author_id=authors[author], kind=KIND, body=body, idempotency_key=key)
            )

        async def through_gateway(w: int) -> None:
            author, body, key = next_post()
            payload = json.dumps({"kind": ev.PostKind.Name(KIND), "body": body}).encode()
            raw = gateway.head("POST", "/api/v1/posts", sessions[author], payload, key)
            status, reply = await connections[w].request(raw)
            assert status == 201, reply[:300]

        pids = {"gateway": gateway.pid, "feed": service_pid(feed)}
        await drive(IN_FLIGHT * 2, direct, pids)
        await drive(IN_FLIGHT * 2, through_gateway, pids)
        count = max(IN_FLIGHT * 4, n(CREATE_CALLS) // ROUNDS)
        await measure(
            results, [(DIRECT_CREATE, count, direct), (GATEWAY_CREATE, count, through_gateway)], pids, tallies
        )
        for connection in connections:
            await connection.close()


@dataclasses.dataclass(frozen=True)
class Measured:
    paths: dict[str, Figures]  # by the names above, over all rounds
    posts: int  # in the home-feed store


async def gateway_rates(
    nats_url: str, pg_server_url: str, home: Path, results: Results, posts: int | None = None
) -> Measured:
    """The four paths; their rates go to `results`, one per round. The home-feed store is as large as
    bench.feed's unless `posts` says otherwise (for a quick look)."""
    tallies: dict[str, _Tally] = {}
    posts = posts or max(STORE_POSTS, n(STORE_POSTS))
    await home_feed(nats_url, pg_server_url, home, results, tallies, posts)
    await create_post(nats_url, pg_server_url, home, results, tallies)
    return Measured({name: tallies[name].figures() for name in PATHS}, posts)


async def _main() -> None:
    """This scenario alone: `BENCH_SCALE=0.2 BENCH_ROUNDS=1 python -m bench.gateway [posts]`."""
    import sys
    import tempfile

    from kantine.platform.nats_server import NatsServer
    from kantine.platform.postgres_server import DURABLE, PostgresServer

    posts = int(sys.argv[1]) if len(sys.argv) > 1 else None
    results = Results()
    with tempfile.TemporaryDirectory(prefix="kantine-bench-") as tmp:
        nats_server = NatsServer(Path(tmp) / "nats").start()
        pg = PostgresServer(Path(tmp) / "pg", settings=DURABLE).start()
        try:
            measured = await gateway_rates(nats_server.url, pg.url(), Path(tmp) / "logs", results, posts)
        finally:
            pg.stop()
            nats_server.stop()
    for name, found in measured.paths.items():
        print(f"{name}: {results.median(name):,.0f} /s, {found.note()}")
    print(f"home feed gateway / direct: {results.ratio(GATEWAY_HOME, DIRECT_HOME):.2f}x; "
          f"post-create gateway / direct: {results.ratio(GATEWAY_CREATE, DIRECT_CREATE):.2f}x")  # fmt: skip


if __name__ == "__main__":
    import uvloop

    uvloop.run(_main())
