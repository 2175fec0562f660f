"""Start the insights service: gRPC InsightsService, the consumer of the platform's events, the relay of
its own event store (answer targets), and the daily deletion of activity older than the retention."""

from __future__ import annotations

import contextlib

from kantine.config import load
from kantine.grpcutil import channel
from kantine.relay import Relay
from kantine.service import Service, main
from kantine.v1 import insights_pb2_grpc, search_pb2_grpc

from . import retention
from .api import InsightsApi
from .config import InsightsSettings
from .handlers import Counting, build_router
from .store import MIGRATIONS, SCHEMA


async def run() -> None:
    settings = load(InsightsSettings)
    zone = settings.zone()
    async with Service(SCHEMA, MIGRATIONS, settings) as svc, contextlib.AsyncExitStack() as stack:
        search = None
        if settings.search_address:
            search = search_pb2_grpc.SearchServiceStub(
                await stack.enter_async_context(channel(settings.search_address))
            )
        api = InsightsApi(
            svc.pool, zone, minimum_group_size=settings.minimum_group_size,
            answer_target_hours=settings.answer_target_hours, inactive_days=settings.inactive_days,
            leaders_see_reports=settings.leaders_see_reports, search=search,
        )  # fmt: skip
        svc.grpc.add(insights_pb2_grpc.add_InsightsServiceServicer_to_server, api, "kantine.v1.InsightsService")
        svc.consume(build_router(Counting(zone)))
        svc.background("relay", Relay(svc.pool, svc.nc.jetstream(), svc.topology).run)
        svc.background("retention", lambda: retention.run(svc.pool, zone, settings.retention_days))
        await svc.run()


if __name__ == "__main__":
    main(run)
