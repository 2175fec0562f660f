"""The bus settings every service reads: sensible defaults, and a clear refusal of what cannot work."""

from __future__ import annotations

import pytest

from kantine.config import ConfigError, PlatformSettings, load

BASE = {
    "KANTINE_DATABASE_URL": "postgresql://k@db/k",
    "KANTINE_NATS_URL": "nats://nats:4222",
    "KANTINE_GRPC_LISTEN": ":1",
}


def test_defaults_keep_every_event_on_one_copy_and_retry_five_times() -> None:
    s = load(PlatformSettings, BASE)
    assert (s.nats_replicas, s.nats_max_age_days, s.nats_dead_letter_max_age_days) == (1, 0.0, 0.0)
    assert (s.nats_duplicate_window_s, s.consumer_ack_wait_s, s.consumer_max_deliveries) == (120.0, 60.0, 5)


def test_a_cluster_sets_three_copies_and_an_age() -> None:
    s = load(PlatformSettings, {**BASE, "KANTINE_NATS_REPLICAS": "3", "KANTINE_NATS_DEAD_LETTER_MAX_AGE_DAYS": "90"})
    assert s.nats_replicas == 3 and s.nats_dead_letter_max_age_days == 90.0


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("KANTINE_NATS_REPLICAS", "0", "1 to 5 copies"),
        ("KANTINE_NATS_REPLICAS", "7", "1 to 5 copies"),
        ("KANTINE_NATS_REPLICAS", "three", "KANTINE_NATS_REPLICAS='three'"),
        ("KANTINE_NATS_MAX_AGE_DAYS", "-1", "0 or more"),
        ("KANTINE_CONSUMER_ACK_WAIT_S", "0", "more than 0"),
        ("KANTINE_CONSUMER_MAX_DELIVERIES", "0", "1 or more"),
    ],
)
def test_what_cannot_work_stops_the_start_with_the_variable_named(variable: str, value: str, says: str) -> None:
    with pytest.raises(ConfigError) as exc:
        load(PlatformSettings, {**BASE, variable: value})
    assert says in str(exc.value)
