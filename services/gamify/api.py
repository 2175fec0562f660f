"""GamifyService over gRPC: recognition pages, the points ledger, leaderboards, rules and privacy."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import asyncpg

from kantine import periods
from kantine.errors import invalid, not_found
from kantine.fields import page_limit, required_id, rfc3339
from kantine.grpcutil import Context, run
from kantine.v1 import events_pb2 as ev
from kantine.v1 import gamify_pb2, gamify_pb2_grpc
from services.gamify import commands, present, reads, store
from services.gamify.domain import badges
from services.gamify.domain.privacy import DEFAULT
from services.gamify.domain.rules import RuleSet

POINTS_PAGE, MAX_POINTS_PAGE = 50, 200
BOARD, MAX_BOARD = 10, 100


class GamifyApi(gamify_pb2_grpc.GamifyServiceServicer):
    def __init__(self, pool: asyncpg.Pool, rules: RuleSet, zone: ZoneInfo, minimum_group_size: int) -> None:
        self.pool = pool
        self.rules = rules
        self.zone = zone
        self.minimum = minimum_group_size

    # ----- a person's recognition -----

    async def GetRecognition(
        self, request: gamify_pb2.GetRecognitionRequest, context: Context
    ) -> gamify_pb2.Recognition:
        return await run(context, self._recognition(request))

    async def _recognition(self, request: gamify_pb2.GetRecognitionRequest) -> gamify_pb2.Recognition:
        viewer = required_id(request.viewer_id, "viewer_id")
        user = required_id(request.user_id, "user_id") if request.user_id else viewer
        own = user == viewer
        async with self.pool.acquire() as conn:
            row = await reads.person(conn, user)
            if row is None:
                raise not_found("person")
            policy = await reads.policy(conn, self.minimum)
            if not own and (not row["active"] or not policy.badges_public(row["country"], row["hidden"])):
                return gamify_pb2.Recognition(user_id=str(user), visible=False)
            earned = await reads.awards(conn, user)
            have = {(r["badge_id"], r["tier"]) for r in earned}
            progress = []
            if own:
                day = dt.datetime.now(self.zone).date()
                held = await store.standing(conn, str(user))
                values = await store.figures(conn, str(user), self.rules.badges, held.counts, day)
                progress = badges.progress(self.rules, values, have)
        # others see what was earned in public: private groups' activity never shows outside them
        total = row["total"] if own else row["public_total"]
        level = self.rules.level_for(total)
        following = self.rules.next_level(total)
        return gamify_pb2.Recognition(
            user_id=str(user), visible=True,
            points=total,
            level=level.level, level_name=level.name, next_level_points=following.points if following else 0,
            badges=[
                gamify_pb2.EarnedBadge(badge_id=r["badge_id"], name=r["name"], tier=r["tier"], reason=r["reason"],
                                       awarded_at=rfc3339(r["awarded_at"]), backfilled=r["backfilled"])
                for r in earned
            ],
            progress=[
                gamify_pb2.BadgeProgress(badge_id=p.badge.badge_id, name=p.badge.name, next_tier=p.tier.name,
                                         current=p.current, target=p.tier.threshold)
                for p in progress
            ],
            hidden=row["hidden"] if own else False,
        )  # fmt: skip

    async def ListPoints(self, request: gamify_pb2.ListPointsRequest, context: Context) -> gamify_pb2.PointsPage:
        return await run(context, self._points(request))

    async def _points(self, request: gamify_pb2.ListPointsRequest) -> gamify_pb2.PointsPage:
        viewer = required_id(request.viewer_id, "viewer_id")
        limit = page_limit(request.limit, POINTS_PAGE, MAX_POINTS_PAGE)
        before = _cursor(request.cursor) if request.cursor else None
        async with self.pool.acquire() as conn:
            rows = await reads.ledger(conn, viewer, limit + 1, before)
        more = len(rows) > limit
        rows = rows[:limit]
        entries = [
            gamify_pb2.PointsEntry(
                entry_id=str(r["entry_id"]), points=r["points"], action=r["action"],
                reason=present.reason(r["action"], r["other_name"], reversal=r["reverses"] is not None,
                                      capped=r["capped"]),
                source_event_id=str(r["source_event_id"]), post_id=str(r["post_id"] or ""),
                comment_id=str(r["comment_id"] or ""), at=rfc3339(r["at"]),
                reverses_entry_id=str(r["reverses"] or ""), capped=r["capped"],
            )
            for r in rows
        ]  # fmt: skip
        cursor = _encode(rows[-1]["at"], rows[-1]["entry_id"]) if more and rows else ""
        return gamify_pb2.PointsPage(entries=entries, next_cursor=cursor)

    # ----- leaderboards -----

    async def GetLeaderboard(self, request: gamify_pb2.LeaderboardRequest, context: Context) -> gamify_pb2.Leaderboard:
        return await run(context, self._leaderboard(request))

    async def _leaderboard(self, request: gamify_pb2.LeaderboardRequest) -> gamify_pb2.Leaderboard:
        viewer = required_id(request.viewer_id, "viewer_id")
        try:
            period = periods.code(request.period)
        except ValueError as exc:
            raise invalid(str(exc), "period") from None
        limit = page_limit(request.limit, BOARD, MAX_BOARD)
        group = required_id(request.group_id, "group_id") if request.group_id else None
        start = periods.start(period, dt.datetime.now(self.zone).date())
        async with self.pool.acquire() as conn:
            if group is not None and not await reads.group_readable(conn, group, viewer):
                raise not_found("group")  # a private group's board is its members' alone
            policy = await reads.policy(conn, self.minimum)
            personal = policy.leaderboard_personal(str(group) if group else "")
            board, viewer_rank = await reads.board(
                conn, group or store.NIL, period, start, policy, limit, viewer, personal
            )
        return gamify_pb2.Leaderboard(
            period=request.period or "week", period_start="" if period == "a" else start.isoformat(),
            personal=personal,
            entries=[
                gamify_pb2.LeaderboardEntry(rank=r["rank"], user_id=str(r["user_id"]), display_name=r["display_name"],
                                            department=r["department"], points=r["points"])
                for r in board.rows
            ],
            viewer_rank=viewer_rank, participants=board.participants, points=board.points,
            departments=[
                gamify_pb2.DepartmentTotal(department=d["department"], people=d["people"], points=d["points"])
                for d in board.departments
            ],
        )  # fmt: skip

    # ----- rules and privacy -----

    async def ListRules(self, request: gamify_pb2.ListRulesRequest, context: Context) -> gamify_pb2.Rules:
        return gamify_pb2.Rules(
            badges=[
                gamify_pb2.BadgeRule(badge_id=b.badge_id, name=b.name, description=b.description, metric=b.metric,
                                     tiers=[gamify_pb2.BadgeTier(tier=t.name, threshold=t.threshold) for t in b.tiers])
                for b in self.rules.badges
            ],
            levels=[gamify_pb2.LevelRule(level=lv.level, name=lv.name, points=lv.points) for lv in self.rules.levels],
            points=[gamify_pb2.PointsRule(action=p.action, points=p.points, daily_cap=p.daily_cap)
                    for p in self.rules.points.values()],
        )  # fmt: skip

    async def GetRecognitionSettings(
        self, request: gamify_pb2.GetRecognitionSettingsRequest, context: Context
    ) -> gamify_pb2.RecognitionSettings:
        return await run(context, self._settings(request.viewer_id))

    async def _settings(self, viewer_id: str) -> gamify_pb2.RecognitionSettings:
        viewer = required_id(viewer_id, "viewer_id")
        async with self.pool.acquire() as conn:
            policy = await reads.policy(conn, self.minimum)
            # a private group's settings are its members' business (and community managers')
            visible = await reads.groups_visible_to(conn, viewer, list(policy.groups))
        org = policy.organisation.over(DEFAULT)
        settings = [
            gamify_pb2.ScopeSetting(scope=ev.RECOGNITION_SCOPE_ORGANISATION, leaderboards=bool(org.leaderboards),
                                    public_badges=bool(org.public_badges))
        ]  # fmt: skip
        groups = {g: switches for g, switches in policy.groups.items() if g in visible}
        for scope, table in ((ev.RECOGNITION_SCOPE_COUNTRY, policy.countries), (ev.RECOGNITION_SCOPE_GROUP, groups)):
            for scope_id, switches in sorted(table.items()):
                resolved = switches.over(org)
                settings.append(
                    gamify_pb2.ScopeSetting(scope=scope, scope_id=scope_id, leaderboards=bool(resolved.leaderboards),
                                            public_badges=bool(resolved.public_badges))
                )  # fmt: skip
        return gamify_pb2.RecognitionSettings(settings=settings, minimum_group_size=self.minimum)

    async def UpdateRecognitionSettings(
        self, request: gamify_pb2.UpdateRecognitionSettingsRequest, context: Context
    ) -> gamify_pb2.RecognitionSettings:
        async def update() -> gamify_pb2.RecognitionSettings:
            await commands.change_settings(
                self.pool, actor=request.actor_id, scope=request.scope, scope_id=request.scope_id,
                leaderboards=request.leaderboards if request.HasField("leaderboards") else None,
                public_badges=request.public_badges if request.HasField("public_badges") else None,
            )  # fmt: skip
            return await self._settings(request.actor_id)

        return await run(context, update())

    async def SetRecognitionVisibility(
        self, request: gamify_pb2.SetRecognitionVisibilityRequest, context: Context
    ) -> gamify_pb2.RecognitionVisibility:
        async def change() -> gamify_pb2.RecognitionVisibility:
            hidden = await commands.set_visibility(self.pool, user_id=request.user_id, hidden=request.hidden)
            return gamify_pb2.RecognitionVisibility(hidden=hidden)

        return await run(context, change())


def _encode(at: dt.datetime, entry: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{entry}".encode()).decode()


def _cursor(value: str) -> tuple[dt.datetime, uuid.UUID]:
    try:
        at, entry = base64.urlsafe_b64decode(value.encode()).decode().split("|")
        when = dt.datetime.fromisoformat(at)
        if when.tzinfo is None or not 2000 <= when.astimezone(dt.UTC).year <= 9000:
            raise ValueError(at)
        return when, uuid.UUID(entry)
    except (ValueError, OverflowError):
        raise invalid("cursor is not one this service gave out", "cursor") from None
