"""Search where it is easy to get wrong: what outsiders can learn about private groups, events that arrive
late (a retried event or a replayed dead letter comes after newer ones), the query language's edges and
bad input. Each test began as a bug found in review."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable

import grpc
import pytest

from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import search_pb2 as s
from tests.harness import deliver_late, hold_back
from tests.integration.test_search_flows import Finder, finder

__all__ = ["finder"]


def _tomorrow() -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat().replace("+00:00", "Z")


# ----- privacy -----


async def test_a_tag_used_only_where_the_viewer_cannot_read_is_not_revealed(finder: Finder) -> None:
    owner = await finder.person("Sara Secret")
    member = await finder.person("Mads Member")
    outsider = await finder.person("Ole Outsider")
    skunk = await finder.group(owner, "Skunkworks", "the lab nobody talks about", member, secret=True)
    await finder.post(member, "The prototype flew today #kestrelproject", group_id=skunk)
    await finder.post(owner, "Reorganisation announced on Monday #reorgplan", publish_at=_tomorrow())
    await finder.settle()

    never = await finder.find(outsider, "#zyxwvutag")
    assert list(never.notices) == ["#zyxwvutag: no posts with this tag"]
    # the tags the outsider cannot read a single entry with look exactly like a tag nobody ever used
    for tag in ("kestrelproject", "reorgplan"):
        found = await finder.find(outsider, f"#{tag}")
        assert found.total == 0
        assert list(found.notices) == [f"#{tag}: no posts with this tag"], tag


async def test_an_invitee_knows_a_secret_group_and_reads_nothing_of_it(finder: Finder) -> None:
    owner = await finder.person("Sigrid Secret")
    invitee = await finder.person("Ivan Invited")
    outsider = await finder.person("Otto Outsider")
    lab = await finder.group(owner, "Skunkworks", "the lab nobody talks about", secret=True)
    await finder.post(owner, "The heron prototype flies on Friday", group_id=lab)
    await finder.fs.InviteMember(f.GroupMemberCommand(actor_id=owner, group_id=lab, user_id=invitee))
    await finder.settle()

    def listed(reply: s.GroupResults) -> list[tuple[str, bool]]:
        return [(g.group_id, g.viewer_is_member) for g in reply.groups]

    search = finder.ss.SearchGroups
    assert listed(await search(s.SearchGroupsRequest(viewer_id=invitee, query="skunkworks"))) == [(lab, False)]
    assert listed(await search(s.SearchGroupsRequest(viewer_id=outsider, query="skunkworks"))) == []
    assert (await finder.find(invitee, "heron prototype")).total == 0
    assert (await finder.find(owner, "heron prototype")).total == 1
    # and once they join, they read it
    await finder.fs.JoinGroup(f.GroupMemberCommand(actor_id=invitee, group_id=lab))
    await finder.settle()
    assert (await finder.find(invitee, "heron prototype")).total == 1


# ----- the query language -----


async def test_an_excluded_phrase_leaves_out_only_the_phrase(finder: Finder) -> None:
    author = await finder.person("Petra Printer", locale="en")
    apart = await finder.post(author, "The office printer is old and very slow these days")
    phrase = await finder.post(author, "The printer in the old office is broken again today")
    await finder.settle()
    assert await finder.found(author, '"old office"') == {phrase}
    assert await finder.found(author, 'printer -"old office"') == {apart}


async def test_a_nul_in_the_people_or_group_search_is_not_a_crash(finder: Finder) -> None:
    viewer = await finder.person("Nils Nul")
    for call, request in (
        (finder.ss.SearchPeople, s.SearchPeopleRequest(viewer_id=viewer, query="nils\x00nul")),
        (finder.ss.SearchGroups, s.SearchGroupsRequest(viewer_id=viewer, query="pay\x00roll")),
    ):
        try:
            await call(request)
        except grpc.aio.AioRpcError as err:
            assert err.code() == grpc.StatusCode.INVALID_ARGUMENT, err.details()


async def test_a_snippet_keeps_the_text_that_looks_like_markup(finder: Finder) -> None:
    author = await finder.person("Tim Template", locale="en")
    await finder.post(author, "The vpn client wants a List<String> here")
    await finder.settle()
    [hit] = (await finder.find(author, "vpn")).hits
    assert "List<String>" in hit.snippet, hit.snippet
    assert [hit.snippet[h.start : h.end] for h in hit.highlights] == ["vpn"]


def _tampered(cursor: str, **changes: object) -> str:
    raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw.update(changes)
    return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")


async def test_a_tampered_cursor_is_invalid_argument(finder: Finder) -> None:
    author = await finder.person("Cora Cursor")
    for i in range(3):
        await finder.post(author, f"Garage note {i}")
    await finder.settle()
    first = await finder.find(author, "garage", limit=1)
    assert first.next_cursor
    for cursor in (_tampered(first.next_cursor, i=12345), _tampered(first.next_cursor, n="0001-01-01T00:00:00+14:00")):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await finder.find(author, "garage", limit=1, cursor=cursor)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, err.value.details()


async def test_exactly_the_ranked_number_of_matches_is_not_capped(finder: Finder) -> None:
    author = await finder.person("Hanne Hundred")
    for i in range(200):
        await finder.post(author, f"Zebracrossing report {i}")
    await finder.settle()
    found = await finder.find(author, "zebracrossing")
    assert found.total == 200
    assert not found.total_capped  # nothing more matched than the 200 counted


async def test_suggested_people_fill_the_limit_when_the_viewer_is_among_the_experts(finder: Finder) -> None:
    asker = await finder.person("Asta Asker")
    top = await finder.person("Tove Top", skills=["Kafka"])
    other = await finder.person("Otto Other")
    for topic in ("How do we size kafka partitions?", "Kafka consumer lag alerts?"):
        question = await finder.post(asker, topic, kind=ev.POST_KIND_QUESTION)
        answer = await finder.comment(top, question, "Kafka partitions: start with the consumers you need")
        await finder.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=question, comment_id=answer))
    await finder.post(other, "I read something about kafka today")
    await finder.settle()
    experts = [e.person.user_id for e in await finder.experts(asker, "kafka")]
    assert experts[0] == top and other in experts
    mine = await finder.ss.SuggestWhereToAsk(s.SuggestRequest(viewer_id=top, query="kafka", limit=1))
    assert [p.person.user_id for p in mine.people] == [other]


# ----- events that arrive late -----
# A handler that fails is retried with backoff while the events after it keep flowing, and a dead letter is
# replayed (`kantine dlq replay search`) after everything that followed it: both are the platform's own
# ways of delivering, so search must end equal to the feed whatever order its events arrive in.


async def _hold_back(finder: Finder) -> int:
    """From now on the feed's events wait in its store; returns the position they start after."""
    await finder.settle()
    return await hold_back(finder.feed, [])


