"""Start the feed service: gRPC FeedService, the scheduler, and the relay of its event store to JetStream."""

from __future__ import annotations

from kantine.config import load
from kantine.relay import Relay
from kantine.service import Service, main
from kantine.v1 import feed_pb2_grpc

from .api import FeedApi
from .config import FeedSettings
from .store import MIGRATIONS, SCHEMA


async def run() -> None:
    settings = load(FeedSettings)
    async with Service(SCHEMA, MIGRATIONS, settings) as svc:
        api = FeedApi(svc.pool, settings.limits())
        svc.grpc.add(feed_pb2_grpc.add_FeedServiceServicer_to_server, api, "kantine.v1.FeedService")
        if settings.scheduler_interval_s > 0:
            svc.background("scheduler", lambda: api.feed.run_scheduler(settings.scheduler_interval_s))
        if settings.relay_enabled:
            svc.background("relay", Relay(svc.pool, svc.nc.jetstream(), svc.topology).run)
        await svc.run()


if __name__ == "__main__":
    main(run)
