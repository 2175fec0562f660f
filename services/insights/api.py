"""InsightsService over gRPC: participation, the unanswered-question radar, answer times, answer targets
and group health, each shown only as far as the viewer may see it (`domain.privacy`)."""

from __future__ import annotations

import base64
import collections
import datetime as dt
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import grpc

from kantine import periods
from kantine.errors import denied, invalid, not_found, precondition
from kantine.fields import page_limit, required_id, rfc3339
from kantine.grpcutil import Context, run
from kantine.v1 import insights_pb2 as pb
from kantine.v1 import insights_pb2_grpc, search_pb2
from services.insights import commands, reads
from services.insights.domain import groups as health
from services.insights.domain import participation, privacy, questions
from services.insights.domain.privacy import Viewer
from services.insights.store import NIL

log = logging.getLogger("kantine.insights")
PERIODS = {"week": "w", "month": "m"}
ANNOUNCEMENT_DAYS = 90
INBOX_QUESTIONS, INBOX_SEARCHES = 5, 20
SEARCH_TIMEOUT_S = 2.0
SCOPES = ("organisation", "department", "group")
MAX_PERIODS = 26
RADAR_PAGE, MAX_RADAR_PAGE = 20, 100
Clock = Callable[[], dt.datetime]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class InsightsApi(insights_pb2_grpc.InsightsServiceServicer):
    def __init__(
        self,
        pool: asyncpg.Pool,
        zone: ZoneInfo,
        *,
        minimum_group_size: int = 5,
        answer_target_hours: int = 24,
        inactive_days: int = 90,
        leaders_see_reports: bool = False,
        search: Any = None,
        clock: Clock = _utc_now,
    ) -> None:
        self.pool = pool
        self.leaders_see_reports = leaders_see_reports
        self.search = search  # a SearchService stub, for the inbox's missed searches; None: not asked
        self.zone = zone
        self.minimum = minimum_group_size
        self.target_hours = answer_target_hours
        self.inactive_days = inactive_days
        self.clock = clock

    async def _viewer(self, conn: asyncpg.Connection, viewer_id: str) -> Viewer:
        found = await reads.viewer(conn, required_id(viewer_id, "viewer_id"))
        if found is None:
            raise denied("unknown viewer: sign in first")
        return found

    def _periods(self, period: str, count: int) -> tuple[str, list[dt.date], list[dt.date]]:
        """The period's code and the starts and ends of `count` periods up to now, with one more before
        them (the baseline of "moved up")."""
        code = PERIODS.get(period or "week")
        if code is None:
            raise invalid(f"period {period!r}: week or month", "period")
        count = count or 6
        if not 1 <= count <= MAX_PERIODS:
            raise invalid(f"periods must be between 1 and {MAX_PERIODS}", "periods")
        last = periods.start(code, self.clock().astimezone(self.zone).date())
        starts = periods.back(code, last, count + 1)
        return code, starts, [periods.end(code, s) for s in starts]

    # ----- participation -----

    async def GetParticipation(self, request: pb.ParticipationRequest, context: Context) -> pb.Participation:
        return await run(context, self._participation(request))

    async def _participation(self, request: pb.ParticipationRequest) -> pb.Participation:
        scope = request.scope or "organisation"
        if scope not in SCOPES:
            raise invalid(f"scope {scope!r}: {', '.join(SCOPES)}", "scope")
        code, starts, ends = self._periods(request.period, request.periods)
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            scope_id = request.scope_id.strip()
            if scope == "group":
                group_id = required_id(scope_id, "scope_id")
                group = await reads.group(conn, group_id)
                if group is None or not privacy.group_figures(viewer, scope_id, group["visibility"]):
                    raise not_found("group")
                named = privacy.group_known(viewer, scope_id, group["visibility"])  # who is in a secret group
                people = await reads.population(conn, group_id=group_id)
                self._enough(len(people), "the group has")
                levels = participation.group_levels(
                    await reads.levels(conn, group_id, code, starts, list(people)),
                    await reads.levels(conn, NIL, code, starts, list(people)),
                    people,
                )
            else:
                named = True
                if scope == "department" and not scope_id:
                    raise invalid("scope_id: the department's name", "scope_id")
                people = await reads.population(conn, department=scope_id if scope == "department" else None)
                if scope == "department":
                    self._enough(len(people), "the department has")
                levels = await reads.levels(conn, NIL, code, starts, list(people))
            joined = {u: at.astimezone(self.zone).date() for u, (at, _) in people.items()}
            reply = pb.Participation(
                scope=scope, scope_id=scope_id, period=request.period or "week",
                periods=[_tiers(s) for s in participation.split(starts, ends, joined, levels)],
                minimum_group_size=self.minimum,
            )  # fmt: skip
            if scope == "organisation":
                self._departments(reply, starts, ends, people, joined, levels)
            if viewer.community_manager and named:
                movers = participation.moved_up(starts, [u for u, d in joined.items() if d < ends[-1]], levels)
                reply.moved_up.extend(_person(r) for r in await reads.names(conn, movers))
        return reply

    def _enough(self, people: int, what: str) -> None:
        if not privacy.enough(people, self.minimum):
            raise precondition(f"{what} fewer than {self.minimum} people: its figures are not shown")

    def _departments(
        self, reply: pb.Participation, starts: list[dt.date], ends: list[dt.date],
        people: Mapping[str, tuple[dt.datetime, str]], joined: Mapping[str, dt.date],
        levels: participation.Levels,
    ) -> None:  # fmt: skip
        by_department: dict[str, dict[str, dt.date]] = collections.defaultdict(dict)
        for user_id, (_, department) in people.items():
            if department:
                by_department[department][user_id] = joined[user_id]
        for department in sorted(by_department):
            members = by_department[department]
            if not privacy.enough(len(members), self.minimum):
                reply.departments_withheld += 1
                continue
            [last] = participation.split(starts[-2:], ends[-2:], members, levels)
            reply.departments.append(pb.DepartmentTiers(department=department, tiers=_tiers(last)))

    # ----- questions -----

    async def ListUnansweredQuestions(self, request: pb.UnansweredRequest, context: Context) -> pb.UnansweredPage:
        return await run(context, self._unanswered(request))

    async def _unanswered(self, request: pb.UnansweredRequest) -> pb.UnansweredPage:
        limit = page_limit(request.limit, RADAR_PAGE, MAX_RADAR_PAGE)
        offset = _offset(request.cursor)
        group_id = required_id(request.group_id, "group_id") if request.group_id else None
        now = self.clock()
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            waiting = [
                q for q in await reads.unanswered(conn, now, self.target_hours, group_id=group_id)
                if not q["group_id"] or privacy.group_figures(viewer, q["group_id"], q["visibility"])
                or privacy.group_content(viewer, q["group_id"], q["visibility"])
            ]  # fmt: skip
            page = waiting[offset : offset + limit]
            reply = pb.UnansweredPage(total=len(waiting))
            for q in page:
                item = pb.UnansweredQuestion(
                    post_id=q["post_id"], group_id=q["group_id"], asked_at=rfc3339(q["created_at"]),
                    hours_waiting=questions.waiting_hours(q["created_at"], now), target_hours=q["target_hours"],
                )  # fmt: skip
                if privacy.group_known(viewer, q["group_id"], q["visibility"]):
                    item.group_name = q["group_name"]
                    item.asker.CopyFrom(pb.PersonRef(user_id=q["author_id"], display_name=q["author_name"] or "",
                                                     department=q["author_department"] or ""))  # fmt: skip
                    item.likely_answerers.extend(_person(r) for r in await reads.likely_answerers(conn, q))
                if privacy.group_content(viewer, q["group_id"], q["visibility"]):
                    item.snippet = q["snippet"]
                    item.tags.extend(q["tags"])
                reply.questions.append(item)
        if offset + limit < len(waiting):
            reply.next_cursor = _cursor(offset + limit)
        return reply

    async def GetAnswerTimes(self, request: pb.AnswerTimesRequest, context: Context) -> pb.AnswerTimes:
        return await run(context, self._answer_times(request))

    async def _answer_times(self, request: pb.AnswerTimesRequest) -> pb.AnswerTimes:
        code, starts, _ = self._periods(request.period, request.periods)
        starts = starts[1:]
        since = dt.datetime.combine(starts[0], dt.time(), self.zone)
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            rows = await reads.asked(conn, since, self.target_hours)
        by_period: dict[dt.date, list[questions.Asked]] = collections.defaultdict(list)
        by_group: dict[str, list[questions.Asked]] = collections.defaultdict(list)
        names: dict[str, tuple[str, int]] = {}
        for r in rows:
            start = periods.start(code, r["created_at"].astimezone(self.zone).date())
            item = questions.Asked(r["created_at"], r["first_answer_at"], r["target_hours"])
            by_period[start].append(item)
            if start == starts[-1] and r["group_id"] and privacy.group_figures(viewer, r["group_id"], r["visibility"]):
                by_group[r["group_id"]].append(item)
                known = privacy.group_known(viewer, r["group_id"], r["visibility"])
                names[r["group_id"]] = (r["group_name"] if known else "", r["target_hours"])
        reply = pb.AnswerTimes(period=request.period or "week", default_target_hours=self.target_hours)
        for start in starts:
            reply.periods.append(_answer_figures(start, questions.figures(by_period[start])))
        for group_id in sorted(by_group, key=lambda g: (names[g][0].casefold(), g)):
            name, target = names[group_id]
            reply.groups.append(pb.GroupAnswerFigures(
                group_id=group_id, group_name=name, target_hours=target,
                figures=_answer_figures(starts[-1], questions.figures(by_group[group_id])),
            ))  # fmt: skip
        return reply

    async def SetAnswerTarget(self, request: pb.SetAnswerTargetRequest, context: Context) -> pb.AnswerTarget:
        async def change() -> pb.AnswerTarget:
            await commands.set_answer_target(
                self.pool, actor=request.actor_id, group_id=request.group_id, hours=request.hours
            )
            return pb.AnswerTarget(group_id=request.group_id, hours=request.hours or self.target_hours,
                                   default=not request.hours)  # fmt: skip

        return await run(context, change())

    # ----- groups -----

    async def ListGroupHealth(self, request: pb.GroupHealthRequest, context: Context) -> pb.GroupHealthPage:
        return await run(context, self._group_health(request))

    async def _group_health(self, request: pb.GroupHealthRequest) -> pb.GroupHealthPage:
        now = self.clock()
        owner = str(required_id(request.owner_id, "owner_id")) if request.owner_id else ""
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            if owner and owner != viewer.user_id and not viewer.community_manager:
                raise denied("a review list is its owner's and the community managers'")
            rows = await reads.groups_health(conn, now, self.target_hours)
        facts = {
            r["group_id"]: health.GroupFacts(r["group_id"], r["name"], r["purpose"], frozenset(r["member_ids"]),
                                             r["created_at"].timestamp())
            for r in rows
        }  # fmt: skip
        duplicates: dict[str, list[health.Duplicate]] = collections.defaultdict(list)
        for d in health.likely_duplicates(list(facts.values())):
            duplicates[d.group_id].append(d)
        visible = {r["group_id"] for r in rows if privacy.group_figures(viewer, r["group_id"], r["visibility"])}
        # a group the viewer may not know is counted, never named, nor likened to another (which says what it is)
        known = {r["group_id"] for r in rows if privacy.group_known(viewer, r["group_id"], r["visibility"])}
        by_id = {r["group_id"]: r for r in rows}
        local = now.astimezone(self.zone)
        reply = pb.GroupHealthPage(quarter=f"{local.year}-Q{(local.month - 1) // 3 + 1}")
        for r in rows:
            if r["group_id"] not in visible or (owner and owner not in r["owner_ids"]):
                continue
            item = self._health(r, now)
            if r["group_id"] not in known:
                item.name = ""
            shown = visible & known
            hints = sorted((d for d in duplicates[r["group_id"]] if {d.group_id, d.other_id} <= shown),
                           key=lambda d: -d.similarity)  # fmt: skip
            for d in hints:
                item.likely_duplicates.append(pb.LikelyDuplicate(
                    group_id=d.other_id, name=by_id[d.other_id]["name"], similarity=d.similarity,
                    member_overlap=d.member_overlap,
                ))  # fmt: skip
            into = next((d.other_id for d in hints if health.merge_into(facts[d.group_id], facts[d.other_id])), "")
            item.suggestion = health.suggestion(
                merge=bool(into), inactive=item.inactive, owners_present=item.owners_present,
                unanswered=item.unanswered_questions,
            )  # fmt: skip
            item.merge_into_group_id = into
            if not request.flagged_only or item.suggestion:
                reply.groups.append(item)
        return reply

    def _health(self, r: Mapping[str, Any], now: dt.datetime) -> pb.GroupHealth:
        last_post: dt.datetime | None = r["last_post_at"]
        members = int(r["members"])
        return pb.GroupHealth(
            group_id=r["group_id"], name=r["name"], visibility=r["visibility"], members=members,
            # how many of a handful of people were active says who was: shown only above the minimum
            active_members=r["active_members"] if privacy.enough(members, self.minimum) else -1,
            posts_last_30_days=r["posts_last_30_days"], unanswered_questions=r["unanswered"],
            owners_present=r["owners_present"], days_since_last_post=(now - last_post).days if last_post else -1,
            inactive=(now - (last_post or r["created_at"])).days >= self.inactive_days,
            created_at=rfc3339(r["created_at"]),
        )  # fmt: skip

    # ----- leaders -----

    async def GetLeaderEngagement(self, request: pb.LeaderEngagementRequest, context: Context) -> pb.LeaderEngagement:
        return await run(context, self._leader_engagement(request))

    async def _leader_engagement(self, request: pb.LeaderEngagementRequest) -> pb.LeaderEngagement:
        _, starts, ends = self._periods(request.period, 1)
        start, end = (dt.datetime.combine(d, dt.time(), self.zone) for d in (starts[-1], ends[-1]))
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            leader_id = required_id(request.leader_id, "leader_id") if request.leader_id else None
            if leader_id is None and not viewer.community_manager:
                leader_id = required_id(viewer.user_id, "viewer_id")
            found = await reads.leaders(conn, leader_id)
            if leader_id is not None and not found:
                raise not_found("leader")
            reply = pb.LeaderEngagement(period=request.period or "week", start=starts[-1].isoformat())
            for leader in found:
                if not self._sees_leader(viewer, leader):
                    raise denied("a leader's figures are for them and the community managers")
                f = await reads.leader_figures(conn, uuid.UUID(leader["user_id"]), start, end)
                size = int(f["department_size"])
                shown = privacy.enough(size, self.minimum)
                recognised = int(f["department_recognised"]) if shown else -1
                reply.leaders.append(pb.LeaderFigures(
                    leader=_person(leader), posts=f["posts"], replies_to_employees=f["replies_to_employees"],
                    reactions_given=f["reactions_given"], praise_given=f["praise_given"],
                    median_hours_to_reply=round(float(f["median_hours_to_reply"]), 1), department_size=size,
                    department_recognised=recognised,
                    department_recognised_share=round(recognised / size, 3) if shown and size else 0.0,
                ))  # fmt: skip
        return reply

    def _sees_leader(self, viewer: Viewer, leader: Mapping[str, Any]) -> bool:
        """The leader, community managers, and the leader's own manager where the organisation allows it."""
        return (
            viewer.community_manager
            or viewer.user_id == leader["user_id"]
            or (self.leaders_see_reports and viewer.user_id == leader["manager_id"])
        )

    async def ListPeopleToThank(self, request: pb.PeopleToThankRequest, context: Context) -> pb.PeopleToThank:
        return await run(context, self._to_thank(request))

    async def _to_thank(self, request: pb.PeopleToThankRequest) -> pb.PeopleToThank:
        week = periods.start("w", self.clock().astimezone(self.zone).date())
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            leader_id = required_id(request.leader_id or request.viewer_id, "leader_id")
            found = await reads.leaders(conn, leader_id)
            if not found:
                raise (denied("the list of people to thank is for leaders") if str(leader_id) == viewer.user_id
                       else not_found("leader"))  # fmt: skip
            if not self._sees_leader(viewer, found[0]):
                raise denied("a leader's list of people to thank is for them and the community managers")
            rows = await reads.deserving(conn, leader_id, dt.datetime.combine(week, dt.time(), self.zone))
        return pb.PeopleToThank(week=week.isoformat(), leader=_person(found[0]), people=[
            pb.Contribution(person=_person(r), accepted_answers=r["accepted_answers"],
                            well_received_posts=r["well_received_posts"], praised_by_peers=r["praised_by_peers"],
                            post_ids=sorted(r["post_ids"]))
            for r in rows
        ])  # fmt: skip

    # ----- announcements -----

    async def ListAnnouncementReach(
        self, request: pb.AnnouncementReachRequest, context: Context
    ) -> pb.AnnouncementReaches:
        return await run(context, self._reach(request))

    async def _reach(self, request: pb.AnnouncementReachRequest) -> pb.AnnouncementReaches:
        limit = page_limit(request.limit, RADAR_PAGE, MAX_RADAR_PAGE)
        post_id = required_id(request.post_id, "post_id") if request.post_id else None
        since = self.clock() - dt.timedelta(days=ANNOUNCEMENT_DAYS)
        reply = pb.AnnouncementReaches()
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            posts = [
                p for p in await reads.announcements(conn, since, post_id)
                if viewer.community_manager or viewer.user_id == p["author_id"] or viewer.user_id in p["owner_ids"]
            ][:limit]  # fmt: skip
            if post_id is not None and not posts:
                raise not_found("announcement")
            for p in posts:
                reply.announcements.append(self._announcement(viewer, p, await reads.reach(conn, p)))
        return reply

    def _announcement(
        self, viewer: Viewer, p: Mapping[str, Any], by_department: Sequence[Mapping[str, Any]]
    ) -> pb.AnnouncementReach:
        item = pb.AnnouncementReach(post_id=p["post_id"], group_id=p["group_id"], must_read=p["must_read"],
                                    created_at=rfc3339(p["created_at"]), views=p["views"])  # fmt: skip
        if privacy.group_known(viewer, p["group_id"], p["visibility"]):
            item.group_name = p["group_name"]
            item.author.CopyFrom(pb.PersonRef(user_id=p["author_id"], display_name=p["author_name"] or "",
                                              department=p["author_department"] or ""))  # fmt: skip
        if privacy.group_content(viewer, p["group_id"], p["visibility"]):
            item.snippet = p["snippet"]
        keys = ("audience", "reached", "read", "reacted")
        totals = {k: sum(int(d[k]) for d in by_department) for k in keys}
        item.reach.CopyFrom(pb.Reach(**totals))
        if not privacy.enough(totals["audience"], self.minimum):  # a handful of people: who read it shows
            item.reach.CopyFrom(pb.Reach(audience=totals["audience"]))
            return item
        for d in by_department:
            if not d["department"]:
                continue  # people without a department are in the totals only
            if privacy.enough(int(d["audience"]), self.minimum):
                item.departments.append(pb.DepartmentReach(department=d["department"],
                                                           reach=pb.Reach(**{k: int(d[k]) for k in keys})))  # fmt: skip
            else:
                item.departments_withheld += 1
        return item

    # ----- the community manager's inbox -----

    async def GetInbox(self, request: pb.InboxRequest, context: Context) -> pb.Inbox:
        return await run(context, self._inbox(request))

    async def _inbox(self, request: pb.InboxRequest) -> pb.Inbox:
        now = self.clock()
        async with self.pool.acquire() as conn:
            viewer = await self._viewer(conn, request.viewer_id)
            if not viewer.community_manager:
                raise denied("the inbox is the community managers'")
            requests = await reads.join_requests(conn)
            newcomers = await reads.quiet_newcomers(conn, now)
        radar = await self._unanswered(pb.UnansweredRequest(viewer_id=request.viewer_id, limit=INBOX_QUESTIONS))
        review = await self._group_health(pb.GroupHealthRequest(viewer_id=request.viewer_id, flagged_only=True))
        inbox = pb.Inbox(
            unanswered=radar.questions, unanswered_total=radar.total, groups_to_review=review.groups,
            week=periods.start("w", now.astimezone(self.zone).date()).isoformat(),
        )  # fmt: skip
        for r in requests:
            if not privacy.group_known(viewer, r["group_id"], r["visibility"]):
                continue  # a request to a group that turned secret since: not theirs to see, nor to answer
            inbox.join_requests.append(pb.JoinRequestWaiting(
                group_id=r["group_id"], group_name=r["group_name"], person=_person(r),
                requested_at=rfc3339(r["requested_at"]),
                days_waiting=round((now - r["requested_at"]).total_seconds() / 86400, 1),
            ))  # fmt: skip
        for r in newcomers:
            inbox.quiet_newcomers.append(pb.Newcomer(person=_person(r), joined_at=rfc3339(r["joined_at"]),
                                                     days=(now - r["joined_at"]).days))  # fmt: skip
        await self._missed_searches(inbox, request.viewer_id)
        return inbox

    async def _missed_searches(self, inbox: pb.Inbox, viewer_id: str) -> None:
        """This week's searches that found nothing, from the search service; the inbox is whole without."""
        if self.search is None:
            inbox.missed_searches_unavailable = True
            return
        try:
            found = await self.search.ListMissedQueries(
                search_pb2.ListMissedQueriesRequest(viewer_id=viewer_id, limit=INBOX_SEARCHES), timeout=SEARCH_TIMEOUT_S
            )
        except grpc.aio.AioRpcError as exc:
            log.warning("the inbox's missed searches: search answered %s", exc.code().name)
            inbox.missed_searches_unavailable = True
            return
        inbox.missed_searches.extend(found.queries)


def _tiers(s: participation.Split) -> pb.Tiers:
    return pb.Tiers(
        start=s.start.isoformat(), population=s.population, creators=s.creators, contributors=s.contributors,
        reactors=s.reactors, readers=s.readers, inactive=s.inactive, moved_up=s.moved_up,
    )  # fmt: skip


def _answer_figures(start: dt.date, f: questions.AnswerFigures) -> pb.AnswerFigures:
    return pb.AnswerFigures(
        start=start.isoformat(), asked=f.asked, answered=f.answered, answered_within_target=f.within_target,
        median_hours_to_first_answer=f.median_hours,
    )  # fmt: skip


def _person(row: Mapping[str, object]) -> pb.PersonRef:
    return pb.PersonRef(user_id=str(row["user_id"]), display_name=str(row["display_name"] or ""),
                        department=str(row["department"] or ""))  # fmt: skip


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def _offset(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        offset = int(value)
    except (ValueError, UnicodeDecodeError):
        raise invalid("cursor: use the next_cursor of the previous page", "cursor") from None
    if kind != "o" or offset < 0:
        raise invalid("cursor: use the next_cursor of the previous page", "cursor")
    return offset
