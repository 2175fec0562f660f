from kantine.v1 import events_pb2 as _events_pb2
from kantine.v1 import search_pb2 as _search_pb2
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

class LeaderEngagementRequest(_message.Message):
    __slots__ = ("viewer_id", "leader_id", "period")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    LEADER_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    leader_id: str
    period: str
    def __init__(self, viewer_id: _Optional[str] = ..., leader_id: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class LeaderFigures(_message.Message):
    __slots__ = ("leader", "posts", "replies_to_employees", "reactions_given", "praise_given", "median_hours_to_reply", "department_size", "department_recognised", "department_recognised_share")
    LEADER_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    REPLIES_TO_EMPLOYEES_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_GIVEN_FIELD_NUMBER: _ClassVar[int]
    PRAISE_GIVEN_FIELD_NUMBER: _ClassVar[int]
    MEDIAN_HOURS_TO_REPLY_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_SIZE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_RECOGNISED_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_RECOGNISED_SHARE_FIELD_NUMBER: _ClassVar[int]
    leader: PersonRef
    posts: int
    replies_to_employees: int
    reactions_given: int
    praise_given: int
    median_hours_to_reply: float
    department_size: int
    department_recognised: int
    department_recognised_share: float
    def __init__(self, leader: _Optional[_Union[PersonRef, _Mapping]] = ..., posts: _Optional[int] = ..., replies_to_employees: _Optional[int] = ..., reactions_given: _Optional[int] = ..., praise_given: _Optional[int] = ..., median_hours_to_reply: _Optional[float] = ..., department_size: _Optional[int] = ..., department_recognised: _Optional[int] = ..., department_recognised_share: _Optional[float] = ...) -> None: ...

class LeaderEngagement(_message.Message):
    __slots__ = ("period", "start", "leaders")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    LEADERS_FIELD_NUMBER: _ClassVar[int]
    period: str
    start: str
    leaders: _containers.RepeatedCompositeFieldContainer[LeaderFigures]
    def __init__(self, period: _Optional[str] = ..., start: _Optional[str] = ..., leaders: _Optional[_Iterable[_Union[LeaderFigures, _Mapping]]] = ...) -> None: ...

class PeopleToThankRequest(_message.Message):
    __slots__ = ("viewer_id", "leader_id")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    LEADER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    leader_id: str
    def __init__(self, viewer_id: _Optional[str] = ..., leader_id: _Optional[str] = ...) -> None: ...

class Contribution(_message.Message):
    __slots__ = ("person", "accepted_answers", "well_received_posts", "praised_by_peers", "post_ids")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    WELL_RECEIVED_POSTS_FIELD_NUMBER: _ClassVar[int]
    PRAISED_BY_PEERS_FIELD_NUMBER: _ClassVar[int]
    POST_IDS_FIELD_NUMBER: _ClassVar[int]
    person: PersonRef
    accepted_answers: int
    well_received_posts: int
    praised_by_peers: int
    post_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, person: _Optional[_Union[PersonRef, _Mapping]] = ..., accepted_answers: _Optional[int] = ..., well_received_posts: _Optional[int] = ..., praised_by_peers: _Optional[int] = ..., post_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PeopleToThank(_message.Message):
    __slots__ = ("week", "leader", "people")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    week: str
    leader: PersonRef
    people: _containers.RepeatedCompositeFieldContainer[Contribution]
    def __init__(self, week: _Optional[str] = ..., leader: _Optional[_Union[PersonRef, _Mapping]] = ..., people: _Optional[_Iterable[_Union[Contribution, _Mapping]]] = ...) -> None: ...

class AnnouncementReachRequest(_message.Message):
    __slots__ = ("viewer_id", "post_id", "limit")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    post_id: str
    limit: int
    def __init__(self, viewer_id: _Optional[str] = ..., post_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class Reach(_message.Message):
    __slots__ = ("audience", "reached", "read", "reacted")
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    REACHED_FIELD_NUMBER: _ClassVar[int]
    READ_FIELD_NUMBER: _ClassVar[int]
    REACTED_FIELD_NUMBER: _ClassVar[int]
    audience: int
    reached: int
    read: int
    reacted: int
    def __init__(self, audience: _Optional[int] = ..., reached: _Optional[int] = ..., read: _Optional[int] = ..., reacted: _Optional[int] = ...) -> None: ...

class DepartmentReach(_message.Message):
    __slots__ = ("department", "reach")
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    REACH_FIELD_NUMBER: _ClassVar[int]
    department: str
    reach: Reach
    def __init__(self, department: _Optional[str] = ..., reach: _Optional[_Union[Reach, _Mapping]] = ...) -> None: ...

class AnnouncementReach(_message.Message):
    __slots__ = ("post_id", "author", "group_id", "group_name", "snippet", "must_read", "created_at", "reach", "departments", "departments_withheld", "views")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    SNIPPET_FIELD_NUMBER: _ClassVar[int]
    MUST_READ_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REACH_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENTS_WITHHELD_FIELD_NUMBER: _ClassVar[int]
    VIEWS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author: PersonRef
    group_id: str
    group_name: str
    snippet: str
    must_read: bool
    created_at: str
    reach: Reach
    departments: _containers.RepeatedCompositeFieldContainer[DepartmentReach]
    departments_withheld: int
    views: int
    def __init__(self, post_id: _Optional[str] = ..., author: _Optional[_Union[PersonRef, _Mapping]] = ..., group_id: _Optional[str] = ..., group_name: _Optional[str] = ..., snippet: _Optional[str] = ..., must_read: _Optional[bool] = ..., created_at: _Optional[str] = ..., reach: _Optional[_Union[Reach, _Mapping]] = ..., departments: _Optional[_Iterable[_Union[DepartmentReach, _Mapping]]] = ..., departments_withheld: _Optional[int] = ..., views: _Optional[int] = ...) -> None: ...

class AnnouncementReaches(_message.Message):
    __slots__ = ("announcements",)
    ANNOUNCEMENTS_FIELD_NUMBER: _ClassVar[int]
    announcements: _containers.RepeatedCompositeFieldContainer[AnnouncementReach]
    def __init__(self, announcements: _Optional[_Iterable[_Union[AnnouncementReach, _Mapping]]] = ...) -> None: ...

class InboxRequest(_message.Message):
    __slots__ = ("viewer_id",)
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    def __init__(self, viewer_id: _Optional[str] = ...) -> None: ...

class JoinRequestWaiting(_message.Message):
    __slots__ = ("group_id", "group_name", "person", "requested_at", "days_waiting")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    PERSON_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DAYS_WAITING_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    group_name: str
    person: PersonRef
    requested_at: str
    days_waiting: float
    def __init__(self, group_id: _Optional[str] = ..., group_name: _Optional[str] = ..., person: _Optional[_Union[PersonRef, _Mapping]] = ..., requested_at: _Optional[str] = ..., days_waiting: _Optional[float] = ...) -> None: ...

class Newcomer(_message.Message):
    __slots__ = ("person", "joined_at", "days")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    JOINED_AT_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    person: PersonRef
    joined_at: str
    days: int
    def __init__(self, person: _Optional[_Union[PersonRef, _Mapping]] = ..., joined_at: _Optional[str] = ..., days: _Optional[int] = ...) -> None: ...

class Inbox(_message.Message):
    __slots__ = ("unanswered", "unanswered_total", "join_requests", "groups_to_review", "quiet_newcomers", "missed_searches", "missed_searches_unavailable", "week")
    UNANSWERED_FIELD_NUMBER: _ClassVar[int]
    UNANSWERED_TOTAL_FIELD_NUMBER: _ClassVar[int]
    JOIN_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_TO_REVIEW_FIELD_NUMBER: _ClassVar[int]
    QUIET_NEWCOMERS_FIELD_NUMBER: _ClassVar[int]
    MISSED_SEARCHES_FIELD_NUMBER: _ClassVar[int]
    MISSED_SEARCHES_UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    unanswered: _containers.RepeatedCompositeFieldContainer[UnansweredQuestion]
    unanswered_total: int
    join_requests: _containers.RepeatedCompositeFieldContainer[JoinRequestWaiting]
    groups_to_review: _containers.RepeatedCompositeFieldContainer[GroupHealth]
    quiet_newcomers: _containers.RepeatedCompositeFieldContainer[Newcomer]
    missed_searches: _containers.RepeatedCompositeFieldContainer[_search_pb2.MissedQuery]
    missed_searches_unavailable: bool
    week: str
    def __init__(self, unanswered: _Optional[_Iterable[_Union[UnansweredQuestion, _Mapping]]] = ..., unanswered_total: _Optional[int] = ..., join_requests: _Optional[_Iterable[_Union[JoinRequestWaiting, _Mapping]]] = ..., groups_to_review: _Optional[_Iterable[_Union[GroupHealth, _Mapping]]] = ..., quiet_newcomers: _Optional[_Iterable[_Union[Newcomer, _Mapping]]] = ..., missed_searches: _Optional[_Iterable[_Union[_search_pb2.MissedQuery, _Mapping]]] = ..., missed_searches_unavailable: _Optional[bool] = ..., week: _Optional[str] = ...) -> None: ...
