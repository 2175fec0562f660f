"""Gamify's privacy and robustness edges found in review: a level that would tell of private activity,
private groups' settings, merged groups, a group whose creation arrives after its posts, a stream whose
history aged out, forged cursors, and aggregates that could single one person out."""

# ruff: noqa: F811  (the `game` fixture is imported, then requested by name)

from __future__ import annotations

import base64
import json

import asyncpg
import grpc
import pytest

from kantine.ids import new_id
from kantine.projections import RebuildError, rebuild_consumer
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import gamify_pb2 as g
from services.gamify import projection
from services.gamify.config import RulesSettings
from tests.harness import fetchval
from tests.integration.test_gamify_flows import Game, game  # noqa: F401


async def test_others_see_a_level_that_counts_private_group_points(game: Game) -> None:
    asker = await game.person("Asta Asker")
    helper = await game.person("Henk Helper")
    outsider = await game.person("Otto Outsider")
    secret = await game.group(asker, helper, private=True)
    for i in range(2):
        question = await game.post(asker, f"private question {i}", kind=ev.POST_KIND_QUESTION, group_id=secret)
        answer = await game.comment(helper, question, "here is how")
        await game.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=question, comment_id=answer))
    await game.settle()
    own = await game.me(helper)
    assert own.points >= 50 and own.level == 2  # all of it earned inside the private group

    seen = await game.me(outsider, helper)
    assert seen.visible and seen.points == 0  # others see public points only ...
    assert seen.level == 1  # ... and the level of those points, not of all of them


async def test_recognition_settings_list_private_groups_to_anyone(game: Game) -> None:
    owner = await game.person("Olga Owner")
    outsider = await game.person("Otto Outsider")
    secret = await game.group(owner, private=True)
    await game.settle()
    await game.gs.UpdateRecognitionSettings(
        g.UpdateRecognitionSettingsRequest(actor_id=owner, scope=ev.RECOGNITION_SCOPE_GROUP, scope_id=secret,
                                           leaderboards=False)
    )  # fmt: skip
    settings = await game.gs.GetRecognitionSettings(g.GetRecognitionSettingsRequest(viewer_id=outsider))
    assert secret not in {s.scope_id for s in settings.settings}


async def test_changing_a_private_groups_settings_tells_an_outsider_that_it_exists(game: Game) -> None:
    owner = await game.person("Olga Owner")
    outsider = await game.person("Otto Outsider")
    secret = await game.group(owner, private=True)
    await game.settle()
    codes = []
    for group_id in (secret, new_id()):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await game.gs.UpdateRecognitionSettings(
                g.UpdateRecognitionSettingsRequest(actor_id=outsider, scope=ev.RECOGNITION_SCOPE_GROUP,
                                                   scope_id=group_id, leaderboards=False)
            )  # fmt: skip
        codes.append(err.value.code())
    # a private group is NOT_FOUND for outsiders, as on its board; PERMISSION_DENIED tells it exists
    assert codes == [grpc.StatusCode.NOT_FOUND, grpc.StatusCode.NOT_FOUND]


async def test_activity_on_posts_merged_into_a_private_group_shows_on_the_organisations_board(game: Game) -> None:
    manager = await game.person("Mona Manager", community_manager=True)
    alice = await game.person("Alice Author")
    bob = await game.person("Bob Member")
    outsider = await game.person("Otto Outsider")
    public = await game.group(alice, bob)
    private = await game.group(manager, private=True)
    post = await game.post(alice, "in the public group", group_id=public)
    await game.settle()
    await game.fs.MergeGroups(f.MergeGroupsRequest(actor_id=manager, group_id=public, into_group_id=private))
    await game.settle()

    await game.comment(bob, post, "said inside the private group now")  # the post lives in the private group
    await game.settle()
    assert (await game.me(bob)).points > 0
    assert (await game.me(outsider, bob)).points == 0  # private activity: not public points
    board = await game.board(outsider, period="all")
    assert bob not in {e.user_id for e in board.entries}


