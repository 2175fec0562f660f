"""The streams take the settings an operator chose, and a changed setting updates a running stream."""

from __future__ import annotations

import contextlib
import uuid

import nats
from nats.js.errors import NotFoundError

from kantine.topology import Topology


async def test_age_and_duplicate_window_reach_both_streams_and_can_change(nats_url: str) -> None:
    nc = await nats.connect(nats_url)
    prefix = f"kt{uuid.uuid4().hex[:10]}"
    js = nc.jetstream()
    try:
        await Topology(
            prefix, duplicate_window_s=30.0, max_age_s=86_400.0, dead_letter_max_age_s=3_600.0
        ).ensure_streams(js)
        events = (await js.stream_info(f"{prefix.upper()}_EVENTS")).config
        dead = (await js.stream_info(f"{prefix.upper()}_DLQ")).config
        assert (events.max_age, events.duplicate_window, events.num_replicas) == (86_400.0, 30.0, 1)
        assert dead.max_age == 3_600.0
        # the next start with the defaults: events are kept again
        await Topology(prefix).ensure_streams(js)
        events = (await js.stream_info(f"{prefix.upper()}_EVENTS")).config
        assert (events.max_age or 0.0, events.duplicate_window) == (0.0, 120.0)
    finally:
        for stream in (f"{prefix.upper()}_EVENTS", f"{prefix.upper()}_DLQ"):
            with contextlib.suppress(NotFoundError):
                await js.delete_stream(stream)
        await nc.close()
