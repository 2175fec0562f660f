"""Rate limits every gateway replica shares, kept in PostgreSQL (`store.take_token`).

A chart runs several gateway replicas, and a limit each replica keeps for itself lets a caller through
once per replica. For the per-person reads and writes of the API that is what a guard against runaway
clients needs, and it costs no round trip (`domain.ratelimit`). The doors a stranger can knock on (the
sign-in, SCIM, the public unsubscribe link) and the import token are different: their limits are there
against guessing and floods, so they hold across replicas, at one small statement per request on paths
that are rare next to the API's.
"""

from __future__ import annotations

import asyncpg

from services.gateway import store


class SharedLimits:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def take(self, key: str, per_minute: int) -> float:
        """0 when the request may go ahead (and is counted), else the seconds until it may. The bucket
        holds a quarter of a minute's allowance, as the per-person ones do."""
        async with self.pool.acquire() as conn:
            return await store.take_token(conn, key, per_minute, max(1.0, per_minute / 4.0))
