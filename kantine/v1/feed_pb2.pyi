from kantine.v1 import events_pb2 as _events_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Ack(_message.Message):
    __slots__ = ("version",)
    VERSION_FIELD_NUMBER: _ClassVar[int]
    version: int
    def __init__(self, version: _Optional[int] = ...) -> None: ...

class Profile(_message.Message):
    __slots__ = ("display_name", "email", "title", "department", "location", "manager_id", "locale", "avatar_url", "leader", "skills", "community_manager", "country")
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_MANAGER_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    email: str
    title: str
    department: str
    location: str
    manager_id: str
    locale: str
    avatar_url: str
    leader: bool
    skills: _containers.RepeatedScalarFieldContainer[str]
    community_manager: bool
    country: str
    def __init__(self, display_name: _Optional[str] = ..., email: _Optional[str] = ..., title: _Optional[str] = ..., department: _Optional[str] = ..., location: _Optional[str] = ..., manager_id: _Optional[str] = ..., locale: _Optional[str] = ..., avatar_url: _Optional[str] = ..., leader: _Optional[bool] = ..., skills: _Optional[_Iterable[str]] = ..., community_manager: _Optional[bool] = ..., country: _Optional[str] = ...) -> None: ...

class ProvisionUserRequest(_message.Message):
    __slots__ = ("actor_id", "user_id", "external_id", "profile")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    user_id: str
    external_id: str
    profile: Profile
    def __init__(self, actor_id: _Optional[str] = ..., user_id: _Optional[str] = ..., external_id: _Optional[str] = ..., profile: _Optional[_Union[Profile, _Mapping]] = ...) -> None: ...

class UpdateProfileRequest(_message.Message):
    __slots__ = ("actor_id", "user_id", "profile", "expected_version")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    user_id: str
    profile: Profile
    expected_version: int
    def __init__(self, actor_id: _Optional[str] = ..., user_id: _Optional[str] = ..., profile: _Optional[_Union[Profile, _Mapping]] = ..., expected_version: _Optional[int] = ...) -> None: ...

