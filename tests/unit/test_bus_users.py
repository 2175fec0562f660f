"""Who owns which events, and the NATS permissions that follow from it (kantine.topology): every
aggregate has exactly one publisher, and a service's user may publish its own subjects alone."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kantine import codec
from kantine.platform.nats_server import NatsServer, new_passwords
from kantine.platform.supervisor import SERVICES
from kantine.topology import ADMIN, BUS_USERS, Topology, bus_user, owner_of, permissions


def test_every_aggregate_of_the_contract_has_exactly_one_publishing_service() -> None:
    aggregates = {t.aggregate for t in codec.all_event_types()}
    owned = [a for user in BUS_USERS.values() for a in user.aggregates]
    assert sorted(owned) == sorted(aggregates)  # none twice, none missing, none stale
    assert owner_of("user") == owner_of("group") == owner_of("post") == "feed"
    assert owner_of("presence") == "gateway"
    with pytest.raises(LookupError):
        owner_of("payroll")


def test_every_process_of_the_platform_has_a_user_and_no_process_takes_a_reserved_name() -> None:
    assert {s.name for s in SERVICES if s.module.startswith("services.")} == set(BUS_USERS)
    assert bus_user("author_stats").aggregates == ()  # an extension consumer owns no events
    for reserved in (ADMIN, "events", "dlq", "replay"):
        with pytest.raises(ValueError):
            bus_user(reserved)


def published(user: str, prefix: str = "kantine") -> list[str]:
    return permissions(Topology(prefix), bus_user(user))["publish"]["allow"]


def test_the_gateway_may_publish_no_feed_event_and_each_service_only_its_own_events() -> None:
    assert "kantine.events.user.*" in published("feed") and "kantine.events.post.*" in published("feed")
    assert [s for s in published("gateway") if ".events." in s] == ["kantine.events.presence.*"]
    for name, user in BUS_USERS.items():
        events = {s for s in published(name) if s.startswith("kantine.events.")}
        assert events == {f"kantine.events.{a}.*" for a in user.aggregates}
        # nobody but the admin replays into a consumer, answers another's request or changes a stream
        assert not [s for s in published(name) if ".replay." in s or s.startswith("_INBOX") or s == ">"]
        assert not [s for s in published(name) if ".STREAM.CREATE." in s or ".STREAM.UPDATE." in s]
        # its own consumer, its own dead letters, and no one else's
        for other in set(BUS_USERS) - {name}:
            assert not [s for s in published(name) if f".{other}" in s.replace("kantine.events.", "")]


def test_a_user_subscribes_to_its_own_inbox_and_subjects_and_the_gateway_also_to_the_events() -> None:
    topology = Topology("kantine")
    assert permissions(topology, bus_user("notify"))["subscribe"]["allow"] == ["_INBOX_notify.>", "kantine.notify.>"]
    assert "kantine.events.>" in permissions(topology, bus_user("gateway"))["subscribe"]["allow"]


def test_for_any_prefix_the_rules_keep_their_shape_with_wildcards() -> None:
    assert "*.events.user.*" in published("feed", "*")
    assert "$JS.API.CONSUMER.MSG.NEXT.*.notify" in published("notify", "*")
    assert "$JS.API.CONSUMER.MSG.NEXT.KANTINE_EVENTS.notify" in published("notify")


def test_the_local_server_admits_only_the_users_it_is_given_and_keeps_their_passwords_to_itself(
    tmp_path: Path,
) -> None:
    passwords = new_passwords(["feed", "gateway"])
    assert set(passwords) == {ADMIN, "feed", "gateway"} and len(set(passwords.values())) == 3
    config = NatsServer(tmp_path, port=4999, monitor_port=8999, users=passwords).write_config()
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text()
    users = json.loads(text[text.index("authorization:") + len("authorization:") :])["users"]
    assert [u["user"] for u in users] == [ADMIN, "feed", "gateway"]
    assert [u["password"] for u in users] == list(passwords.values())
    assert users[2]["permissions"] == permissions(Topology("kantine"), bus_user("gateway"))
    assert "authorization" not in NatsServer(tmp_path / "open", port=4998, monitor_port=8998).write_config().read_text()
