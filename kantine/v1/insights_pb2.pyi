from kantine.v1 import events_pb2 as _events_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PersonRef(_message.Message):
    __slots__ = ("user_id", "display_name", "department")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    department: str
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., department: _Optional[str] = ...) -> None: ...

class ParticipationRequest(_message.Message):
    __slots__ = ("viewer_id", "scope", "scope_id", "period", "periods")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    scope: str
    scope_id: str
    period: str
    periods: int
    def __init__(self, viewer_id: _Optional[str] = ..., scope: _Optional[str] = ..., scope_id: _Optional[str] = ..., period: _Optional[str] = ..., periods: _Optional[int] = ...) -> None: ...

class Tiers(_message.Message):
    __slots__ = ("start", "population", "creators", "contributors", "reactors", "readers", "inactive", "moved_up")
    START_FIELD_NUMBER: _ClassVar[int]
    POPULATION_FIELD_NUMBER: _ClassVar[int]
    CREATORS_FIELD_NUMBER: _ClassVar[int]
    CONTRIBUTORS_FIELD_NUMBER: _ClassVar[int]
    REACTORS_FIELD_NUMBER: _ClassVar[int]
    READERS_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_FIELD_NUMBER: _ClassVar[int]
    MOVED_UP_FIELD_NUMBER: _ClassVar[int]
    start: str
    population: int
    creators: int
    contributors: int
    reactors: int
    readers: int
    inactive: int
    moved_up: int
    def __init__(self, start: _Optional[str] = ..., population: _Optional[int] = ..., creators: _Optional[int] = ..., contributors: _Optional[int] = ..., reactors: _Optional[int] = ..., readers: _Optional[int] = ..., inactive: _Optional[int] = ..., moved_up: _Optional[int] = ...) -> None: ...

class DepartmentTiers(_message.Message):
    __slots__ = ("department", "tiers")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    TIERS_FIELD_NUMBER: _ClassVar[int]
    department: str
    tiers: Tiers
    def __init__(self, department: _Optional[str] = ..., tiers: _Optional[_Union[Tiers, _Mapping]] = ...) -> None: ...

class Participation(_message.Message):
    __slots__ = ("scope", "scope_id", "period", "periods", "departments", "departments_withheld", "moved_up", "minimum_group_size")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_WITHHELD_FIELD_NUMBER: _ClassVar[int]
    MOVED_UP_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_GROUP_SIZE_FIELD_NUMBER: _ClassVar[int]
    scope: str
    scope_id: str
    period: str
    periods: _containers.RepeatedCompositeFieldContainer[Tiers]
    departments: _containers.RepeatedCompositeFieldContainer[DepartmentTiers]
    departments_withheld: int
    moved_up: _containers.RepeatedCompositeFieldContainer[PersonRef]
    minimum_group_size: int
    def __init__(self, scope: _Optional[str] = ..., scope_id: _Optional[str] = ..., period: _Optional[str] = ..., periods: _Optional[_Iterable[_Union[Tiers, _Mapping]]] = ..., departments: _Optional[_Iterable[_Union[DepartmentTiers, _Mapping]]] = ..., departments_withheld: _Optional[int] = ..., moved_up: _Optional[_Iterable[_Union[PersonRef, _Mapping]]] = ..., minimum_group_size: _Optional[int] = ...) -> None: ...

