"""`/api/v1/live`: Server-Sent Events for one open page: the red bubble's count, each new notification,
and the new posts of the feed the page shows.

- The inbox comes from notify's `Stream`: the current unread count at once, then every notification.
  A page that reconnects (EventSource does so by itself) gets the current count first, so nothing that
  happened meanwhile is lost from the bubble; the inbox itself is a list the page fetches.
- New posts: the gateway listens to the platform's post events on NATS (no durable consumer: a page
  that is not open needs nothing). An event only wakes the page's watcher; what is new is asked of the
  feed, as that viewer (`HomeFeed` / `GroupFeed`), so a post the viewer may not read is never named.
  Checks are spaced by CHECK_EVERY_S per page however busy the platform is. Each `posts` message has
  the newest post's time as its SSE id: a reconnecting page sends it back (Last-Event-ID) and is told
  what came after it.
- A stream ends with an `ended` message (and no reconnect is of use) when its session ends (logout,
  sign out everywhere, deactivation: `sessions.Revocations`), or when the viewer may not read the group
  it shows. A person holds at most `streams_per_person` open streams on a replica; a page opened in
  more tabs than that is told 429 and falls back to reloading.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from nats.aio.client import Client as NatsClient
from nats.aio.msg import Msg
from nats.aio.subscription import Subscription
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kantine import codec
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2, notify_pb2
from services.gateway.api import problem_response, refused
from services.gateway.auth import Gate, RefusedError
from services.gateway.domain.problems import problem
from services.gateway.domain.replies import reply_json
from services.gateway.sessions import RECHECK_S, Revocations
from services.gateway.upstream import Upstreams

log = logging.getLogger("kantine.gateway.live")

KEEPALIVE_S = 20.0
CHECK_EVERY_S = 3.0
RETRY_MS = 3000
PAGE = 20
ENDED = "event: ended\n"  # the head of the last message of a stream
NOT_READABLE = (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.NOT_FOUND)


class Watchers:
    """The open pages by the feed they show; a post event wakes those it may concern."""

    def __init__(self) -> None:
        self._by_feed: dict[str, set[asyncio.Event]] = {}

    def add(self, feed: str) -> asyncio.Event:
        wake = asyncio.Event()
        self._by_feed.setdefault(feed, set()).add(wake)
        return wake

    def remove(self, feed: str, wake: asyncio.Event) -> None:
        found = self._by_feed.get(feed)
        if found is not None:
            found.discard(wake)
            if not found:
                del self._by_feed[feed]

    def post(self, group_id: str | None) -> None:
        """Home feeds may show any post; a group's page only its own (None: the group is not known)."""
        for feed, wakes in self._by_feed.items():
            if feed == "home" or group_id is None or feed == f"group:{group_id}":
                for wake in wakes:
                    wake.set()


