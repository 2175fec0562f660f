"""The dead-letter stream: list what a consumer gave up on, and send it back once the cause is fixed.

A replayed message is published to `<prefix>.replay.<consumer>.<type>`, inside the events stream and
filtered to that one consumer, so the other consumers never see it twice. It keeps its event id, so if
the consumer did apply it after all, the replay changes nothing.
"""

from __future__ import annotations

import dataclasses

from nats.js import JetStreamContext, api
from nats.js.errors import NotFoundError

from kantine.consumer import H_CONSUMER, H_DELIVERIES, H_ERROR, H_ORIGINAL_SUBJECT
from kantine.envelope import H_EVENT_ID, H_EVENT_TYPE, H_MSG_ID
from kantine.topology import Topology


@dataclasses.dataclass(frozen=True, slots=True)
class DeadLetter:
    sequence: int
    consumer: str
    event_type: str
    event_id: str
    deliveries: int
    error: str
    original_subject: str


async def _fetch_all(js: JetStreamContext, topology: Topology, consumer: str | None) -> list[api.RawStreamMsg]:
    """Read the dead letters one by one, without a consumer on the stream: so reading them needs only the
    stream's get API, and a service's NATS user need not be allowed any consumer but its own."""
    try:
        info = await js.stream_info(topology.dead_letter_stream)
    except NotFoundError:
        return []
    msgs: list[api.RawStreamMsg] = []
    sequence = info.state.first_seq or 1
    while info.state.messages:
        try:
            msg = await js.get_msg(
                topology.dead_letter_stream, seq=sequence, subject=topology.dead_letter_filter(consumer), next=True
            )
        except NotFoundError:
            break
        msgs.append(msg)
        sequence = (msg.seq or sequence) + 1
    return msgs


def _describe(msg: api.RawStreamMsg) -> DeadLetter:
    headers = msg.headers or {}
    return DeadLetter(
        sequence=msg.seq or 0,
        consumer=headers.get(H_CONSUMER, ""),
        event_type=headers.get(H_EVENT_TYPE, ""),
        event_id=headers.get(H_EVENT_ID, ""),
        deliveries=int(headers.get(H_DELIVERIES, "0") or 0),
        error=headers.get(H_ERROR, ""),
        original_subject=headers.get(H_ORIGINAL_SUBJECT, ""),
    )


async def list_dead_letters(js: JetStreamContext, topology: Topology, consumer: str | None = None) -> list[DeadLetter]:
    return [_describe(m) for m in await _fetch_all(js, topology, consumer)]


async def replay(
    js: JetStreamContext, topology: Topology, consumer: str, sequences: set[int] | None = None
) -> list[DeadLetter]:
    """Send a consumer's dead letters (all, or those sequences) back to it, then remove them from the DLQ."""
    replayed: list[DeadLetter] = []
    for msg in await _fetch_all(js, topology, consumer):
        letter = _describe(msg)
        if sequences is not None and letter.sequence not in sequences:
            continue
        headers = {
            k: v
            for k, v in (msg.headers or {}).items()
            if k not in {H_ERROR, H_CONSUMER, H_DELIVERIES, H_ORIGINAL_SUBJECT}
        }
        headers[H_MSG_ID] = f"{letter.event_id}:replay:{letter.sequence}"
        await js.publish(
            topology.replay_subject(consumer, letter.event_type or "Invalid"), msg.data or b"", headers=headers
        )
        await js.delete_msg(topology.dead_letter_stream, letter.sequence)
        replayed.append(letter)
    return replayed
