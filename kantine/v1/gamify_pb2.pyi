from kantine.v1 import events_pb2 as _events_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetRecognitionRequest(_message.Message):
    __slots__ = ("viewer_id", "user_id")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    user_id: str
    def __init__(self, viewer_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class EarnedBadge(_message.Message):
    __slots__ = ("badge_id", "name", "tier", "reason", "awarded_at", "backfilled")
    BADGE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AWARDED_AT_FIELD_NUMBER: _ClassVar[int]
    BACKFILLED_FIELD_NUMBER: _ClassVar[int]
    badge_id: str
    name: str
    tier: str
    reason: str
    awarded_at: str
    backfilled: bool
    def __init__(self, badge_id: _Optional[str] = ..., name: _Optional[str] = ..., tier: _Optional[str] = ..., reason: _Optional[str] = ..., awarded_at: _Optional[str] = ..., backfilled: _Optional[bool] = ...) -> None: ...

class BadgeProgress(_message.Message):
    __slots__ = ("badge_id", "name", "next_tier", "current", "target")
    BADGE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NEXT_TIER_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    badge_id: str
    name: str
    next_tier: str
    current: int
    target: int
    def __init__(self, badge_id: _Optional[str] = ..., name: _Optional[str] = ..., next_tier: _Optional[str] = ..., current: _Optional[int] = ..., target: _Optional[int] = ...) -> None: ...

class Recognition(_message.Message):
    __slots__ = ("user_id", "visible", "points", "level", "level_name", "next_level_points", "badges", "progress", "hidden")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    LEVEL_NAME_FIELD_NUMBER: _ClassVar[int]
    NEXT_LEVEL_POINTS_FIELD_NUMBER: _ClassVar[int]
    BADGES_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    visible: bool
    points: int
    level: int
    level_name: str
    next_level_points: int
    badges: _containers.RepeatedCompositeFieldContainer[EarnedBadge]
    progress: _containers.RepeatedCompositeFieldContainer[BadgeProgress]
    hidden: bool
    def __init__(self, user_id: _Optional[str] = ..., visible: _Optional[bool] = ..., points: _Optional[int] = ..., level: _Optional[int] = ..., level_name: _Optional[str] = ..., next_level_points: _Optional[int] = ..., badges: _Optional[_Iterable[_Union[EarnedBadge, _Mapping]]] = ..., progress: _Optional[_Iterable[_Union[BadgeProgress, _Mapping]]] = ..., hidden: _Optional[bool] = ...) -> None: ...

class ListPointsRequest(_message.Message):
    __slots__ = ("viewer_id", "limit", "cursor")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    limit: int
    cursor: str
    def __init__(self, viewer_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class PointsEntry(_message.Message):
    __slots__ = ("entry_id", "points", "action", "reason", "source_event_id", "post_id", "comment_id", "at", "reverses_entry_id", "capped")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    REVERSES_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    CAPPED_FIELD_NUMBER: _ClassVar[int]
    entry_id: str
    points: int
    action: str
    reason: str
    source_event_id: str
    post_id: str
    comment_id: str
    at: str
    reverses_entry_id: str
    capped: bool
    def __init__(self, entry_id: _Optional[str] = ..., points: _Optional[int] = ..., action: _Optional[str] = ..., reason: _Optional[str] = ..., source_event_id: _Optional[str] = ..., post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., at: _Optional[str] = ..., reverses_entry_id: _Optional[str] = ..., capped: _Optional[bool] = ...) -> None: ...

class PointsPage(_message.Message):
    __slots__ = ("entries", "next_cursor")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[PointsEntry]
    next_cursor: str
    def __init__(self, entries: _Optional[_Iterable[_Union[PointsEntry, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class LeaderboardRequest(_message.Message):
    __slots__ = ("viewer_id", "group_id", "period", "limit")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    group_id: str
    period: str
    limit: int
    def __init__(self, viewer_id: _Optional[str] = ..., group_id: _Optional[str] = ..., period: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class LeaderboardEntry(_message.Message):
    __slots__ = ("rank", "user_id", "display_name", "department", "points")
    RANK_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    rank: int
    user_id: str
    display_name: str
    department: str
    points: int
    def __init__(self, rank: _Optional[int] = ..., user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., department: _Optional[str] = ..., points: _Optional[int] = ...) -> None: ...

class DepartmentTotal(_message.Message):
    __slots__ = ("department", "people", "points")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    department: str
    people: int
    points: int
    def __init__(self, department: _Optional[str] = ..., people: _Optional[int] = ..., points: _Optional[int] = ...) -> None: ...

class Leaderboard(_message.Message):
    __slots__ = ("period", "period_start", "personal", "entries", "viewer_rank", "participants", "points", "departments")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    VIEWER_RANK_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    period: str
    period_start: str
    personal: bool
    entries: _containers.RepeatedCompositeFieldContainer[LeaderboardEntry]
    viewer_rank: int
    participants: int
    points: int
    departments: _containers.RepeatedCompositeFieldContainer[DepartmentTotal]
    def __init__(self, period: _Optional[str] = ..., period_start: _Optional[str] = ..., personal: _Optional[bool] = ..., entries: _Optional[_Iterable[_Union[LeaderboardEntry, _Mapping]]] = ..., viewer_rank: _Optional[int] = ..., participants: _Optional[int] = ..., points: _Optional[int] = ..., departments: _Optional[_Iterable[_Union[DepartmentTotal, _Mapping]]] = ...) -> None: ...

class ListRulesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class BadgeTier(_message.Message):
    __slots__ = ("tier", "threshold")
    TIER_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    tier: str
    threshold: int
    def __init__(self, tier: _Optional[str] = ..., threshold: _Optional[int] = ...) -> None: ...

class BadgeRule(_message.Message):
    __slots__ = ("badge_id", "name", "description", "metric", "tiers")
    BADGE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    METRIC_FIELD_NUMBER: _ClassVar[int]
    TIERS_FIELD_NUMBER: _ClassVar[int]
    badge_id: str
    name: str
    description: str
    metric: str
    tiers: _containers.RepeatedCompositeFieldContainer[BadgeTier]
    def __init__(self, badge_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., metric: _Optional[str] = ..., tiers: _Optional[_Iterable[_Union[BadgeTier, _Mapping]]] = ...) -> None: ...

class LevelRule(_message.Message):
    __slots__ = ("level", "name", "points")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    level: int
    name: str
    points: int
    def __init__(self, level: _Optional[int] = ..., name: _Optional[str] = ..., points: _Optional[int] = ...) -> None: ...

class PointsRule(_message.Message):
    __slots__ = ("action", "points", "daily_cap")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    DAILY_CAP_FIELD_NUMBER: _ClassVar[int]
    action: str
    points: int
    daily_cap: int
    def __init__(self, action: _Optional[str] = ..., points: _Optional[int] = ..., daily_cap: _Optional[int] = ...) -> None: ...

class Rules(_message.Message):
    __slots__ = ("badges", "levels", "points")
    BADGES_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    badges: _containers.RepeatedCompositeFieldContainer[BadgeRule]
    levels: _containers.RepeatedCompositeFieldContainer[LevelRule]
    points: _containers.RepeatedCompositeFieldContainer[PointsRule]
    def __init__(self, badges: _Optional[_Iterable[_Union[BadgeRule, _Mapping]]] = ..., levels: _Optional[_Iterable[_Union[LevelRule, _Mapping]]] = ..., points: _Optional[_Iterable[_Union[PointsRule, _Mapping]]] = ...) -> None: ...

class GetRecognitionSettingsRequest(_message.Message):
    __slots__ = ("viewer_id",)
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    def __init__(self, viewer_id: _Optional[str] = ...) -> None: ...

class ScopeSetting(_message.Message):
    __slots__ = ("scope", "scope_id", "leaderboards", "public_badges")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    LEADERBOARDS_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_BADGES_FIELD_NUMBER: _ClassVar[int]
    scope: _events_pb2.RecognitionScope
    scope_id: str
    leaderboards: bool
    public_badges: bool
    def __init__(self, scope: _Optional[_Union[_events_pb2.RecognitionScope, str]] = ..., scope_id: _Optional[str] = ..., leaderboards: _Optional[bool] = ..., public_badges: _Optional[bool] = ...) -> None: ...

class RecognitionSettings(_message.Message):
    __slots__ = ("settings", "minimum_group_size")
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_GROUP_SIZE_FIELD_NUMBER: _ClassVar[int]
    settings: _containers.RepeatedCompositeFieldContainer[ScopeSetting]
    minimum_group_size: int
    def __init__(self, settings: _Optional[_Iterable[_Union[ScopeSetting, _Mapping]]] = ..., minimum_group_size: _Optional[int] = ...) -> None: ...

class UpdateRecognitionSettingsRequest(_message.Message):
    __slots__ = ("actor_id", "scope", "scope_id", "leaderboards", "public_badges")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    LEADERBOARDS_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_BADGES_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    scope: _events_pb2.RecognitionScope
    scope_id: str
    leaderboards: bool
    public_badges: bool
    def __init__(self, actor_id: _Optional[str] = ..., scope: _Optional[_Union[_events_pb2.RecognitionScope, str]] = ..., scope_id: _Optional[str] = ..., leaderboards: _Optional[bool] = ..., public_badges: _Optional[bool] = ...) -> None: ...

class SetRecognitionVisibilityRequest(_message.Message):
    __slots__ = ("user_id", "hidden")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    hidden: bool
    def __init__(self, user_id: _Optional[str] = ..., hidden: _Optional[bool] = ...) -> None: ...

class RecognitionVisibility(_message.Message):
    __slots__ = ("hidden",)
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    hidden: bool
    def __init__(self, hidden: _Optional[bool] = ...) -> None: ...
