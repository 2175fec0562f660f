"""Start the gateway: the HTTP API and web page in front of the services' gRPC, with gRPC health for
the platform's supervisor like every other service."""

from __future__ import annotations

import logging

import httpx

from kantine.config import load
from kantine.relay import Relay
from kantine.service import Service, main

from .app import Gateway
from .config import GatewaySettings, is_loopback
from .server import serve_http
from .store import MIGRATIONS, SCHEMA
from .upstream import Upstreams

log = logging.getLogger("kantine.gateway")


async def run() -> None:
    settings = load(GatewaySettings)
    if settings.dev_signin:
        log.warning(
            "KANTINE_DEV_SIGNIN is on%s: anyone who reaches this gateway can sign in as anyone",
            " with KANTINE_DEV_SIGNIN_UNSAFE on a shared address" if settings.dev_signin_unsafe else "",
        )
    if settings.public_url.startswith("http://") and not is_loopback(settings.public_url):
        log.warning(
            "KANTINE_PUBLIC_URL %s is plain http: browsers keep no session cookie from it (they are Secure), "
            "so nobody can sign in; put TLS in front and give the https:// address",
            settings.public_url,
        )
    async with Service(SCHEMA, MIGRATIONS, settings) as svc, httpx.AsyncClient(timeout=10) as http:
        upstreams = Upstreams.of(settings)  # after the service set up tracing: its channels carry the trace
        gateway = Gateway(settings, upstreams, http, svc.nc, svc.topology, svc.pool)
        # presence events: the stream deletes them after the same retention as the gateway's store
        ttl_s = settings.presence_retention_days * 86400
        svc.background("relay", Relay(svc.pool, svc.nc.jetstream(), svc.topology, message_ttl_s=ttl_s).run)
        await gateway.start()
        server, serving = await serve_http(gateway.app(), settings.http_listen, settings.trusted_proxies)
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
