"""Start the gamify service: gRPC GamifyService, the consumer of the platform's events, the relay of its
own event store, and, when the rules file gained a rule, the backfill that applies it to history."""

from __future__ import annotations

import logging

from kantine.config import load
from kantine.projections import ConsumedReadModels, RebuildError, rebuild_consumer
from kantine.relay import Relay
from kantine.service import Service, main
from kantine.v1 import gamify_pb2_grpc

from .api import GamifyApi
from .config import GamifySettings
from .handlers import build_router
from .projection import CONSUMED_TABLES, game
from .store import MIGRATIONS, SCHEMA

log = logging.getLogger("kantine.gamify")


async def run() -> None:
    settings = load(GamifySettings)
    rules, zone = settings.rules(), settings.zone()  # a broken rules file stops the start with its message
    async with Service(SCHEMA, MIGRATIONS, settings) as svc:
        async with svc.pool.acquire() as conn:
            gamify, new_rules = await game(conn, rules, zone)
            has_history = await conn.fetchval("SELECT EXISTS (SELECT 1 FROM processed_events)")
        router = build_router(gamify)
        svc.grpc.add(
            gamify_pb2_grpc.add_GamifyServiceServicer_to_server,
            GamifyApi(svc.pool, rules, zone, settings.minimum_group_size),
            "kantine.v1.GamifyService",
        )
        svc.consume(router)
        svc.background("relay", Relay(svc.pool, svc.nc.jetstream(), svc.topology).run)
        if new_rules and has_history and settings.backfill_on_new_rules:
            models = ConsumedReadModels(SCHEMA, CONSUMED_TABLES, router)  # the consumer's own handlers

            async def backfill() -> None:
                log.info("new rules: applying them to history", extra={"rules": len(new_rules)})
                try:
                    done = await rebuild_consumer(settings.database_url, svc.nc, svc.topology, models)
                except RebuildError as exc:
                    log.error("the backfill of new rules did not finish: %s", exc)
                    return
                log.info("new rules applied to history", extra={"events": done.events, "seconds": done.seconds})

            svc.background("backfill", backfill)
        await svc.run()


if __name__ == "__main__":
    main(run)