class UnansweredRequest(_message.Message):
    __slots__ = ("viewer_id", "group_id", "limit", "cursor")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    group_id: str
    limit: int
    cursor: str
    def __init__(self, viewer_id: _Optional[str] = ..., group_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class UnansweredQuestion(_message.Message):
    __slots__ = ("post_id", "group_id", "group_name", "asker", "snippet", "tags", "asked_at", "hours_waiting", "target_hours", "likely_answerers")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    ASKER_FIELD_NUMBER: _ClassVar[int]
    SNIPPET_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ASKED_AT_FIELD_NUMBER: _ClassVar[int]
    HOURS_WAITING_FIELD_NUMBER: _ClassVar[int]
    TARGET_HOURS_FIELD_NUMBER: _ClassVar[int]
    LIKELY_ANSWERERS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    group_id: str
    group_name: str
    asker: PersonRef
    snippet: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    asked_at: str
    hours_waiting: float
    target_hours: int
    likely_answerers: _containers.RepeatedCompositeFieldContainer[PersonRef]
    def __init__(self, post_id: _Optional[str] = ..., group_id: _Optional[str] = ..., group_name: _Optional[str] = ..., asker: _Optional[_Union[PersonRef, _Mapping]] = ..., snippet: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., asked_at: _Optional[str] = ..., hours_waiting: _Optional[float] = ..., target_hours: _Optional[int] = ..., likely_answerers: _Optional[_Iterable[_Union[PersonRef, _Mapping]]] = ...) -> None: ...

class UnansweredPage(_message.Message):
    __slots__ = ("questions", "next_cursor", "total")
    QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    questions: _containers.RepeatedCompositeFieldContainer[UnansweredQuestion]
    next_cursor: str
    total: int
    def __init__(self, questions: _Optional[_Iterable[_Union[UnansweredQuestion, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., total: _Optional[int] = ...) -> None: ...

class AnswerTimesRequest(_message.Message):
    __slots__ = ("viewer_id", "period", "periods")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    period: str
    periods: int
    def __init__(self, viewer_id: _Optional[str] = ..., period: _Optional[str] = ..., periods: _Optional[int] = ...) -> None: ...

class AnswerFigures(_message.Message):
    __slots__ = ("start", "asked", "answered", "answered_within_target", "median_hours_to_first_answer")
    START_FIELD_NUMBER: _ClassVar[int]
    ASKED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_WITHIN_TARGET_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_HOURS_TO_FIRST_ANSWER_FIELD_NUMBER: _ClassVar[int]
    start: str
    asked: int
    answered: int
    answered_within_target: int
    median_hours_to_first_answer: float
    def __init__(self, start: _Optional[str] = ..., asked: _Optional[int] = ..., answered: _Optional[int] = ..., answered_within_target: _Optional[int] = ..., median_hours_to_first_answer: _Optional[float] = ...) -> None: ...

class GroupAnswerFigures(_message.Message):
    __slots__ = ("group_id", "group_name", "target_hours", "figures")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    TARGET_HOURS_FIELD_NUMBER: _ClassVar[int]
    FIGURES_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    group_name: str
    target_hours: int
    figures: AnswerFigures
    def __init__(self, group_id: _Optional[str] = ..., group_name: _Optional[str] = ..., target_hours: _Optional[int] = ..., figures: _Optional[_Union[AnswerFigures, _Mapping]] = ...) -> None: ...

class AnswerTimes(_message.Message):
    __slots__ = ("period", "periods", "groups", "default_target_hours")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    PERIODS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_TARGET_HOURS_FIELD_NUMBER: _ClassVar[int]
    period: str
    periods: _containers.RepeatedCompositeFieldContainer[AnswerFigures]
    groups: _containers.RepeatedCompositeFieldContainer[GroupAnswerFigures]
    default_target_hours: int
    def __init__(self, period: _Optional[str] = ..., periods: _Optional[_Iterable[_Union[AnswerFigures, _Mapping]]] = ..., groups: _Optional[_Iterable[_Union[GroupAnswerFigures, _Mapping]]] = ..., default_target_hours: _Optional[int] = ...) -> None: ...

class SetAnswerTargetRequest(_message.Message):
    __slots__ = ("actor_id", "group_id", "hours")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    hours: int
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ..., hours: _Optional[int] = ...) -> None: ...

class AnswerTarget(_message.Message):
    __slots__ = ("group_id", "hours", "default")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    hours: int
    default: bool
    def __init__(self, group_id: _Optional[str] = ..., hours: _Optional[int] = ..., default: _Optional[bool] = ...) -> None: ...

class GroupHealthRequest(_message.Message):
    __slots__ = ("viewer_id", "owner_id", "flagged_only")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    FLAGGED_ONLY_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    owner_id: str
    flagged_only: bool
    def __init__(self, viewer_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., flagged_only: _Optional[bool] = ...) -> None: ...

class LikelyDuplicate(_message.Message):
    __slots__ = ("group_id", "name", "similarity", "member_overlap")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    MEMBER_OVERLAP_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    similarity: float
    member_overlap: float
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., similarity: _Optional[float] = ..., member_overlap: _Optional[float] = ...) -> None: ...

class GroupHealth(_message.Message):
    __slots__ = ("group_id", "name", "visibility", "members", "active_members", "posts_last_30_days", "unanswered_questions", "owners_present", "days_since_last_post", "inactive", "likely_duplicates", "suggestion", "merge_into_group_id", "created_at")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_MEMBERS_FIELD_NUMBER: _ClassVar[int]
    POSTS_LAST_30_DAYS_FIELD_NUMBER: _ClassVar[int]
    UNANSWERED_QUESTIONS_FIELD_NUMBER: _ClassVar[int]
    OWNERS_PRESENT_FIELD_NUMBER: _ClassVar[int]
    DAYS_SINCE_LAST_POST_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_FIELD_NUMBER: _ClassVar[int]
    LIKELY_DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_FIELD_NUMBER: _ClassVar[int]
    MERGE_INTO_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    visibility: _events_pb2.GroupVisibility
    members: int
    active_members: int
    posts_last_30_days: int
    unanswered_questions: int
    owners_present: bool
    days_since_last_post: int
    inactive: bool
    likely_duplicates: _containers.RepeatedCompositeFieldContainer[LikelyDuplicate]
    suggestion: str
    merge_into_group_id: str
    created_at: str
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., visibility: _Optional[_Union[_events_pb2.GroupVisibility, str]] = ..., members: _Optional[int] = ..., active_members: _Optional[int] = ..., posts_last_30_days: _Optional[int] = ..., unanswered_questions: _Optional[int] = ..., owners_present: _Optional[bool] = ..., days_since_last_post: _Optional[int] = ..., inactive: _Optional[bool] = ..., likely_duplicates: _Optional[_Iterable[_Union[LikelyDuplicate, _Mapping]]] = ..., suggestion: _Optional[str] = ..., merge_into_group_id: _Optional[str] = ..., created_at: _Optional[str] = ...) -> None: ...

class GroupHealthPage(_message.Message):
    __slots__ = ("groups", "quarter")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    QUARTER_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[GroupHealth]
    quarter: str
    def __init__(self, groups: _Optional[_Iterable[_Union[GroupHealth, _Mapping]]] = ..., quarter: _Optional[str] = ...) -> None: ...
