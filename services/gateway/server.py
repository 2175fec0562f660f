"""The HTTP server the gateway runs in (uvicorn), started the same way in production and in tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


class HttpServer(uvicorn.Server):
    """uvicorn without its own signal handling: the Service owns SIGTERM and stops it in order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_http(app: ASGIApp, listen: str, trusted_proxies: str = "") -> tuple[HttpServer, asyncio.Task[None]]:
    """Serve `app` on host:port; returns once it listens. Stop it with `server.should_exit = True` and
    awaiting the task. `trusted_proxies` (KANTINE_TRUSTED_PROXIES): the ingress addresses whose
    X-Forwarded-For names the client, so per-address limits see people, not the ingress."""
    host, _, port = listen.rpartition(":")
    config = uvicorn.Config(
        app, host=host.strip("[]") or "0.0.0.0", port=int(port), loop="none", http="httptools", lifespan="off",
        access_log=False, log_config=None, server_header=False, timeout_graceful_shutdown=5,
        proxy_headers=bool(trusted_proxies), forwarded_allow_ips=trusted_proxies or None,
    )  # fmt: skip
    server = HttpServer(config)
    task = asyncio.create_task(server.serve())
    while not server.started:  # a port already taken ends serve() at once
        if task.done():
            raise SystemExit(f"cannot listen on {listen}")
        await asyncio.sleep(0.02)
    return server, task
