"""A run's drafts in waves: each upsert statement touches one recipient's notification at most once."""

from __future__ import annotations

import datetime as dt

from services.notify.domain.model import Draft, Kind, Reason
from services.notify.store import About, _waves

AT = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)


def about(actor: str) -> About:
    return About(actor, AT, None, post_id="p")


def test_a_key_twice_goes_to_the_next_wave_and_order_is_kept() -> None:
    anna_post = Draft("anna", Kind.REACTION, "reaction:p", Reason.YOUR_POST)
    bob_post = Draft("bob", Kind.REACTION, "reaction:q", Reason.YOUR_POST)
    drafts = [(anna_post, about("x")), (bob_post, about("x")), (anna_post, about("y")), (anna_post, about("z"))]
    waves = _waves(drafts)
    assert [[a.actor for _, a in wave] for wave in waves] == [["x", "x"], ["y"], ["z"]]
    assert [d.recipient for d, _ in waves[0]] == ["anna", "bob"]


def test_different_keys_share_a_wave() -> None:
    drafts = [(Draft("anna", Kind.REACTION, f"reaction:{p}", Reason.YOUR_POST), about("x")) for p in "pqr"]
    assert len(_waves(drafts)) == 1
    assert _waves([]) == []