async def _deliver(finder: Finder, since: int, late: Callable[[int, str], bool]) -> None:
    """Deliver the events held back since `since` in their order, except those `late(index, type)` picks,
    which come after the others (as a retried or a replayed dead letter does)."""
    await deliver_late(finder.url, finder.nc, finder.topology, ["search"], since, late)
    await finder.search.consumer.wait_idle()


async def test_a_comment_that_arrives_before_its_post_stays_in_the_private_group(finder: Finder) -> None:
    owner = await finder.person("Lena Late")
    outsider = await finder.person("Ola Outside")
    group = await finder.group(owner, "Board room", "what the board discusses", private=True)
    since = await _hold_back(finder)
    post = await finder.post(owner, "Heron acquisition: first thoughts", group_id=group)
    await finder.comment(owner, post, "The heron budget is ten million")
    await _deliver(finder, since, late=lambda _, kind: kind == "PostCreated")
    assert {h.post_id for h in (await finder.find(owner, "heron")).hits} == {post}
    found = await finder.find(outsider, "heron budget")
    assert found.total == 0, [(h.comment_id, h.group_id, h.snippet) for h in found.hits]


async def test_a_late_group_update_does_not_undo_a_newer_one(finder: Finder) -> None:
    owner = await finder.person("Gro Group")
    outsider = await finder.person("Ulf Outside")
    group = await finder.group(owner, "Pay review", "salaries and bonuses of 2026", private=True)
    await finder.post(owner, "Osprey team bonus is 12 percent", group_id=group)
    since = await _hold_back(finder)
    for visibility in (ev.GROUP_VISIBILITY_PUBLIC, ev.GROUP_VISIBILITY_PRIVATE):  # opened by mistake, closed again
        await finder.fs.UpdateGroup(
            f.UpdateGroupRequest(
                actor_id=owner, group_id=group, name="Pay review", purpose="salaries and bonuses of 2026",
                visibility=visibility,
            )
        )  # fmt: skip
    await _deliver(finder, since, late=lambda i, _: i == 0)  # the first update is retried after the second
    assert (await finder.find(owner, "osprey bonus")).total == 1
    assert (await finder.find(outsider, "osprey bonus")).total == 0


