"""Start the gateway: the HTTP API and web page (uvicorn) in front of the services' gRPC, with gRPC
health for the platform's supervisor like every other service."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator

import httpx
import uvicorn
from starlette.types import ASGIApp

from kantine.config import load
from kantine.service import Service, main

from .app import Gateway
from .config import GatewaySettings
from .store import MIGRATIONS, SCHEMA
from .upstream import Upstreams

log = logging.getLogger("kantine.gateway")


class HttpServer(uvicorn.Server):
    """uvicorn without its own signal handling: the Service owns SIGTERM and stops it in order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def http_server(app: ASGIApp, listen: str) -> HttpServer:
    host, _, port = listen.rpartition(":")
    config = uvicorn.Config(
        app, host=host.strip("[]") or "0.0.0.0", port=int(port), loop="none", http="httptools", lifespan="off",
        access_log=False, log_config=None, server_header=False, timeout_graceful_shutdown=5,
    )  # fmt: skip
    return HttpServer(config)


async def run() -> None:
    settings = load(GatewaySettings)
    if settings.dev_signin:
        logging.getLogger("kantine.gateway").warning(
            "KANTINE_DEV_SIGNIN is on: anyone who reaches this gateway can sign in as anyone"
        )
    upstreams = Upstreams(
        {"feed": settings.feed_address, "notify": settings.notify_address,
         "gamify": settings.gamify_address, "search": settings.search_address},
        timeout_s=settings.upstream_timeout_s,
    )  # fmt: skip
    async with Service(SCHEMA, MIGRATIONS, settings) as svc, httpx.AsyncClient(timeout=10) as http:
        gateway = Gateway(settings, upstreams, http, svc.nc, svc.topology)
        await gateway.start()
        server = http_server(gateway.app(), settings.http_listen)
        serving = asyncio.create_task(server.serve())
        while not server.started:  # a port already taken ends serve() at once
            if serving.done():
                raise SystemExit(f"the gateway cannot listen on {settings.http_listen}")
            await asyncio.sleep(0.02)
        log.info("web page and API on %s", settings.public_url)
        try:
            await svc.run()
        finally:
            server.should_exit = True
            await serving
            await gateway.stop()
            await upstreams.close()


if __name__ == "__main__":
    main(run)
