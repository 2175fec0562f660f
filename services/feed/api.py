"""FeedService over gRPC: translate requests to commands and rule violations to clear statuses."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import grpc

from kantine.eventstore import ConcurrencyError, EventStore
from kantine.ids import new_id
from kantine.v1 import feed_pb2, feed_pb2_grpc

from . import domain, handlers

READ_PAGE = 1000


class FeedApi(feed_pb2_grpc.FeedServiceServicer):
    def __init__(self, pool: asyncpg.Pool, max_post_chars: int) -> None:
        self.pool = pool
        self.max_post_chars = max_post_chars
        self.events = EventStore("feed")

    async def CreatePost(  # noqa: N802 (gRPC method name)
        self, request: feed_pb2.CreatePostRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> feed_pb2.CreatePostResponse:
        cmd = domain.CreatePost(
            post_id=request.post_id or new_id(),
            author_id=request.author_id,
            group_id=request.group_id,
            kind=request.kind,
            body=request.body,
        )
        try:
            post_id, position = await handlers.create_post(self.pool, cmd, self.max_post_chars)
        except domain.DomainError as exc:
            prefix = f"{exc.field}: " if exc.field else ""
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"{prefix}{exc}")
        except ConcurrencyError as exc:
            await context.abort(grpc.StatusCode.ABORTED, f"{exc}; retry the call")
        return feed_pb2.CreatePostResponse(post_id=post_id, position=position)

    async def ReadEvents(  # noqa: N802
        self, request: feed_pb2.ReadEventsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> AsyncIterator[feed_pb2.StoredEvent]:
        if request.after_position < 0 or request.limit < 0:
            await context.abort(grpc.StatusCode.INVALID_ARGUMENT, "after_position and limit must not be negative")
        after, sent = request.after_position, 0
        while True:
            page = READ_PAGE if not request.limit else min(READ_PAGE, request.limit - sent)
            async with self.pool.acquire() as conn:
                batch = await self.events.read_all(conn, after, page)
            for event in batch:
                yield feed_pb2.StoredEvent(
                    position=event.position,
                    event_id=event.event_id,
                    event_type=event.event_type,
                    stream_id=event.stream_id,
                    stream_version=event.stream_version,
                    data=event.data,
                    metadata=event.metadata,
                )
            sent += len(batch)
            if batch:
                after = batch[-1].position
            if request.limit and sent >= request.limit:
                return
            if len(batch) < page:
                if not request.follow:
                    return
                await asyncio.sleep(0.2)
