from kantine.v1 import events_pb2 as _events_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SearchRequest(_message.Message):
    __slots__ = ("viewer_id", "query", "limit", "cursor")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    query: str
    limit: int
    cursor: str
    def __init__(self, viewer_id: _Optional[str] = ..., query: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class Highlight(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class Hit(_message.Message):
    __slots__ = ("post_id", "comment_id", "kind", "author_id", "author_name", "author_active", "group_id", "group_name", "snippet", "highlights", "tags", "created_at", "reactions", "comments", "answered", "score")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_NAME_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    SNIPPET_FIELD_NUMBER: _ClassVar[int]
    HIGHLIGHTS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    kind: str
    author_id: str
    author_name: str
    author_active: bool
    group_id: str
    group_name: str
    snippet: str
    highlights: _containers.RepeatedCompositeFieldContainer[Highlight]
    tags: _containers.RepeatedScalarFieldContainer[str]
    created_at: str
    reactions: int
    comments: int
    answered: bool
    score: float
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., kind: _Optional[str] = ..., author_id: _Optional[str] = ..., author_name: _Optional[str] = ..., author_active: _Optional[bool] = ..., group_id: _Optional[str] = ..., group_name: _Optional[str] = ..., snippet: _Optional[str] = ..., highlights: _Optional[_Iterable[_Union[Highlight, _Mapping]]] = ..., tags: _Optional[_Iterable[str]] = ..., created_at: _Optional[str] = ..., reactions: _Optional[int] = ..., comments: _Optional[int] = ..., answered: _Optional[bool] = ..., score: _Optional[float] = ...) -> None: ...

class FacetValue(_message.Message):
    __slots__ = ("value", "label", "count")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    value: str
    label: str
    count: int
    def __init__(self, value: _Optional[str] = ..., label: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class Facets(_message.Message):
    __slots__ = ("groups", "kinds", "authors")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    AUTHORS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[FacetValue]
    kinds: _containers.RepeatedCompositeFieldContainer[FacetValue]
    authors: _containers.RepeatedCompositeFieldContainer[FacetValue]
    def __init__(self, groups: _Optional[_Iterable[_Union[FacetValue, _Mapping]]] = ..., kinds: _Optional[_Iterable[_Union[FacetValue, _Mapping]]] = ..., authors: _Optional[_Iterable[_Union[FacetValue, _Mapping]]] = ...) -> None: ...

class SearchResults(_message.Message):
    __slots__ = ("hits", "total", "facets", "next_cursor", "suggestions", "notices", "total_capped")
    HITS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    FACETS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    NOTICES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_CAPPED_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[Hit]
    total: int
    facets: Facets
    next_cursor: str
    suggestions: Suggestions
    notices: _containers.RepeatedScalarFieldContainer[str]
    total_capped: bool
    def __init__(self, hits: _Optional[_Iterable[_Union[Hit, _Mapping]]] = ..., total: _Optional[int] = ..., facets: _Optional[_Union[Facets, _Mapping]] = ..., next_cursor: _Optional[str] = ..., suggestions: _Optional[_Union[Suggestions, _Mapping]] = ..., notices: _Optional[_Iterable[str]] = ..., total_capped: _Optional[bool] = ...) -> None: ...

class SearchGroupsRequest(_message.Message):
    __slots__ = ("viewer_id", "query", "limit")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    query: str
    limit: int
    def __init__(self, viewer_id: _Optional[str] = ..., query: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class GroupHit(_message.Message):
    __slots__ = ("group_id", "name", "purpose", "visibility", "members", "viewer_is_member", "archived", "score")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_IS_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    purpose: str
    visibility: _events_pb2.GroupVisibility
    members: int
    viewer_is_member: bool
    archived: bool
    score: float
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., visibility: _Optional[_Union[_events_pb2.GroupVisibility, str]] = ..., members: _Optional[int] = ..., viewer_is_member: _Optional[bool] = ..., archived: _Optional[bool] = ..., score: _Optional[float] = ...) -> None: ...

class GroupResults(_message.Message):
    __slots__ = ("groups",)
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[GroupHit]
    def __init__(self, groups: _Optional[_Iterable[_Union[GroupHit, _Mapping]]] = ...) -> None: ...

class SearchPeopleRequest(_message.Message):
    __slots__ = ("viewer_id", "query", "limit", "include_inactive")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_INACTIVE_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    query: str
    limit: int
    include_inactive: bool
    def __init__(self, viewer_id: _Optional[str] = ..., query: _Optional[str] = ..., limit: _Optional[int] = ..., include_inactive: _Optional[bool] = ...) -> None: ...

class PersonHit(_message.Message):
    __slots__ = ("user_id", "display_name", "title", "department", "skills", "active", "score")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    title: str
    department: str
    skills: _containers.RepeatedScalarFieldContainer[str]
    active: bool
    score: float
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., title: _Optional[str] = ..., department: _Optional[str] = ..., skills: _Optional[_Iterable[str]] = ..., active: _Optional[bool] = ..., score: _Optional[float] = ...) -> None: ...

class PeopleResults(_message.Message):
    __slots__ = ("people",)
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedCompositeFieldContainer[PersonHit]
    def __init__(self, people: _Optional[_Iterable[_Union[PersonHit, _Mapping]]] = ...) -> None: ...

class FindExpertsRequest(_message.Message):
    __slots__ = ("viewer_id", "topic", "limit")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    TOPIC_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    topic: str
    limit: int
    def __init__(self, viewer_id: _Optional[str] = ..., topic: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class Expert(_message.Message):
    __slots__ = ("person", "score", "accepted_answers", "answers", "posts", "reactions_received", "profile_match", "last_active_on_topic")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_ANSWERS_FIELD_NUMBER: _ClassVar[int]
    ANSWERS_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_RECEIVED_FIELD_NUMBER: _ClassVar[int]
    PROFILE_MATCH_FIELD_NUMBER: _ClassVar[int]
    LAST_ACTIVE_ON_TOPIC_FIELD_NUMBER: _ClassVar[int]
    person: PersonHit
    score: float
    accepted_answers: int
    answers: int
    posts: int
    reactions_received: int
    profile_match: bool
    last_active_on_topic: str
    def __init__(self, person: _Optional[_Union[PersonHit, _Mapping]] = ..., score: _Optional[float] = ..., accepted_answers: _Optional[int] = ..., answers: _Optional[int] = ..., posts: _Optional[int] = ..., reactions_received: _Optional[int] = ..., profile_match: _Optional[bool] = ..., last_active_on_topic: _Optional[str] = ...) -> None: ...

class Experts(_message.Message):
    __slots__ = ("experts",)
    EXPERTS_FIELD_NUMBER: _ClassVar[int]
    experts: _containers.RepeatedCompositeFieldContainer[Expert]
    def __init__(self, experts: _Optional[_Iterable[_Union[Expert, _Mapping]]] = ...) -> None: ...

class SuggestRequest(_message.Message):
    __slots__ = ("viewer_id", "query", "limit")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    query: str
    limit: int
    def __init__(self, viewer_id: _Optional[str] = ..., query: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class GroupSuggestion(_message.Message):
    __slots__ = ("group_id", "name", "purpose", "matching_posts", "viewer_is_member")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    MATCHING_POSTS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_IS_MEMBER_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    purpose: str
    matching_posts: int
    viewer_is_member: bool
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., matching_posts: _Optional[int] = ..., viewer_is_member: _Optional[bool] = ...) -> None: ...

class Suggestions(_message.Message):
    __slots__ = ("groups", "people")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[GroupSuggestion]
    people: _containers.RepeatedCompositeFieldContainer[Expert]
    def __init__(self, groups: _Optional[_Iterable[_Union[GroupSuggestion, _Mapping]]] = ..., people: _Optional[_Iterable[_Union[Expert, _Mapping]]] = ...) -> None: ...

class SetExpertiseVisibilityRequest(_message.Message):
    __slots__ = ("viewer_id", "hidden")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    hidden: bool
    def __init__(self, viewer_id: _Optional[str] = ..., hidden: _Optional[bool] = ...) -> None: ...

class GetExpertiseVisibilityRequest(_message.Message):
    __slots__ = ("viewer_id",)
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    def __init__(self, viewer_id: _Optional[str] = ...) -> None: ...

class ExpertiseVisibility(_message.Message):
    __slots__ = ("user_id", "hidden")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    hidden: bool
    def __init__(self, user_id: _Optional[str] = ..., hidden: _Optional[bool] = ...) -> None: ...

class ListMissedQueriesRequest(_message.Message):
    __slots__ = ("viewer_id", "week", "limit")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    WEEK_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    week: str
    limit: int
    def __init__(self, viewer_id: _Optional[str] = ..., week: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class MissedQuery(_message.Message):
    __slots__ = ("query", "times", "last_at")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    TIMES_FIELD_NUMBER: _ClassVar[int]
    LAST_AT_FIELD_NUMBER: _ClassVar[int]
    query: str
    times: int
    last_at: str
    def __init__(self, query: _Optional[str] = ..., times: _Optional[int] = ..., last_at: _Optional[str] = ...) -> None: ...

class MissedQueries(_message.Message):
    __slots__ = ("week", "queries")
    WEEK_FIELD_NUMBER: _ClassVar[int]
    QUERIES_FIELD_NUMBER: _ClassVar[int]
    week: str
    queries: _containers.RepeatedCompositeFieldContainer[MissedQuery]
    def __init__(self, week: _Optional[str] = ..., queries: _Optional[_Iterable[_Union[MissedQuery, _Mapping]]] = ...) -> None: ...