class UserCommand(_message.Message):
    __slots__ = ("actor_id", "user_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    user_id: str
    def __init__(self, actor_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class UserReply(_message.Message):
    __slots__ = ("user_id", "version")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    version: int
    def __init__(self, user_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class GetUserRequest(_message.Message):
    __slots__ = ("viewer_id", "user_id")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    user_id: str
    def __init__(self, viewer_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class ListUsersRequest(_message.Message):
    __slots__ = ("actor_id", "external_id", "email", "limit", "cursor")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    external_id: str
    email: str
    limit: int
    cursor: str
    def __init__(self, actor_id: _Optional[str] = ..., external_id: _Optional[str] = ..., email: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListUsersReply(_message.Message):
    __slots__ = ("users", "next_cursor")
    USERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[User]
    next_cursor: str
    def __init__(self, users: _Optional[_Iterable[_Union[User, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class User(_message.Message):
    __slots__ = ("user_id", "profile", "active", "version", "followers", "followed_by_viewer", "external_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    FOLLOWERS_FIELD_NUMBER: _ClassVar[int]
    FOLLOWED_BY_VIEWER_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    profile: Profile
    active: bool
    version: int
    followers: int
    followed_by_viewer: bool
    external_id: str
    def __init__(self, user_id: _Optional[str] = ..., profile: _Optional[_Union[Profile, _Mapping]] = ..., active: _Optional[bool] = ..., version: _Optional[int] = ..., followers: _Optional[int] = ..., followed_by_viewer: _Optional[bool] = ..., external_id: _Optional[str] = ...) -> None: ...

class FollowRequest(_message.Message):
    __slots__ = ("actor_id", "user_id", "tag")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    user_id: str
    tag: str
    def __init__(self, actor_id: _Optional[str] = ..., user_id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class CreateGroupRequest(_message.Message):
    __slots__ = ("actor_id", "idempotency_key", "name", "purpose", "visibility", "posting_policy", "end_date", "owner_ids")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    OWNER_IDS_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    idempotency_key: str
    name: str
    purpose: str
    visibility: _events_pb2.GroupVisibility
    posting_policy: _events_pb2.PostingPolicy
    end_date: str
    owner_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, actor_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., visibility: _Optional[_Union[_events_pb2.GroupVisibility, str]] = ..., posting_policy: _Optional[_Union[_events_pb2.PostingPolicy, str]] = ..., end_date: _Optional[str] = ..., owner_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class UpdateGroupRequest(_message.Message):
    __slots__ = ("actor_id", "group_id", "name", "purpose", "visibility", "posting_policy", "end_date", "expected_version")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    name: str
    purpose: str
    visibility: _events_pb2.GroupVisibility
    posting_policy: _events_pb2.PostingPolicy
    end_date: str
    expected_version: int
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., visibility: _Optional[_Union[_events_pb2.GroupVisibility, str]] = ..., posting_policy: _Optional[_Union[_events_pb2.PostingPolicy, str]] = ..., end_date: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class GroupCommand(_message.Message):
    __slots__ = ("actor_id", "group_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ...) -> None: ...

class GroupMemberCommand(_message.Message):
    __slots__ = ("actor_id", "group_id", "user_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    user_id: str
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class SetMemberRoleRequest(_message.Message):
    __slots__ = ("actor_id", "group_id", "user_id", "role")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    user_id: str
    role: _events_pb2.MemberRole
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[_events_pb2.MemberRole, str]] = ...) -> None: ...

class MergeGroupsRequest(_message.Message):
    __slots__ = ("actor_id", "group_id", "into_group_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    INTO_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    into_group_id: str
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ..., into_group_id: _Optional[str] = ...) -> None: ...

class GroupReply(_message.Message):
    __slots__ = ("group_id", "version")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    version: int
    def __init__(self, group_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class JoinReply(_message.Message):
    __slots__ = ("joined", "version")
    JOINED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    joined: bool
    version: int
    def __init__(self, joined: _Optional[bool] = ..., version: _Optional[int] = ...) -> None: ...

class GetGroupRequest(_message.Message):
    __slots__ = ("viewer_id", "group_id")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    group_id: str
    def __init__(self, viewer_id: _Optional[str] = ..., group_id: _Optional[str] = ...) -> None: ...

class Group(_message.Message):
    __slots__ = ("group_id", "name", "purpose", "visibility", "posting_policy", "end_date", "archived", "merged_into", "members", "viewer_role", "viewer_requested", "viewer_invited", "version")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    MERGED_INTO_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_ROLE_FIELD_NUMBER: _ClassVar[int]
    VIEWER_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    VIEWER_INVITED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    purpose: str
    visibility: _events_pb2.GroupVisibility
    posting_policy: _events_pb2.PostingPolicy
    end_date: str
    archived: bool
    merged_into: str
    members: int
    viewer_role: _events_pb2.MemberRole
    viewer_requested: bool
    viewer_invited: bool
    version: int
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., visibility: _Optional[_Union[_events_pb2.GroupVisibility, str]] = ..., posting_policy: _Optional[_Union[_events_pb2.PostingPolicy, str]] = ..., end_date: _Optional[str] = ..., archived: _Optional[bool] = ..., merged_into: _Optional[str] = ..., members: _Optional[int] = ..., viewer_role: _Optional[_Union[_events_pb2.MemberRole, str]] = ..., viewer_requested: _Optional[bool] = ..., viewer_invited: _Optional[bool] = ..., version: _Optional[int] = ...) -> None: ...

class ListGroupsRequest(_message.Message):
    __slots__ = ("viewer_id", "mine", "limit", "cursor")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    mine: bool
    limit: int
    cursor: str
    def __init__(self, viewer_id: _Optional[str] = ..., mine: _Optional[bool] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListGroupsReply(_message.Message):
    __slots__ = ("groups", "next_cursor")
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    groups: _containers.RepeatedCompositeFieldContainer[Group]
    next_cursor: str
    def __init__(self, groups: _Optional[_Iterable[_Union[Group, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ListMembersRequest(_message.Message):
    __slots__ = ("viewer_id", "group_id", "requests", "limit", "cursor")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    group_id: str
    requests: bool
    limit: int
    cursor: str
    def __init__(self, viewer_id: _Optional[str] = ..., group_id: _Optional[str] = ..., requests: _Optional[bool] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class Member(_message.Message):
    __slots__ = ("user_id", "display_name", "role", "active")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    role: _events_pb2.MemberRole
    active: bool
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., role: _Optional[_Union[_events_pb2.MemberRole, str]] = ..., active: _Optional[bool] = ...) -> None: ...

class ListMembersReply(_message.Message):
    __slots__ = ("members", "next_cursor")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[Member]
    next_cursor: str
    def __init__(self, members: _Optional[_Iterable[_Union[Member, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class SyncGroupMembersRequest(_message.Message):
    __slots__ = ("actor_id", "group_id", "add_user_ids", "remove_user_ids")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ADD_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    REMOVE_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    group_id: str
    add_user_ids: _containers.RepeatedScalarFieldContainer[str]
    remove_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, actor_id: _Optional[str] = ..., group_id: _Optional[str] = ..., add_user_ids: _Optional[_Iterable[str]] = ..., remove_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class SyncGroupMembersReply(_message.Message):
    __slots__ = ("version", "skipped_user_ids")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    version: int
    skipped_user_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, version: _Optional[int] = ..., skipped_user_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CreatePostRequest(_message.Message):
    __slots__ = ("author_id", "group_id", "kind", "body", "post_id", "idempotency_key", "praised_user_ids", "company_value", "poll_options", "must_read", "publish_at")
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    PRAISED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_VALUE_FIELD_NUMBER: _ClassVar[int]
    POLL_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    MUST_READ_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_AT_FIELD_NUMBER: _ClassVar[int]
    author_id: str
    group_id: str
    kind: _events_pb2.PostKind
    body: str
    post_id: str
    idempotency_key: str
    praised_user_ids: _containers.RepeatedScalarFieldContainer[str]
    company_value: str
    poll_options: _containers.RepeatedScalarFieldContainer[str]
    must_read: bool
    publish_at: str
    def __init__(self, author_id: _Optional[str] = ..., group_id: _Optional[str] = ..., kind: _Optional[_Union[_events_pb2.PostKind, str]] = ..., body: _Optional[str] = ..., post_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., praised_user_ids: _Optional[_Iterable[str]] = ..., company_value: _Optional[str] = ..., poll_options: _Optional[_Iterable[str]] = ..., must_read: _Optional[bool] = ..., publish_at: _Optional[str] = ...) -> None: ...

class CreatePostResponse(_message.Message):
    __slots__ = ("post_id", "position")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    position: int
    def __init__(self, post_id: _Optional[str] = ..., position: _Optional[int] = ...) -> None: ...

class EditPostRequest(_message.Message):
    __slots__ = ("actor_id", "post_id", "body", "expected_version")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    body: str
    expected_version: int
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., body: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class PostCommand(_message.Message):
    __slots__ = ("actor_id", "post_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ...) -> None: ...

class VotePollRequest(_message.Message):
    __slots__ = ("actor_id", "post_id", "option")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    option: int
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., option: _Optional[int] = ...) -> None: ...

class AcceptAnswerRequest(_message.Message):
    __slots__ = ("actor_id", "post_id", "comment_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    comment_id: str
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., comment_id: _Optional[str] = ...) -> None: ...

class PostReply(_message.Message):
    __slots__ = ("post_id", "version")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    version: int
    def __init__(self, post_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class AddCommentRequest(_message.Message):
    __slots__ = ("actor_id", "post_id", "parent_comment_id", "body", "idempotency_key")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    parent_comment_id: str
    body: str
    idempotency_key: str
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., body: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class EditCommentRequest(_message.Message):
    __slots__ = ("actor_id", "post_id", "comment_id", "body")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    comment_id: str
    body: str
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., body: _Optional[str] = ...) -> None: ...

class CommentCommand(_message.Message):
    __slots__ = ("actor_id", "post_id", "comment_id")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    comment_id: str
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., comment_id: _Optional[str] = ...) -> None: ...

class CommentReply(_message.Message):
    __slots__ = ("post_id", "comment_id", "version")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    version: int
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ReactRequest(_message.Message):
    __slots__ = ("actor_id", "post_id", "comment_id", "reaction")
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    REACTION_FIELD_NUMBER: _ClassVar[int]
    actor_id: str
    post_id: str
    comment_id: str
    reaction: str
    def __init__(self, actor_id: _Optional[str] = ..., post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., reaction: _Optional[str] = ...) -> None: ...

class GetPostRequest(_message.Message):
    __slots__ = ("viewer_id", "post_id", "with_history")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    WITH_HISTORY_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    post_id: str
    with_history: bool
    def __init__(self, viewer_id: _Optional[str] = ..., post_id: _Optional[str] = ..., with_history: _Optional[bool] = ...) -> None: ...

class ReactionCount(_message.Message):
    __slots__ = ("reaction", "count")
    REACTION_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    reaction: str
    count: int
    def __init__(self, reaction: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class Comment(_message.Message):
    __slots__ = ("comment_id", "parent_comment_id", "author_id", "author_name", "body", "created_at", "edited_at", "reactions", "viewer_reaction", "accepted_answer")
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_NAME_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_REACTION_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_ANSWER_FIELD_NUMBER: _ClassVar[int]
    comment_id: str
    parent_comment_id: str
    author_id: str
    author_name: str
    body: str
    created_at: str
    edited_at: str
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    viewer_reaction: str
    accepted_answer: bool
    def __init__(self, comment_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., author_id: _Optional[str] = ..., author_name: _Optional[str] = ..., body: _Optional[str] = ..., created_at: _Optional[str] = ..., edited_at: _Optional[str] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ..., viewer_reaction: _Optional[str] = ..., accepted_answer: _Optional[bool] = ...) -> None: ...

class PollOption(_message.Message):
    __slots__ = ("text", "votes")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VOTES_FIELD_NUMBER: _ClassVar[int]
    text: str
    votes: int
    def __init__(self, text: _Optional[str] = ..., votes: _Optional[int] = ...) -> None: ...

class Edit(_message.Message):
    __slots__ = ("body", "edited_by", "edited_at")
    BODY_FIELD_NUMBER: _ClassVar[int]
    EDITED_BY_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    body: str
    edited_by: str
    edited_at: str
    def __init__(self, body: _Optional[str] = ..., edited_by: _Optional[str] = ..., edited_at: _Optional[str] = ...) -> None: ...

class PostView(_message.Message):
    __slots__ = ("post_id", "author_id", "author_name", "author_active", "group_id", "group_name", "kind", "body", "tags", "mentioned_user_ids", "links", "praised_user_ids", "company_value", "poll", "viewer_vote", "must_read", "viewer_read", "pinned", "accepted_comment_id", "created_at", "edited_at", "reactions", "viewer_reaction", "comment_count", "comments", "history", "is_new", "version", "publish_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_NAME_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ACTIVE_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    PRAISED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_VALUE_FIELD_NUMBER: _ClassVar[int]
    POLL_FIELD_NUMBER: _ClassVar[int]
    VIEWER_VOTE_FIELD_NUMBER: _ClassVar[int]
    MUST_READ_FIELD_NUMBER: _ClassVar[int]
    VIEWER_READ_FIELD_NUMBER: _ClassVar[int]
    PINNED_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    VIEWER_REACTION_FIELD_NUMBER: _ClassVar[int]
    COMMENT_COUNT_FIELD_NUMBER: _ClassVar[int]
    COMMENTS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    IS_NEW_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    author_name: str
    author_active: bool
    group_id: str
    group_name: str
    kind: _events_pb2.PostKind
    body: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    mentioned_user_ids: _containers.RepeatedScalarFieldContainer[str]
    links: _containers.RepeatedScalarFieldContainer[str]
    praised_user_ids: _containers.RepeatedScalarFieldContainer[str]
    company_value: str
    poll: _containers.RepeatedCompositeFieldContainer[PollOption]
    viewer_vote: int
    must_read: bool
    viewer_read: bool
    pinned: bool
    accepted_comment_id: str
    created_at: str
    edited_at: str
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    viewer_reaction: str
    comment_count: int
    comments: _containers.RepeatedCompositeFieldContainer[Comment]
    history: _containers.RepeatedCompositeFieldContainer[Edit]
    is_new: bool
    version: int
    publish_at: str
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., author_name: _Optional[str] = ..., author_active: _Optional[bool] = ..., group_id: _Optional[str] = ..., group_name: _Optional[str] = ..., kind: _Optional[_Union[_events_pb2.PostKind, str]] = ..., body: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., mentioned_user_ids: _Optional[_Iterable[str]] = ..., links: _Optional[_Iterable[str]] = ..., praised_user_ids: _Optional[_Iterable[str]] = ..., company_value: _Optional[str] = ..., poll: _Optional[_Iterable[_Union[PollOption, _Mapping]]] = ..., viewer_vote: _Optional[int] = ..., must_read: _Optional[bool] = ..., viewer_read: _Optional[bool] = ..., pinned: _Optional[bool] = ..., accepted_comment_id: _Optional[str] = ..., created_at: _Optional[str] = ..., edited_at: _Optional[str] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ..., viewer_reaction: _Optional[str] = ..., comment_count: _Optional[int] = ..., comments: _Optional[_Iterable[_Union[Comment, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[Edit, _Mapping]]] = ..., is_new: _Optional[bool] = ..., version: _Optional[int] = ..., publish_at: _Optional[str] = ...) -> None: ...

class FeedRequest(_message.Message):
    __slots__ = ("viewer_id", "key", "limit", "cursor", "mark_visited")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    KEY_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    MARK_VISITED_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    key: str
    limit: int
    cursor: str
    mark_visited: bool
    def __init__(self, viewer_id: _Optional[str] = ..., key: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., mark_visited: _Optional[bool] = ...) -> None: ...

class FeedPage(_message.Message):
    __slots__ = ("posts", "next_cursor", "new_since_last_visit", "viewer_follows")
    POSTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    NEW_SINCE_LAST_VISIT_FIELD_NUMBER: _ClassVar[int]
    VIEWER_FOLLOWS_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[PostView]
    next_cursor: str
    new_since_last_visit: int
    viewer_follows: bool
    def __init__(self, posts: _Optional[_Iterable[_Union[PostView, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., new_since_last_visit: _Optional[int] = ..., viewer_follows: _Optional[bool] = ...) -> None: ...

class ReadReceiptsReply(_message.Message):
    __slots__ = ("read_by", "audience")
    READ_BY_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_FIELD_NUMBER: _ClassVar[int]
    read_by: _containers.RepeatedScalarFieldContainer[str]
    audience: int
    def __init__(self, read_by: _Optional[_Iterable[str]] = ..., audience: _Optional[int] = ...) -> None: ...

class ReadEventsRequest(_message.Message):
    __slots__ = ("after_position", "limit", "follow")
    AFTER_POSITION_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_FIELD_NUMBER: _ClassVar[int]
    after_position: int
    limit: int
    follow: bool
    def __init__(self, after_position: _Optional[int] = ..., limit: _Optional[int] = ..., follow: _Optional[bool] = ...) -> None: ...

class StoredEvent(_message.Message):
    __slots__ = ("position", "event_id", "event_type", "stream_id", "stream_version", "data", "metadata")
    class MetadataEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    POSITION_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    STREAM_ID_FIELD_NUMBER: _ClassVar[int]
    STREAM_VERSION_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    position: int
    event_id: str
    event_type: str
    stream_id: str
    stream_version: int
    data: bytes
    metadata: _containers.ScalarMap[str, str]
    def __init__(self, position: _Optional[int] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., stream_id: _Optional[str] = ..., stream_version: _Optional[int] = ..., data: _Optional[bytes] = ..., metadata: _Optional[_Mapping[str, str]] = ...) -> None: ...
