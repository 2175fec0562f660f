"""The envelope, the codec and UUIDv7: pure functions, no servers."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kantine import codec, history
from kantine.envelope import H_EVENT_ID, H_IMPORTED, H_MSG_ID, Envelope, EnvelopeError
from kantine.errors import DomainError
from kantine.ids import uuid7, uuid7_time_ms
from kantine.topology import Topology
from kantine.v1 import events_pb2
from kantine.v1.events_pb2 import PostCreated


def test_uuid7_is_version_7_and_strictly_increasing() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert abs(uuid7_time_ms(ids[0]) - uuid7_time_ms(ids[-1])) < 5000


def test_envelope_round_trips_through_headers() -> None:
    env = Envelope.new("PostCreated", "p1", 1, "u1", trace={"traceparent": "00-" + "a" * 32 + "-" + "b" * 16 + "-01"})
    headers = env.to_headers()
    assert headers[H_MSG_ID] == headers[H_EVENT_ID] == env.event_id
    assert Envelope.from_headers(headers) == env
    assert env.correlation_id == env.event_id  # a new conversation starts with this event


def test_caused_event_keeps_correlation_and_points_at_its_cause() -> None:
    first = Envelope.new("PostCreated", "p1", 1, "u1")
    second = first.caused("BadgeAwarded", "u1", 3, "gamify")
    assert second.correlation_id == first.correlation_id
    assert second.causation_id == first.event_id
    assert second.event_id != first.event_id


@pytest.mark.parametrize("missing", ["Kantine-Event-Id", "Kantine-Event-Type", "Kantine-Aggregate-Version"])
def test_envelope_without_a_required_header_is_rejected_by_name(missing: str) -> None:
    headers = Envelope.new("PostCreated", "p1", 1, "u1").to_headers()
    del headers[missing]
    with pytest.raises(EnvelopeError, match=missing):
        Envelope.from_headers(headers)


def test_malformed_version_is_an_envelope_error() -> None:
    headers = Envelope.new("PostCreated", "p1", 1, "u1").to_headers()
    headers["Kantine-Aggregate-Version"] = "one"
    with pytest.raises(EnvelopeError):
        Envelope.from_headers(headers)


def test_codec_knows_every_feed_event_and_its_subject() -> None:
    names = {t.name for t in codec.all_event_types()}
    assert {"PostCreated", "UserProvisioned", "ReactionAdded", "Followed", "AnswerAccepted"} <= names
    # every message of events.proto is an event, or a part of one; the registry forgot none of the events
    messages = events_pb2.DESCRIPTOR.message_types_by_name
    parts = {
        field.message_type.name for name in names for field in messages[name].fields if field.message_type is not None
    }
    assert names | parts == set(messages) and not names & parts
    assert {"QuietHours", "ChannelPreference"} <= parts
    assert Topology().event_subject(codec.lookup("PostCreated")) == "kantine.events.post.PostCreated"
    assert Topology().event_subject(codec.lookup("MemberJoined")) == "kantine.events.group.MemberJoined"


def test_codec_round_trip_and_errors() -> None:
    event = PostCreated(post_id="p", author_id="a", body="hej", tags=["x"])
    assert codec.decode("PostCreated", codec.encode(event)) == event
    with pytest.raises(codec.UnknownEventTypeError):
        codec.decode("PostCreatedV9", b"")
    with pytest.raises(codec.PayloadError):
        codec.decode("PostCreated", b"\xff\xff\xff")


def test_newer_producer_fields_are_ignored_not_fatal() -> None:
    newer = codec.encode(PostCreated(post_id="p", body="b")) + b"\xa8\x06\x01"  # field 101, varint 1
    decoded = codec.decode("PostCreated", newer)
    assert isinstance(decoded, PostCreated)
    assert decoded.post_id == "p"


def test_imported_history_keeps_its_time_and_mark_through_headers_and_what_it_causes() -> None:
    then = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    env = Envelope.new("PostCreated", "p1", 1, "u1", occurred_at=then, imported=True)
    parsed = Envelope.from_headers(env.to_headers())
    assert parsed.imported and parsed.occurred_at == then
    assert parsed.caused("BadgeAwarded", "u1", 1, "").imported
    now = Envelope.new("PostCreated", "p2", 1, "u1")
    assert H_IMPORTED not in now.to_headers() and not Envelope.from_headers(now.to_headers()).imported


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("last Tuesday", "not an RFC 3339 time"),
        ("2026-03-01T09:30:00", "with its offset"),
        ("2026-12-01T09:30:00Z", "in the future"),
    ],
)
def test_an_import_time_is_refused_unless_a_past_moment_with_an_offset(value: str, complaint: str) -> None:
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    with pytest.raises(DomainError, match=complaint) as raised:
        history.parse(value, now)
    assert raised.value.field == history.HEADER


def test_an_import_time_is_read_from_the_calls_metadata_in_utc() -> None:
    at = history.from_metadata([("x-other", "1"), (history.METADATA_KEY, b"2026-03-01T10:30:00+01:00")])
    assert at == dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    assert history.from_metadata(history.metadata(at)) == at
    assert history.from_metadata([("x-other", "1")]) is None and history.occurred_at() is None
    with history.occurring_at(at):
        assert history.occurred_at() == at
    assert history.occurred_at() is None