class Live:
    def __init__(
        self,
        gate: Gate,
        upstreams: Upstreams,
        nc: NatsClient | None,
        topology: Topology | None,
        revocations: Revocations,
        streams_per_person: int = 10,
    ) -> None:
        self.gate = gate
        self.upstreams = upstreams
        self.nc = nc
        self.topology = topology
        self.revocations = revocations
        self.streams_per_person = streams_per_person
        self.watchers = Watchers()
        self._subscriptions: list[Subscription] = []

    async def start(self) -> None:
        if self.nc is None or self.topology is None:
            return
        for event in (ev.PostCreated, ev.PostPublished):
            subject = self.topology.event_subject(codec.event_type_of(event))
            self._subscriptions.append(await self.nc.subscribe(subject, cb=self._on_post))

    async def stop(self) -> None:
        for subscription in self._subscriptions:
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()

    async def _on_post(self, msg: Msg) -> None:
        group_id: str | None = None
        if msg.subject.endswith(".PostCreated"):
            with contextlib.suppress(Exception):
                group_id = ev.PostCreated.FromString(msg.data).group_id
        self.watchers.post(group_id)

    async def endpoint(self, request: Request) -> Response:
        try:
            principal = await self.gate.principal(request, write=False)
            self.gate.limit(principal.user_id, write=False)
        except RefusedError as exc:
            return refused(exc)
        feed = request.query_params.get("feed", "home")
        if feed != "home" and not (feed.startswith("group:") and len(feed) > 6):
            return problem_response(problem(400, "feed is 'home' or 'group:<group id>'", field="feed"))
        if self.streams_per_person and self.revocations.streams_of(principal.user_id) >= self.streams_per_person:
            return problem_response(
                problem(429, f"at most {self.streams_per_person} live pages at once; close one or reload this one"),
                {"Retry-After": "60"},
            )
        # EventSource sends the last id it saw when it reconnects; a fresh page may say what it was shown
        last = request.headers.get("last-event-id") or request.query_params.get("since", "")
        sid = principal.session.sid if principal.session is not None else None

        async def still_signed_in() -> bool:
            """Asked every RECHECK_S: a replica that missed the bus's word of a logout or a deactivation
            finds it at the session's row (or the token's person) and ends the stream all the same."""
            try:
                again = await self.gate.principal(request, write=False)
            except RefusedError:
                return False
            return again.user_id == principal.user_id

        return StreamingResponse(
            self._events(principal.user_id, sid, feed, last, still_signed_in),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def _events(
        self, user_id: str, sid: bytes | None, feed: str, last_post: str, still_signed_in: Callable[[], Awaitable[bool]]
    ) -> AsyncIterator[str]:
        closed = self.revocations.stream(user_id, sid)
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1000)
        wake = self.watchers.add(feed)
        tasks = [
            asyncio.create_task(self._inbox(user_id, queue)),
            asyncio.create_task(self._posts(user_id, feed, last_post, wake, queue)),
            asyncio.create_task(_end_when(closed, queue, still_signed_in)),
        ]
        try:
            yield f"retry: {RETRY_MS}\n\n"
            while True:
                try:
                    async with asyncio.timeout(KEEPALIVE_S):
                        line = await queue.get()
                    yield line
                    if line.startswith(ENDED):
                        return
                except TimeoutError:
                    yield ": keep-alive\n\n"
        finally:
            self.revocations.stream_closed(user_id, sid, closed)
            self.watchers.remove(feed, wake)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _inbox(self, user_id: str, queue: asyncio.Queue[str]) -> None:
        """Relay notify's stream; when notify is away, say so once and try again."""
        stream = self.upstreams.stream("notify", "Stream")
        unavailable_said = False
        while True:
            try:
                async for update in stream(notify_pb2.UserRequest(user_id=user_id)):
                    unavailable_said = False
                    if update.HasField("notification"):
                        data = {"notification": reply_json(update.notification), "unread_count": update.unread_count}
                        await queue.put(message("notification", data))
                    else:
                        await queue.put(message("unread", {"unread_count": update.unread_count}))
            except grpc.aio.AioRpcError as exc:
                if exc.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                    log.warning("notify stream ended: %s %s", exc.code().name, exc.details())
                if not unavailable_said:
                    await queue.put(message("unavailable", {"service": "notify"}))
                    unavailable_said = True
            await asyncio.sleep(RETRY_MS / 1000)

    async def _posts(self, user_id: str, feed: str, since: str, wake: asyncio.Event, queue: asyncio.Queue[str]) -> None:
        """Tell the page which posts are newer than the newest it has, as the feed shows them to this viewer.
        `since` is that post's time (the SSE id of the last `posts` message, or empty for a fresh page)."""
        if feed == "home":
            rpc, key = "HomeFeed", ""
        else:
            rpc, key = "GroupFeed", feed.removeprefix("group:")
        read = getattr(self.upstreams.feed, rpc)
        newest = _time(since)
        first = newest is None  # a fresh page: what it was just given is what is newest now
        wake.set()
        while True:
            await wake.wait()
            wake.clear()
            try:
                page = await read(feed_pb2.FeedRequest(viewer_id=user_id, key=key, limit=PAGE), timeout=5)
            except grpc.aio.AioRpcError as exc:
                if exc.code() in NOT_READABLE:  # not a member (any more): nothing will ever come
                    await queue.put(message("ended", {"reason": "not_readable", "feed": feed}))
                    return
                await asyncio.sleep(CHECK_EVERY_S)
                wake.set()
                continue
            posts = [(t, p.post_id, p.created_at) for p in page.posts if not p.pinned and (t := _time(p.created_at))]
            fresh = sorted((p for p in posts if newest is None or p[0] > newest), reverse=True)
            if fresh:
                newest = fresh[0][0]
                if not first:
                    data = {"feed": feed, "post_ids": [post_id for _, post_id, _ in fresh]}
                    await queue.put(message("posts", data, event_id=fresh[0][2]))
            first = False
            await asyncio.sleep(CHECK_EVERY_S)


async def _end_when(
    closed: asyncio.Event, queue: asyncio.Queue[str], still_signed_in: Callable[[], Awaitable[bool]]
) -> None:
    """The session ended (told at once by `Revocations`, or found out at the next look): the stream's
    last message says so."""
    while not closed.is_set():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(RECHECK_S):
                await closed.wait()
        if not closed.is_set() and not await still_signed_in():
            break
    await queue.put(message("ended", {"reason": "signed_out"}))


def _time(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def message(event: str, data: dict[str, Any], *, event_id: str = "") -> str:
    """One SSE message; the data is a single line of JSON."""
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'), ensure_ascii=False)}\n\n"
