"""Search over real NATS JetStream and PostgreSQL, with the feed in-process: stemming in the five
languages, private groups that are never found, counted or faceted by outsiders, deletions and edits,
the query language's filters, expertise, suggestions, missed queries, and a rebuild equal to the live
index."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import grpc
import pytest
from nats.aio.client import Client as NatsClient

from kantine.envelope import H_MSG_ID
from kantine.grpcutil import channel
from kantine.ids import new_id
from kantine.projections import rebuild_consumer
from kantine.topology import Topology
from kantine.v1 import events_pb2 as ev
from kantine.v1 import feed_pb2 as f
from kantine.v1 import feed_pb2_grpc, search_pb2_grpc
from kantine.v1 import search_pb2 as s
from services.search import projection, reads
from services.search.domain import ranking
from tests.harness import FeedHarness, SearchHarness, fetchval


@dataclasses.dataclass
class Finder:
    feed: FeedHarness
    search: SearchHarness
    fs: Any
    ss: Any
    url: str
    nc: NatsClient
    topology: Topology

    async def person(self, name: str, **profile: Any) -> str:
        user_id = new_id()
        await self.fs.ProvisionUser(
            f.ProvisionUserRequest(user_id=user_id, profile=f.Profile(display_name=name, **profile))
        )
        return user_id

    async def post(self, author: str, body: str, **kw: Any) -> str:
        return str((await self.fs.CreatePost(f.CreatePostRequest(author_id=author, body=body, **kw))).post_id)

    async def comment(self, author: str, post_id: str, body: str) -> str:
        reply = await self.fs.AddComment(f.AddCommentRequest(actor_id=author, post_id=post_id, body=body))
        return str(reply.comment_id)

    async def group(
        self, owner: str, name: str, purpose: str = "", *members: str, private: bool = False, secret: bool = False
    ) -> str:
        visibility = ev.GROUP_VISIBILITY_PUBLIC
        if private or secret:
            visibility = ev.GROUP_VISIBILITY_SECRET if secret else ev.GROUP_VISIBILITY_PRIVATE
        reply = await self.fs.CreateGroup(
            f.CreateGroupRequest(
                actor_id=owner, name=name, purpose=purpose or f"everything about {name}", visibility=visibility
            )
        )
        for member in members:
            if private or secret:
                await self.fs.InviteMember(
                    f.GroupMemberCommand(actor_id=owner, group_id=reply.group_id, user_id=member)
                )
            await self.fs.JoinGroup(f.GroupMemberCommand(actor_id=member, group_id=reply.group_id))
        return str(reply.group_id)

    async def settle(self) -> None:
        """Wait until search has applied everything the feed has committed."""
        await self.feed.relay.publish_pending()
        await self.search.consumer.wait_idle()

    async def find(self, viewer: str, query: str, **kw: Any) -> s.SearchResults:
        return await self.ss.Search(s.SearchRequest(viewer_id=viewer, query=query, **kw))

    async def found(self, viewer: str, query: str) -> set[str]:
        """The posts (and the posts of comments) a query finds, over every page."""
        ids: set[str] = set()
        cursor = ""
        while True:
            page = await self.find(viewer, query, cursor=cursor, limit=100)
            ids |= {h.post_id for h in page.hits}
            if not page.next_cursor:
                return ids
            cursor = page.next_cursor

    async def experts(self, viewer: str, topic: str) -> list[s.Expert]:
        return list((await self.ss.FindExperts(s.FindExpertsRequest(viewer_id=viewer, topic=topic))).experts)


@pytest.fixture
async def finder(database_url: str, nc: NatsClient, topology: Topology) -> AsyncIterator[Finder]:
    feed = await FeedHarness.start(database_url, nc, topology)
    search = await SearchHarness.start(database_url, nc, topology)
    async with contextlib.AsyncExitStack() as channels:
        fch, sch = [await channels.enter_async_context(channel(h.address)) for h in (feed, search)]
        yield Finder(
            feed, search, feed_pb2_grpc.FeedServiceStub(fch), search_pb2_grpc.SearchServiceStub(sch), database_url,
            nc, topology,
        )  # fmt: skip
    await search.close()
    await feed.close()


# Each text is a sentence people would write; the second word is another form of the stem the text uses.
STEMMING = {
    "da": [
        ("Medarbejderne i økonomi har lavet en ny proces for rejseafregning, og det virker godt.", "medarbejder"),
        ("Vi har haft et godt samarbejde med IT om den nye løsning, tak for det.", "samarbejdet"),
        ("Hvem kender til reglerne for hjemmearbejde? Jeg kan ikke finde dem på intranettet.", "reglen"),
    ],
    "nb": [
        ("Samarbeidet med leverandøren har gått veldig bra, og vi er snart ferdige med prosjektet.", "samarbeid"),
        ("Leverandørene har levert nye skannere til lageret, og vi er fornøyde med dem.", "leverandør"),
        ("Hvor finner jeg rutinene for innkjøp? Jeg har ikke sett dem noen steder.", "rutine"),
    ],
    "sv": [
        ("Medarbetarna på kontoret i Malmö har flyttat till nya lokaler och det är jättefint.", "medarbetare"),
        ("Vi har hittat lösningen på problemet med skrivarna, det var inte så svårt som vi trodde.", "lösning"),
        ("Kunderna i Göteborg har fått nya avtal, och vi är mycket nöjda med dem.", "kund"),
    ],
    "nl": [
        ("De medewerkers van de klantenservice hebben een nieuwe werkwijze voor klachten bedacht.", "medewerker"),
        ("Wij zoeken nog oplossingen voor het parkeren bij het kantoor in Utrecht, wie heeft een idee?", "oplossing"),
        (
            "De vergaderingen op vrijdag worden voortaan online gehouden, dat is voor iedereen makkelijker.",
            "vergadering",
        ),
    ],
    "en": [
        ("The engineers were running the migration all weekend and it finished without any errors.", "runs"),
        ("We have new meetings rooms on the third floor, and they are booked through the calendar.", "meeting"),
        ("Thanks to everyone who suggested solutions for the parking problem at the office.", "solution"),
    ],
}


async def test_each_language_finds_other_forms_of_a_word(finder: Finder) -> None:
    author = await finder.person("Astrid Holm", locale="en")
    posts = {}
    for cases in STEMMING.values():
        for text, _ in cases:
            posts[text] = await finder.post(author, text)
    viewer = await finder.person("Bo Nygaard")
    await finder.settle()
    for locale, cases in STEMMING.items():
        for text, other_form in cases:
            assert other_form.lower() not in text.lower().split(), "the test must search another form"
            assert posts[text] in await finder.found(viewer, other_form), f"{locale}: {other_form!r} in {text!r}"
    # and the stem is not so loose that everything matches
    assert await finder.found(viewer, "medarbejder") == {posts[STEMMING["da"][0][0]]}


async def test_a_private_groups_post_is_never_found_counted_or_faceted_by_outsiders(finder: Finder) -> None:
    owner = await finder.person("Owen Owner")
    member = await finder.person("Mia Member")
    outsider = await finder.person("Otto Outsider")
    secret = await finder.group(owner, "Project Falcon", "the acquisition nobody knows about", member, private=True)
    open_group = await finder.group(owner, "Everyone talks", "open to all")
    hidden = await finder.post(member, "The falcon acquisition closes on Friday #falcon", group_id=secret)
    visible = await finder.post(owner, "A falcon was seen on the roof today", group_id=open_group)
    answer = await finder.post(member, "Who knows the falcon budget?", group_id=secret, kind=ev.POST_KIND_QUESTION)
    await finder.comment(owner, answer, "The falcon budget is in the shared folder")
    await finder.settle()

    outside = await finder.find(outsider, "falcon")
    assert {h.post_id for h in outside.hits} == {visible}
    assert outside.total == 1
    assert [v.value for v in outside.facets.groups] == [open_group]
    assert {v.value for v in outside.facets.authors} == {owner}
    assert sum(v.count for v in outside.facets.kinds) == 1
    assert (await finder.find(outsider, "#falcon")).total == 0
    assert (await finder.find(outsider, f"in:{secret}")).total == 0
    assert (await finder.find(outsider, 'falcon in:"Project Falcon"')).total == 0
    assert (await finder.find(owner, f"in:{secret}")).total == 3  # the control: its two posts and the comment
    # Mia's only evidence is in the group, and so is Owen's answer: neither counts for an outsider
    outside_experts = {e.person.user_id: e for e in await finder.experts(outsider, "falcon budget")}
    inside_experts = {e.person.user_id: e for e in await finder.experts(owner, "falcon budget")}
    assert member in inside_experts and member not in outside_experts
    assert (inside_experts[owner].answers, outside_experts[owner].answers) == (1, 0)
    assert (inside_experts[owner].posts, outside_experts[owner].posts) == (1, 1)  # the falcon on the roof
    # a private group is listed by name, never its posts
    groups = await finder.ss.SearchGroups(s.SearchGroupsRequest(viewer_id=outsider, query="falcon"))
    assert [(g.group_id, g.viewer_is_member) for g in groups.groups] == [(secret, False)]
    groups = await finder.ss.SearchGroups(s.SearchGroupsRequest(viewer_id=member, query="falcon"))
    assert [(g.group_id, g.viewer_is_member) for g in groups.groups] == [(secret, True)]
    suggestions = await finder.ss.SuggestWhereToAsk(s.SuggestRequest(viewer_id=outsider, query="falcon acquisition"))
    assert secret not in {g.group_id for g in suggestions.groups}
    suggestions = await finder.ss.SuggestWhereToAsk(s.SuggestRequest(viewer_id=member, query="falcon acquisition"))
    assert secret in {g.group_id for g in suggestions.groups}

    # a secret group is not even there for outsiders
    skunk = await finder.group(owner, "Skunkworks", "the falcon prototype lab", member, secret=True)
    await finder.post(member, "Falcon prototype flies", group_id=skunk)
    await finder.settle()
    assert "no group" in " ".join((await finder.find(outsider, "in:Skunkworks")).notices)
    assert skunk not in {g.group_id for g in (await finder.ss.SearchGroups(
        s.SearchGroupsRequest(viewer_id=outsider, query="skunkworks"))).groups}  # fmt: skip
    assert skunk in {g.group_id for g in (await finder.ss.SearchGroups(
        s.SearchGroupsRequest(viewer_id=member, query="skunkworks"))).groups}  # fmt: skip
    assert (await finder.find(outsider, "falcon")).total == 1

    inside = await finder.find(member, "falcon -prototype")
    assert {h.post_id for h in inside.hits} == {hidden, visible, answer}
    assert inside.total == 4  # the comment is a hit of its own
    assert {v.value for v in inside.facets.groups} == {secret, open_group}
    assert hidden in await finder.found(member, "#falcon")

    # leaving the group takes the posts away at once
    await finder.fs.LeaveGroup(f.GroupMemberCommand(actor_id=member, group_id=secret))
    await finder.settle()
    assert await finder.found(member, "acquisition") == set()


async def test_a_group_that_turns_private_hides_what_was_posted_in_it(finder: Finder) -> None:
    owner = await finder.person("Greta Owner")
    outsider = await finder.person("Olaf Outsider")
    group = await finder.group(owner, "Tender team", "bids for public contracts")
    post = await finder.post(owner, "The tender for the harbour project is due in May")
    in_group = await finder.post(owner, "Harbour tender pricing draft", group_id=group)
    await finder.settle()
    assert await finder.found(outsider, "harbour tender") == {post, in_group}
    await finder.fs.UpdateGroup(
        f.UpdateGroupRequest(
            actor_id=owner,
            group_id=group,
            name="Tender team",
            purpose="bids for public contracts",
            visibility=ev.GROUP_VISIBILITY_PRIVATE,
        )
    )
    await finder.settle()
    assert await finder.found(outsider, "harbour tender") == {post}
    assert await finder.found(owner, "harbour tender") == {post, in_group}


async def test_deleted_and_edited_posts_and_comments_are_reflected(finder: Finder) -> None:
    author = await finder.person("Dina Deleter")
    viewer = await finder.person("Vera Viewer")
    post = await finder.post(author, "The canteen serves smørrebrød on Thursdays")
    other = await finder.post(author, "Bring your own mug to the canteen")
    comment = await finder.comment(viewer, other, "The canteen coffee machine is broken again")
    await finder.settle()
    assert await finder.found(viewer, "canteen") == {post, other}

    await finder.fs.DeletePost(f.PostCommand(actor_id=author, post_id=post))
    await finder.fs.EditPost(
        f.EditPostRequest(actor_id=author, post_id=other, body="Bring your own cup #sustainability")
    )
    await finder.settle()
    assert await finder.found(viewer, "smørrebrød") == set()
    hits = (await finder.find(viewer, "canteen")).hits
    assert [(h.post_id, h.comment_id) for h in hits] == [(other, comment)]  # only the comment still says it
    assert await finder.found(viewer, "cup") == {other}
    assert await finder.found(viewer, "#sustainability") == {other}

    await finder.fs.DeleteComment(f.CommentCommand(actor_id=viewer, post_id=other, comment_id=comment))
    await finder.settle()
    assert (await finder.find(viewer, "coffee machine")).total == 0


async def test_filters_tag_from_in_and_unanswered(finder: Finder) -> None:
    anna = await finder.person("Anna Berg", email="anna.berg@example.com")
    bjorn = await finder.person("Bjørn Dahl", email="bjorn@example.com")
    group = await finder.group(anna, "Kubernetes guild", "running our clusters", bjorn)
    q1 = await finder.post(anna, "How do we upgrade the cluster to 1.31? #kubernetes", kind=ev.POST_KIND_QUESTION)
    q2 = await finder.post(bjorn, "Is the cluster backup tested? #kubernetes", kind=ev.POST_KIND_QUESTION,
                           group_id=group)  # fmt: skip
    d1 = await finder.post(bjorn, "Cluster upgrade finished #kubernetes #ops", group_id=group)
    d2 = await finder.post(anna, "Lunch cluster at noon")
    answer = await finder.comment(bjorn, q1, "Drain the nodes one at a time, then upgrade the control plane")
    await finder.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=anna, post_id=q1, comment_id=answer))
    await finder.settle()

    assert await finder.found(bjorn, "#kubernetes") == {q1, q2, d1}
    assert await finder.found(bjorn, "#ops") == {d1}
    assert await finder.found(bjorn, "cluster from:anna.berg") == {q1, d2}
    assert await finder.found(bjorn, 'cluster from:"Anna Berg"') == {q1, d2}
    assert await finder.found(anna, "cluster from:bjorn") == {q2, d1}
    assert await finder.found(anna, "cluster in:kubernetes-guild") == {q2, d1}  # a name written as one word
    assert await finder.found(anna, 'cluster in:"Kubernetes guild"') == {q2, d1}
    assert await finder.found(anna, f"in:{group}") == {q2, d1}
    assert await finder.found(anna, "is:unanswered") == {q2}
    assert await finder.found(anna, "cluster is:answered") == {q1}
    assert await finder.found(anna, "cluster type:question") == {q1, q2}
    assert await finder.found(anna, "cluster -upgrade") == {q2, d2}
    assert await finder.found(anna, '"cluster backup"') == {q2}
    hit = next(h for h in (await finder.find(anna, "#kubernetes is:answered")).hits)
    assert hit.answered and hit.kind == "question"
    assert hit.created_at.endswith("Z")  # RFC 3339 in UTC, as every other reply gives times

    # typos are forgiven on names and tags, and said so
    typo = await finder.find(bjorn, "#kubernetis")
    assert {h.post_id for h in typo.hits} == {q1, q2, d1}
    assert any("#kubernetes" in n for n in typo.notices)
    assert await finder.found(bjorn, "cluster from:anan.berg") == {q1, d2}  # her address, mistyped
    assert await finder.found(bjorn, 'cluster from:"Ana Berg"') == {q1, d2}
    people = await finder.ss.SearchPeople(s.SearchPeopleRequest(viewer_id=anna, query="Bjorn Dal"))
    assert people.people and people.people[0].user_id == bjorn
    nobody = await finder.find(anna, "from:zyxw")
    assert nobody.total == 0 and "nobody" in " ".join(nobody.notices)


async def test_results_page_by_cursor_and_show_highlights(finder: Finder) -> None:
    author = await finder.person("Pia Pager")
    posts = {await finder.post(author, f"Parking note number {i}: the garage is closed on day {i}") for i in range(7)}
    await finder.settle()
    first = await finder.find(author, "garage", limit=3)
    assert len(first.hits) == 3 and first.total == 7 and first.next_cursor
    seen = [h.post_id for h in first.hits]
    cursor = first.next_cursor
    while cursor:
        page = await finder.find(author, "garage", limit=3, cursor=cursor)
        seen += [h.post_id for h in page.hits]
        cursor = page.next_cursor
    assert len(seen) == 7 and set(seen) == posts
    hit = first.hits[0]
    assert [hit.snippet[r.start : r.end].lower() for r in hit.highlights] == ["garage"]
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await finder.find(author, "parking", cursor=first.next_cursor)
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "another query" in (err.value.details() or "")


async def test_expertise_ranks_accepted_answers_above_mentions(finder: Finder) -> None:
    asker = await finder.person("Ask Asker")
    expert = await finder.person("Erik Expert")
    mentioner = await finder.person("Mona Mentioner")
    profiled = await finder.person("Pål Profile", skills=["Terraform"])
    for topic in ("How do I plan a terraform state migration?", "Terraform module versions: pin or float?"):
        question = await finder.post(asker, topic, kind=ev.POST_KIND_QUESTION)
        answer = await finder.comment(expert, question, "Use terraform state mv and keep a backup of the state first.")
        await finder.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=question, comment_id=answer))
    await finder.post(mentioner, "I read something about terraform today")
    await finder.settle()

    ranked = await finder.experts(asker, "terraform")
    names = [e.person.user_id for e in ranked]
    assert names.index(expert) < names.index(mentioner)
    top = ranked[0]
    assert top.person.user_id == expert and top.accepted_answers == 2
    assert next(e for e in ranked if e.person.user_id == profiled).profile_match

    # a person can hide from expertise (recorded as their own event), and come back
    await finder.ss.SetExpertiseVisibility(s.SetExpertiseVisibilityRequest(viewer_id=expert, hidden=True))
    assert expert not in [e.person.user_id for e in await finder.experts(asker, "terraform")]
    assert (await finder.ss.GetExpertiseVisibility(s.GetExpertiseVisibilityRequest(viewer_id=expert))).hidden
    assert (
        await fetchval(finder.url, "SELECT count(*) FROM search.events WHERE event_type = 'ExpertiseVisibilityChanged'")
        == 1
    )
    await finder.ss.SetExpertiseVisibility(s.SetExpertiseVisibilityRequest(viewer_id=expert, hidden=False))
    assert expert in [e.person.user_id for e in await finder.experts(asker, "terraform")]


async def test_few_hits_suggest_where_to_ask_and_misses_are_counted_without_who(finder: Finder) -> None:
    manager = await finder.person("Carl Manager", community_manager=True)
    asker = await finder.person("Ida Asker")
    expert = await finder.person("Hans Payroll")
    group = await finder.group(
        manager, "Payroll and salaries", "questions about pay, payslips and pensions", asker, expert
    )
    question = await finder.post(asker, "When is the payslip published?", kind=ev.POST_KIND_QUESTION, group_id=group)
    answer = await finder.comment(expert, question, "The payslip is published on the 25th")
    await finder.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=asker, post_id=question, comment_id=answer))
    await finder.settle()

    found = await finder.find(asker, "payslip pension")
    assert found.total == 0
    assert [g.group_id for g in found.suggestions.groups][:1] == [group]
    assert expert in [e.person.user_id for e in found.suggestions.people]
    await finder.find(asker, "Payslip  PENSION")
    await finder.find(asker, "unicorn budget")
    missed = await finder.ss.ListMissedQueries(s.ListMissedQueriesRequest(viewer_id=manager))
    assert {(q.query, q.times) for q in missed.queries} == {("payslip pension", 2), ("unicorn budget", 1)}
    columns = await fetchval(
        finder.url,
        "SELECT array_agg(column_name::text ORDER BY column_name) FROM information_schema.columns "
        "WHERE table_schema = 'search' AND table_name = 'missed_queries'",
    )
    assert columns == ["last_at", "query", "times", "week"]  # nothing about who asked
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await finder.ss.ListMissedQueries(s.ListMissedQueriesRequest(viewer_id=asker))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_bad_queries_get_clear_errors(finder: Finder) -> None:
    viewer = await finder.person("Eve Errors")
    cases = {
        ("x" * 501, "500"), ("after:2026-13-01", "after:2026-13-01"), ("type:memo", "type:"), ("", "search for"),
    }  # fmt: skip
    for query, says in cases:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await finder.find(viewer, query)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT, query
        assert says in (err.value.details() or ""), (query, err.value.details())
    for request in (
        s.SearchRequest(viewer_id="nobody", query="x"),
        s.SearchRequest(viewer_id=viewer, query="x", limit=101),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await finder.ss.Search(request)
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    await finder.fs.DeactivateUser(f.UserCommand(actor_id="", user_id=viewer))
    await finder.settle()
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await finder.find(viewer, "anything")
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_rebuild_equals_live(finder: Finder) -> None:
    owner = await finder.person("Rita Rebuild", locale="da")
    member = await finder.person("Rune Member", locale="nb")
    group = await finder.group(owner, "Hemmelige planer", "kun for os to, ingen andre", member, private=True)
    kept = await finder.post(owner, "Medarbejderne mødes i kantinen #fredagsbar", group_id=group)
    gone = await finder.post(member, "Denne post bliver slettet")
    question = await finder.post(member, "Hvor er nøglen til lageret?", kind=ev.POST_KIND_QUESTION)
    answer = await finder.comment(owner, question, "Nøglen hænger ved døren")
    await finder.fs.AcceptAnswer(f.AcceptAnswerRequest(actor_id=member, post_id=question, comment_id=answer))
    await finder.fs.React(f.ReactRequest(actor_id=member, post_id=kept, reaction="like"))
    await finder.fs.DeletePost(f.PostCommand(actor_id=member, post_id=gone))
    await finder.fs.EditPost(
        f.EditPostRequest(actor_id=owner, post_id=kept, body="Medarbejderne mødes i baren #fredagsbar")
    )
    await finder.settle()

    tables = projection.CONSUMED_TABLES
    before = await _snapshot(finder.url, tables)
    models = await projection.consumed_read_models(finder.url)
    done = await rebuild_consumer(finder.url, finder.nc, finder.topology, models)
    assert done.events > 0
    after = await _snapshot(finder.url, tables)
    for table in tables:
        live, rebuilt = set(before[table]), set(after[table])
        assert live == rebuilt, (table, sorted(live - rebuilt), sorted(rebuilt - live))
    assert await finder.found(member, "medarbejder") == {kept}
    # the live consumer goes on from where it was, on the rebuilt tables
    later = await finder.post(owner, "Medarbejderne har fri fredag")
    await finder.settle()
    assert await finder.found(member, "medarbejder") == {kept, later}


async def _snapshot(url: str, tables: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    conn = await asyncpg.connect(url)
    try:
        out = {}
        for table in tables:
            rows = await conn.fetch(f"SELECT * FROM search.{table}")
            out[table] = sorted(tuple(str(v) for v in r.values()) for r in rows)
        return out
    finally:
        await conn.close()


async def test_a_redelivered_event_changes_nothing(finder: Finder) -> None:
    author = await finder.person("Rolf Redeliver")
    fan = await finder.person("Fia Fan")
    post = await finder.post(author, "Only once, please")
    await finder.fs.React(f.ReactRequest(actor_id=fan, post_id=post, reaction="like"))
    await finder.settle()
    # the same ReactionAdded and PostCreated again, as JetStream redelivers after a crash before the ack
    conn = await asyncpg.connect(finder.url)
    try:
        rows = await conn.fetch(
            "SELECT event_type, data, metadata FROM feed.events WHERE event_type IN ('PostCreated', 'ReactionAdded')"
        )
    finally:
        await conn.close()
    for row in rows:
        headers = dict(json.loads(row["metadata"]))
        headers[H_MSG_ID] = f"again-{uuid.uuid4()}"
        subject = finder.topology.replay_subject("search", row["event_type"])
        await finder.nc.jetstream().publish(subject, row["data"], headers=headers)
    await finder.settle()
    assert await fetchval(finder.url, f"SELECT reactions FROM search.entries WHERE entry_id = '{post}'") == 1
    assert await fetchval(finder.url, "SELECT count(*) FROM search.entries") == 1


async def test_the_database_ranks_as_the_ranking_rules_say(finder: Finder) -> None:
    author = await finder.person("Sol Scorer")
    fan = await finder.person("Fred Fan")
    quiet = await finder.post(author, "The quarterly budget review is on Monday")
    busy = await finder.post(author, "Budget numbers for the budget review are in the shared folder")
    await finder.fs.React(f.ReactRequest(actor_id=fan, post_id=busy, reaction="like"))
    await finder.comment(fan, busy, "Thanks for the numbers")
    await finder.settle()

    results = await finder.find(fan, "budget review")
    assert [h.post_id for h in results.hits] == [busy, quiet]  # more relevant and more engaged
    conn = await asyncpg.connect(finder.url, server_settings={"search_path": "search"})
    try:
        tsquery = await reads.analysed(conn, ["budget", "review"])
        for hit in results.hits:
            row = await conn.fetchrow(
                """SELECT ts_rank(document, $2::tsquery, 1) AS relevance, reactions, comments, answered,
                          extract(epoch FROM now() - created_at)::float8 / 86400 AS age
                   FROM entries WHERE entry_id = $1""",
                uuid.UUID(hit.post_id), tsquery,
            )  # fmt: skip
            expected = ranking.score(row["relevance"], row["reactions"], row["comments"], row["answered"], row["age"])
            assert hit.score == pytest.approx(expected, rel=1e-4)
    finally:
        await conn.close()


async def test_mentions_dates_and_deactivated_authors(finder: Finder) -> None:
    writer = await finder.person("Wanda Writer", email="wanda@example.com")
    mentioned = await finder.person("Mads Mentioned", email="mads@example.com")
    reader = await finder.person("Rolf Reader")
    about = await finder.post(writer, f"Thanks @[Mads Mentioned]({mentioned}) for the release notes")
    other = await finder.post(writer, "The release notes are online")
    await finder.settle()

    assert await finder.found(reader, "release @mads") == {about}
    assert await finder.found(reader, '@"Mads Mentioned"') == {about}
    assert await finder.found(reader, "Mads") == {about}  # the mention reads as the name
    hit = (await finder.find(reader, "@mads")).hits[0]
    assert "@Mads Mentioned" in hit.snippet and "](" not in hit.snippet

    today = dt.datetime.now(dt.UTC).date()
    tomorrow = today + dt.timedelta(days=1)
    assert await finder.found(reader, f"release after:{today}") == {about, other}
    assert await finder.found(reader, f"release before:{today}") == set()
    assert await finder.found(reader, f"release after:{tomorrow}") == set()

    await finder.fs.DeactivateUser(f.UserCommand(actor_id="", user_id=writer))
    await finder.settle()
    hits = (await finder.find(reader, "release")).hits
    assert {h.post_id for h in hits} == {about, other}
    assert all(not h.author_active and h.author_name == "Wanda Writer" for h in hits)
    people = await finder.ss.SearchPeople(s.SearchPeopleRequest(viewer_id=reader, query="Wanda"))
    assert [p.user_id for p in people.people] == []
    people = await finder.ss.SearchPeople(s.SearchPeopleRequest(viewer_id=reader, query="Wanda", include_inactive=True))
    assert [(p.user_id, p.active) for p in people.people] == [(writer, False)]


async def test_polls_praise_merged_groups_and_shared_handles(finder: Finder) -> None:
    manager = await finder.person("Cleo Manager", community_manager=True, email="cleo@example.com")
    anna = await finder.person("Anna Berg", email="anna@example.com")
    namesake = await finder.person("Anna Holm", email="anna@example.org")
    poll = await finder.post(anna, "Where do we go for the summer party?", kind=ev.POST_KIND_POLL,
                             poll_options=["Tivoli", "Bakken"])  # fmt: skip
    praise = await finder.post(manager, "Thank you for the migration weekend", kind=ev.POST_KIND_PRAISE,
                               praised_user_ids=[anna])  # fmt: skip
    old = await finder.group(manager, "Old intranet team", "the intranet we are replacing")
    new = await finder.group(manager, "Intranet team", "the new intranet")
    in_old = await finder.post(manager, "Intranet launch checklist", group_id=old)
    await finder.fs.MergeGroups(f.MergeGroupsRequest(actor_id=manager, group_id=old, into_group_id=new))
    await finder.settle()

    assert await finder.found(namesake, "tivoli") == {poll}  # a poll is found by its options
    assert await finder.found(namesake, f"@{anna}") == {praise}  # praise is found by whom it praises
    await finder.fs.EditPost(f.EditPostRequest(actor_id=manager, post_id=praise, body="Thank you, Anna!"))
    await finder.settle()
    assert await finder.found(namesake, f"@{anna}") == {praise}  # an edit keeps whom it praises
    # the merged group's id leads to the group it was merged into, as it does in the feed
    assert await finder.found(namesake, f"launch in:{old}") == {in_old}
    # two people share the handle "anna": the one chosen is said
    shared = await finder.find(namesake, "party from:anna")
    assert [h.post_id for h in shared.hits] == [poll]
    assert shared.notices and "Anna Berg" in shared.notices[0]