async def test_a_late_group_creation_keeps_the_newer_settings(finder: Finder) -> None:
    owner = await finder.person("Cato Creator")
    outsider = await finder.person("Una Outside")
    since = await _hold_back(finder)
    group = await finder.group(owner, "Falcon planning", "where the falcon project is planned", private=True)
    post = await finder.post(owner, "Merlin budget draft for the project", group_id=group)
    await finder.fs.UpdateGroup(
        f.UpdateGroupRequest(
            actor_id=owner, group_id=group, name="Harrier planning", purpose="where the harrier project is planned",
            visibility=ev.GROUP_VISIBILITY_PUBLIC,
        )
    )  # fmt: skip
    # the creation is retried after the update: its owner joins, its name and privacy are the update's
    await _deliver(finder, since, late=lambda _, kind: kind == "GroupCreated")

    async def listed(viewer: str, query: str) -> list[tuple[str, str, bool, int]]:
        reply = await finder.ss.SearchGroups(s.SearchGroupsRequest(viewer_id=viewer, query=query))
        return [(g.group_id, g.name, g.viewer_is_member, g.members) for g in reply.groups]

    assert await listed(outsider, "harrier") == [(group, "Harrier planning", False, 1)]
    assert await listed(outsider, "falcon") == []
    assert await listed(owner, "harrier") == [(group, "Harrier planning", True, 1)]
    assert await finder.found(outsider, "merlin budget") == {post}


async def test_a_deleted_post_stays_deleted_when_its_creation_arrives_late(finder: Finder) -> None:
    author = await finder.person("Dag Deleted")
    since = await _hold_back(finder)
    post = await finder.post(author, "Pelican rumour that was a mistake")
    await finder.fs.DeletePost(f.PostCommand(actor_id=author, post_id=post))
    await _deliver(finder, since, late=lambda _, kind: kind == "PostCreated")
    assert await finder.found(author, "pelican") == set()


async def test_a_late_join_does_not_readmit_someone_who_left(finder: Finder) -> None:
    owner = await finder.person("Mia Moderator")
    leaver = await finder.person("Leo Leaver")
    group = await finder.group(owner, "Legal hold", "documents under legal hold", private=True)
    await finder.post(owner, "Kingfisher contract dispute details", group_id=group)
    since = await _hold_back(finder)
    await finder.fs.InviteMember(f.GroupMemberCommand(actor_id=owner, group_id=group, user_id=leaver))
    await finder.fs.JoinGroup(f.GroupMemberCommand(actor_id=leaver, group_id=group))
    await finder.fs.LeaveGroup(f.GroupMemberCommand(actor_id=leaver, group_id=group))
    await _deliver(finder, since, late=lambda _, kind: kind == "MemberJoined")
    assert (await finder.find(owner, "kingfisher")).total == 1
    assert (await finder.find(leaver, "kingfisher")).total == 0


async def test_posts_that_arrive_before_their_public_group_are_found(finder: Finder) -> None:
    owner = await finder.person("Pia Public")
    reader = await finder.person("Rasmus Reader")
    since = await _hold_back(finder)
    group = await finder.group(owner, "Garden club", "everything that grows at the office")
    post = await finder.post(owner, "The tomato plants need water", group_id=group)
    await _deliver(finder, since, late=lambda _, kind: kind == "GroupCreated")
    assert await finder.found(owner, "tomato") == {post}
    assert await finder.found(reader, "tomato") == {post}


async def test_a_late_edit_does_not_undo_a_newer_one(finder: Finder) -> None:
    author = await finder.person("Erik Editor")
    post = await finder.post(author, "The offsite is in Aarhus")
    since = await _hold_back(finder)
    for body in ("The offsite is in Bergen", "The offsite is in Copenhagen"):
        await finder.fs.EditPost(f.EditPostRequest(actor_id=author, post_id=post, body=body))
    await _deliver(finder, since, late=lambda index, _: index == 0)  # the first edit comes last
    assert await finder.found(author, "copenhagen") == {post}
    assert await finder.found(author, "bergen") == set()


async def test_an_early_comment_counts_once_its_post_arrives(finder: Finder) -> None:
    author = await finder.person("Cora Counter")
    since = await _hold_back(finder)
    post = await finder.post(author, "Where is the projector remote?")
    await finder.comment(author, post, "Found it in the drawer")
    await _deliver(finder, since, late=lambda _, kind: kind == "PostCreated")
    hit = next(h for h in (await finder.find(author, "projector")).hits if not h.comment_id)
    assert hit.comments == 1


async def test_a_late_profile_update_or_deactivation_does_not_undo_a_newer_one(finder: Finder) -> None:
    person = await finder.person("Pia Profile", title="Accountant")
    reader = await finder.person("Rita Reader")
    since = await _hold_back(finder)
    for title in ("Controller", "Chief financial officer"):
        profile = f.Profile(display_name="Pia Profile", title=title)
        await finder.fs.UpdateProfile(f.UpdateProfileRequest(actor_id=person, user_id=person, profile=profile))
    await finder.fs.DeactivateUser(f.UserCommand(actor_id="", user_id=person))
    await finder.fs.ReactivateUser(f.UserCommand(actor_id="", user_id=person))
    late = {0, 2}  # the first update and the deactivation come last
    await _deliver(finder, since, late=lambda index, _: index in late)
    people = await finder.ss.SearchPeople(s.SearchPeopleRequest(viewer_id=reader, query="Pia Profile"))
    assert [(p.user_id, p.title, p.active) for p in people.people] == [(person, "Chief financial officer", True)]
