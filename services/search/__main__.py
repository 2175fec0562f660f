"""Start the search service: gRPC SearchService, the consumer that keeps the index, and the relay of its
own event store (people's choice to stay out of expertise)."""

from __future__ import annotations

from kantine.config import load
from kantine.relay import Relay
from kantine.service import Service, main
from kantine.v1 import search_pb2_grpc

from .api import SearchApi, read_pool
from .config import SearchSettings
from .handlers import build_router
from .store import MIGRATIONS, SCHEMA


async def run() -> None:
    settings = load(SearchSettings)
    async with Service(SCHEMA, MIGRATIONS, settings) as svc:
        queries = await read_pool(settings.database_url)
        try:
            svc.grpc.add(
                search_pb2_grpc.add_SearchServiceServicer_to_server, SearchApi(queries), "kantine.v1.SearchService"
            )
            svc.consume(build_router())
            svc.background("relay", Relay(svc.pool, svc.nc.jetstream(), svc.topology).run)
            await svc.run()
        finally:
            await queries.close()


if __name__ == "__main__":
    main(run)