async def test_posts_that_arrive_before_their_groups_creation_count_as_the_group_then_says(game: Game) -> None:
    alice = await game.person("Alice Author")
    outsider = await game.person("Otto Outsider")
    await game.settle()
    await game.feed.stop_relay()  # from now on the feed's events wait in its store
    since = int(await fetchval(game.url, "SELECT coalesce(max(position), 0) FROM feed.events"))
    groups = {}
    for name, visibility in (("open", ev.GROUP_VISIBILITY_PUBLIC), ("closed", ev.GROUP_VISIBILITY_PRIVATE)):
        reply = await game.fs.CreateGroup(
            f.CreateGroupRequest(actor_id=alice, name=f"{name} {new_id()[:8]}", purpose="a test group",
                                 visibility=visibility)
        )  # fmt: skip
        groups[name] = reply.group_id
        await game.post(alice, f"in the {name} group", group_id=reply.group_id)
    # gamify sees the posts first (as a retried or replayed event comes late), then the groups' creation
    conn = await asyncpg.connect(game.url)
    try:
        rows = await conn.fetch(
            "SELECT event_type, data, metadata FROM feed.events WHERE position > $1 ORDER BY position", since
        )
    finally:
        await conn.close()
    js = game.nc.jetstream()
    for row in sorted(rows, key=lambda r: r["event_type"] != "PostCreated"):
        subject = game.topology.replay_subject("gamify", row["event_type"])
        await js.publish(subject, row["data"], headers=dict(json.loads(row["metadata"])))
    await game.settle()

    booked = await fetchval(
        game.url, "SELECT sum(points) FROM gamify.ledger WHERE user_id = $1 AND group_id = $2", alice, groups["open"]
    )
    own, seen = (await game.me(alice)).points, (await game.me(outsider, alice)).points
    assert booked > 0 and own > booked
    assert seen == booked  # the open group's post is public once its settings arrive; the closed one's is not
    board = await game.board(outsider, period="all")
    assert {(e.user_id, e.points) for e in board.entries} >= {(alice, booked)}


async def test_a_rebuild_from_a_stream_whose_messages_all_expired_wipes_the_points(game: Game) -> None:
    ada = await game.person("Ada Lund")
    await game.post(ada, "hello")
    await game.settle()
    assert (await game.me(ada)).points == 5

    # every message aged out (max age): the stream is empty, its first sequence is past 1
    await game.nc.jetstream().purge_stream(game.topology.events_stream)
    models = await projection.consumed_read_models(game.url, RulesSettings())
    with pytest.raises(RebuildError):
        await rebuild_consumer(game.url, game.nc, game.topology, models)
    assert (await game.me(ada)).points == 5


async def test_a_forged_cursor_out_of_range_is_invalid_argument(game: Game) -> None:
    ada = await game.person("Ada Lund")
    await game.settle()
    cursor = base64.urlsafe_b64encode(f"0001-01-01T00:00:00+14:00|{new_id()}".encode()).decode()
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await game.gs.ListPoints(g.ListPointsRequest(viewer_id=ada, cursor=cursor))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_aggregates_single_out_the_one_person_outside_the_shown_departments(game: Game) -> None:
    # minimum group size 2 in the fixture
    manager = await game.person("Mona Manager", community_manager=True, department="People")
    sales = [await game.person(f"Sales {i}", department="Sales") for i in range(2)]
    lonely = await game.person("Lone Legal", department="Legal")
    for person in sales:
        await game.post(person, "sold")
    for i in range(3):
        await game.post(lonely, f"contract {i}")
    await game.settle()
    await game.gs.UpdateRecognitionSettings(
        g.UpdateRecognitionSettingsRequest(actor_id=manager, scope=ev.RECOGNITION_SCOPE_ORGANISATION,
                                           leaderboards=False)
    )  # fmt: skip
    board = await game.board(sales[0], period="week")
    assert not board.personal
    rest_people = board.participants - sum(d.people for d in board.departments)
    rest_points = board.points - sum(d.points for d in board.departments)
    # whatever is shown, nobody may be singled out: the people outside the departments shown are none or
    # at least the minimum (2 here)
    assert board.participants == 3 and board.points == 25
    assert rest_people == 0 or rest_people >= 2, (rest_people, rest_points)
