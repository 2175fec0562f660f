"""`make chaos`, short form: the whole platform under kill -9, every invariant checked afterwards.

Every service, NATS and PostgreSQL is killed once with SIGKILL at a random moment while clients write
through the gateway, and started again with `kantine up`. Then nothing the gateway accepted is lost,
nothing is doubled (posts, counts, points against a recomputation, e-mails), no one who left a private
group is in it anywhere, and nothing is dead-lettered (tools/chaos.py says how each is checked). The
control plants a lost post and a re-admitted outsider afterwards: the same checks must find both.
The long form (`make chaos`) writes its figures to docs/reliability.md.
"""

from __future__ import annotations

from pathlib import Path

from tools import chaos


def test_killed_processes_lose_nothing_double_nothing_and_readmit_nobody(tmp_path: Path) -> None:
    campaign = chaos.Campaign(load_s=40.0, kills_each=1, people=6, clients=4, seed=11)
    outcome = chaos.run(campaign, tmp_path / "kantine", control=True)
    report = chaos.report(outcome)
    assert sum(outcome.kills.values()) == len(campaign.targets), report  # every process was killed once
    assert outcome.accepted["post"] > 0 and outcome.accepted["comment"] > 0, report
    assert outcome.checked["private searches"] > 0, report
    assert not outcome.lost, report
    assert not outcome.doubled, report
    assert not outcome.violations, report
    assert len(outcome.control) >= 2, f"the checks missed a planted fault: {outcome.control}\n{report}"


def test_a_three_node_bus_keeps_accepting_posts_while_its_nodes_are_killed_one_at_a_time(tmp_path: Path) -> None:
    """The same campaign on a JetStream cluster (streams at three replicas, as deploy/nats/values.yaml
    runs it): each node is killed once, and the feed once, while posts keep coming; nothing is lost."""
    campaign = chaos.Campaign(load_s=30.0, kills_each=1, people=4, clients=3, seed=12, nats_nodes=3,
                              targets=("nats-1", "nats-2", "nats-3", "feed"))  # fmt: skip
    outcome = chaos.run(campaign, tmp_path / "kantine")
    report = chaos.report(outcome)
    assert sum(outcome.kills.values()) == 4, report
    assert outcome.accepted["post"] > 0 and outcome.accepted["comment"] > 0, report
    assert not outcome.lost, report
    assert not outcome.doubled, report
    assert not outcome.violations, report
