from kantine.v1 import options_pb2 as _options_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GroupVisibility(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GROUP_VISIBILITY_UNSPECIFIED: _ClassVar[GroupVisibility]
    GROUP_VISIBILITY_PUBLIC: _ClassVar[GroupVisibility]
    GROUP_VISIBILITY_PRIVATE: _ClassVar[GroupVisibility]
    GROUP_VISIBILITY_SECRET: _ClassVar[GroupVisibility]

class PostingPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POSTING_POLICY_UNSPECIFIED: _ClassVar[PostingPolicy]
    POSTING_POLICY_EVERYONE: _ClassVar[PostingPolicy]
    POSTING_POLICY_ADMINS: _ClassVar[PostingPolicy]

class MemberRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MEMBER_ROLE_UNSPECIFIED: _ClassVar[MemberRole]
    MEMBER_ROLE_MEMBER: _ClassVar[MemberRole]
    MEMBER_ROLE_ADMIN: _ClassVar[MemberRole]
    MEMBER_ROLE_OWNER: _ClassVar[MemberRole]

class PostKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    POST_KIND_UNSPECIFIED: _ClassVar[PostKind]
    POST_KIND_DISCUSSION: _ClassVar[PostKind]
    POST_KIND_QUESTION: _ClassVar[PostKind]
    POST_KIND_ANNOUNCEMENT: _ClassVar[PostKind]
    POST_KIND_PRAISE: _ClassVar[PostKind]
    POST_KIND_POLL: _ClassVar[PostKind]

class RecognitionScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOGNITION_SCOPE_UNSPECIFIED: _ClassVar[RecognitionScope]
    RECOGNITION_SCOPE_ORGANISATION: _ClassVar[RecognitionScope]
    RECOGNITION_SCOPE_COUNTRY: _ClassVar[RecognitionScope]
    RECOGNITION_SCOPE_GROUP: _ClassVar[RecognitionScope]

class NotificationLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_LEVEL_UNSPECIFIED: _ClassVar[NotificationLevel]
    NOTIFICATION_LEVEL_ALL: _ClassVar[NotificationLevel]
    NOTIFICATION_LEVEL_HIGHLIGHTS: _ClassVar[NotificationLevel]
    NOTIFICATION_LEVEL_MUTED: _ClassVar[NotificationLevel]

class DigestFrequency(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIGEST_FREQUENCY_UNSPECIFIED: _ClassVar[DigestFrequency]
    DIGEST_FREQUENCY_DAILY: _ClassVar[DigestFrequency]
    DIGEST_FREQUENCY_WEEKLY: _ClassVar[DigestFrequency]
    DIGEST_FREQUENCY_OFF: _ClassVar[DigestFrequency]
GROUP_VISIBILITY_UNSPECIFIED: GroupVisibility
GROUP_VISIBILITY_PUBLIC: GroupVisibility
GROUP_VISIBILITY_PRIVATE: GroupVisibility
GROUP_VISIBILITY_SECRET: GroupVisibility
POSTING_POLICY_UNSPECIFIED: PostingPolicy
POSTING_POLICY_EVERYONE: PostingPolicy
POSTING_POLICY_ADMINS: PostingPolicy
MEMBER_ROLE_UNSPECIFIED: MemberRole
MEMBER_ROLE_MEMBER: MemberRole
MEMBER_ROLE_ADMIN: MemberRole
MEMBER_ROLE_OWNER: MemberRole
POST_KIND_UNSPECIFIED: PostKind
POST_KIND_DISCUSSION: PostKind
POST_KIND_QUESTION: PostKind
POST_KIND_ANNOUNCEMENT: PostKind
POST_KIND_PRAISE: PostKind
POST_KIND_POLL: PostKind
RECOGNITION_SCOPE_UNSPECIFIED: RecognitionScope
RECOGNITION_SCOPE_ORGANISATION: RecognitionScope
RECOGNITION_SCOPE_COUNTRY: RecognitionScope
RECOGNITION_SCOPE_GROUP: RecognitionScope
NOTIFICATION_LEVEL_UNSPECIFIED: NotificationLevel
NOTIFICATION_LEVEL_ALL: NotificationLevel
NOTIFICATION_LEVEL_HIGHLIGHTS: NotificationLevel
NOTIFICATION_LEVEL_MUTED: NotificationLevel
DIGEST_FREQUENCY_UNSPECIFIED: DigestFrequency
DIGEST_FREQUENCY_DAILY: DigestFrequency
DIGEST_FREQUENCY_WEEKLY: DigestFrequency
DIGEST_FREQUENCY_OFF: DigestFrequency

class UserProvisioned(_message.Message):
    __slots__ = ("user_id", "display_name", "email", "title", "department", "locale", "leader", "external_id", "location", "manager_id", "avatar_url", "skills", "community_manager", "country")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_ID_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_MANAGER_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    email: str
    title: str
    department: str
    locale: str
    leader: bool
    external_id: str
    location: str
    manager_id: str
    avatar_url: str
    skills: _containers.RepeatedScalarFieldContainer[str]
    community_manager: bool
    country: str
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., email: _Optional[str] = ..., title: _Optional[str] = ..., department: _Optional[str] = ..., locale: _Optional[str] = ..., leader: _Optional[bool] = ..., external_id: _Optional[str] = ..., location: _Optional[str] = ..., manager_id: _Optional[str] = ..., avatar_url: _Optional[str] = ..., skills: _Optional[_Iterable[str]] = ..., community_manager: _Optional[bool] = ..., country: _Optional[str] = ...) -> None: ...

class UserUpdated(_message.Message):
    __slots__ = ("user_id", "display_name", "email", "title", "department", "locale", "leader", "location", "manager_id", "avatar_url", "skills", "community_manager", "country")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    LEADER_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    MANAGER_ID_FIELD_NUMBER: _ClassVar[int]
    AVATAR_URL_FIELD_NUMBER: _ClassVar[int]
    SKILLS_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_MANAGER_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    display_name: str
    email: str
    title: str
    department: str
    locale: str
    leader: bool
    location: str
    manager_id: str
    avatar_url: str
    skills: _containers.RepeatedScalarFieldContainer[str]
    community_manager: bool
    country: str
    def __init__(self, user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., email: _Optional[str] = ..., title: _Optional[str] = ..., department: _Optional[str] = ..., locale: _Optional[str] = ..., leader: _Optional[bool] = ..., location: _Optional[str] = ..., manager_id: _Optional[str] = ..., avatar_url: _Optional[str] = ..., skills: _Optional[_Iterable[str]] = ..., community_manager: _Optional[bool] = ..., country: _Optional[str] = ...) -> None: ...

class UserDeactivated(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class UserReactivated(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class Followed(_message.Message):
    __slots__ = ("follower_id", "followee_user_id", "tag")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_user_id: str
    tag: str
    def __init__(self, follower_id: _Optional[str] = ..., followee_user_id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class Unfollowed(_message.Message):
    __slots__ = ("follower_id", "followee_user_id", "tag")
    FOLLOWER_ID_FIELD_NUMBER: _ClassVar[int]
    FOLLOWEE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    TAG_FIELD_NUMBER: _ClassVar[int]
    follower_id: str
    followee_user_id: str
    tag: str
    def __init__(self, follower_id: _Optional[str] = ..., followee_user_id: _Optional[str] = ..., tag: _Optional[str] = ...) -> None: ...

class GroupCreated(_message.Message):
    __slots__ = ("group_id", "name", "purpose", "visibility", "owner_ids", "posting_policy", "end_date", "created_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    OWNER_IDS_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    purpose: str
    visibility: GroupVisibility
    owner_ids: _containers.RepeatedScalarFieldContainer[str]
    posting_policy: PostingPolicy
    end_date: str
    created_by: str
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., visibility: _Optional[_Union[GroupVisibility, str]] = ..., owner_ids: _Optional[_Iterable[str]] = ..., posting_policy: _Optional[_Union[PostingPolicy, str]] = ..., end_date: _Optional[str] = ..., created_by: _Optional[str] = ...) -> None: ...

class GroupUpdated(_message.Message):
    __slots__ = ("group_id", "name", "purpose", "visibility", "posting_policy", "end_date")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    VISIBILITY_FIELD_NUMBER: _ClassVar[int]
    POSTING_POLICY_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    name: str
    purpose: str
    visibility: GroupVisibility
    posting_policy: PostingPolicy
    end_date: str
    def __init__(self, group_id: _Optional[str] = ..., name: _Optional[str] = ..., purpose: _Optional[str] = ..., visibility: _Optional[_Union[GroupVisibility, str]] = ..., posting_policy: _Optional[_Union[PostingPolicy, str]] = ..., end_date: _Optional[str] = ...) -> None: ...

class MemberJoined(_message.Message):
    __slots__ = ("group_id", "user_id", "added_by", "role")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ADDED_BY_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    added_by: str
    role: MemberRole
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., added_by: _Optional[str] = ..., role: _Optional[_Union[MemberRole, str]] = ...) -> None: ...

class MemberLeft(_message.Message):
    __slots__ = ("group_id", "user_id", "removed_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REMOVED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    removed_by: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., removed_by: _Optional[str] = ...) -> None: ...

class JoinRequested(_message.Message):
    __slots__ = ("group_id", "user_id")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class JoinRequestDeclined(_message.Message):
    __slots__ = ("group_id", "user_id", "declined_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DECLINED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    declined_by: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., declined_by: _Optional[str] = ...) -> None: ...

class MemberInvited(_message.Message):
    __slots__ = ("group_id", "user_id", "invited_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    INVITED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    invited_by: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., invited_by: _Optional[str] = ...) -> None: ...

class MemberRoleChanged(_message.Message):
    __slots__ = ("group_id", "user_id", "role", "changed_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    user_id: str
    role: MemberRole
    changed_by: str
    def __init__(self, group_id: _Optional[str] = ..., user_id: _Optional[str] = ..., role: _Optional[_Union[MemberRole, str]] = ..., changed_by: _Optional[str] = ...) -> None: ...

class GroupArchived(_message.Message):
    __slots__ = ("group_id", "archived_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    archived_by: str
    def __init__(self, group_id: _Optional[str] = ..., archived_by: _Optional[str] = ...) -> None: ...

class GroupUnarchived(_message.Message):
    __slots__ = ("group_id", "unarchived_by", "end_date_cleared")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    UNARCHIVED_BY_FIELD_NUMBER: _ClassVar[int]
    END_DATE_CLEARED_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    unarchived_by: str
    end_date_cleared: bool
    def __init__(self, group_id: _Optional[str] = ..., unarchived_by: _Optional[str] = ..., end_date_cleared: _Optional[bool] = ...) -> None: ...

class GroupMerged(_message.Message):
    __slots__ = ("group_id", "into_group_id", "merged_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    INTO_GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    MERGED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    into_group_id: str
    merged_by: str
    def __init__(self, group_id: _Optional[str] = ..., into_group_id: _Optional[str] = ..., merged_by: _Optional[str] = ...) -> None: ...

class PostCreated(_message.Message):
    __slots__ = ("post_id", "author_id", "group_id", "kind", "body", "tags", "mentioned_user_ids", "links", "praised_user_ids", "company_value", "poll_options", "must_read", "publish_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    PRAISED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_VALUE_FIELD_NUMBER: _ClassVar[int]
    POLL_OPTIONS_FIELD_NUMBER: _ClassVar[int]
    MUST_READ_FIELD_NUMBER: _ClassVar[int]
    PUBLISH_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    author_id: str
    group_id: str
    kind: PostKind
    body: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    mentioned_user_ids: _containers.RepeatedScalarFieldContainer[str]
    links: _containers.RepeatedScalarFieldContainer[str]
    praised_user_ids: _containers.RepeatedScalarFieldContainer[str]
    company_value: str
    poll_options: _containers.RepeatedScalarFieldContainer[str]
    must_read: bool
    publish_at: str
    def __init__(self, post_id: _Optional[str] = ..., author_id: _Optional[str] = ..., group_id: _Optional[str] = ..., kind: _Optional[_Union[PostKind, str]] = ..., body: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., mentioned_user_ids: _Optional[_Iterable[str]] = ..., links: _Optional[_Iterable[str]] = ..., praised_user_ids: _Optional[_Iterable[str]] = ..., company_value: _Optional[str] = ..., poll_options: _Optional[_Iterable[str]] = ..., must_read: _Optional[bool] = ..., publish_at: _Optional[str] = ...) -> None: ...

class PostPublished(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class PostEdited(_message.Message):
    __slots__ = ("post_id", "editor_id", "body", "tags", "mentioned_user_ids", "links")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    EDITOR_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    editor_id: str
    body: str
    tags: _containers.RepeatedScalarFieldContainer[str]
    mentioned_user_ids: _containers.RepeatedScalarFieldContainer[str]
    links: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, post_id: _Optional[str] = ..., editor_id: _Optional[str] = ..., body: _Optional[str] = ..., tags: _Optional[_Iterable[str]] = ..., mentioned_user_ids: _Optional[_Iterable[str]] = ..., links: _Optional[_Iterable[str]] = ...) -> None: ...

class PostDeleted(_message.Message):
    __slots__ = ("post_id", "deleted_by")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    deleted_by: str
    def __init__(self, post_id: _Optional[str] = ..., deleted_by: _Optional[str] = ...) -> None: ...

class PostPinned(_message.Message):
    __slots__ = ("post_id", "pinned_by")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    PINNED_BY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    pinned_by: str
    def __init__(self, post_id: _Optional[str] = ..., pinned_by: _Optional[str] = ...) -> None: ...

class PostUnpinned(_message.Message):
    __slots__ = ("post_id", "unpinned_by")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    UNPINNED_BY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    unpinned_by: str
    def __init__(self, post_id: _Optional[str] = ..., unpinned_by: _Optional[str] = ...) -> None: ...

class PostRead(_message.Message):
    __slots__ = ("post_id", "user_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    user_id: str
    def __init__(self, post_id: _Optional[str] = ..., user_id: _Optional[str] = ...) -> None: ...

class PollVoted(_message.Message):
    __slots__ = ("post_id", "user_id", "option")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    user_id: str
    option: int
    def __init__(self, post_id: _Optional[str] = ..., user_id: _Optional[str] = ..., option: _Optional[int] = ...) -> None: ...

class CommentAdded(_message.Message):
    __slots__ = ("post_id", "comment_id", "author_id", "parent_comment_id", "body", "mentioned_user_ids", "links")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    PARENT_COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    author_id: str
    parent_comment_id: str
    body: str
    mentioned_user_ids: _containers.RepeatedScalarFieldContainer[str]
    links: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., author_id: _Optional[str] = ..., parent_comment_id: _Optional[str] = ..., body: _Optional[str] = ..., mentioned_user_ids: _Optional[_Iterable[str]] = ..., links: _Optional[_Iterable[str]] = ...) -> None: ...

class CommentEdited(_message.Message):
    __slots__ = ("post_id", "comment_id", "editor_id", "body", "mentioned_user_ids", "links")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    EDITOR_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_USER_IDS_FIELD_NUMBER: _ClassVar[int]
    LINKS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    editor_id: str
    body: str
    mentioned_user_ids: _containers.RepeatedScalarFieldContainer[str]
    links: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., editor_id: _Optional[str] = ..., body: _Optional[str] = ..., mentioned_user_ids: _Optional[_Iterable[str]] = ..., links: _Optional[_Iterable[str]] = ...) -> None: ...

class CommentDeleted(_message.Message):
    __slots__ = ("post_id", "comment_id", "deleted_by")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    DELETED_BY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    deleted_by: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., deleted_by: _Optional[str] = ...) -> None: ...

class ReactionAdded(_message.Message):
    __slots__ = ("post_id", "comment_id", "user_id", "reaction")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REACTION_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    user_id: str
    reaction: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., user_id: _Optional[str] = ..., reaction: _Optional[str] = ...) -> None: ...

class ReactionRemoved(_message.Message):
    __slots__ = ("post_id", "comment_id", "user_id", "reaction")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REACTION_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    user_id: str
    reaction: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., user_id: _Optional[str] = ..., reaction: _Optional[str] = ...) -> None: ...

class AnswerAccepted(_message.Message):
    __slots__ = ("post_id", "comment_id", "accepted_by", "answer_author_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_BY_FIELD_NUMBER: _ClassVar[int]
    ANSWER_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    comment_id: str
    accepted_by: str
    answer_author_id: str
    def __init__(self, post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., accepted_by: _Optional[str] = ..., answer_author_id: _Optional[str] = ...) -> None: ...

class Visited(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class FeedViewed(_message.Message):
    __slots__ = ("posts", "since", "views")
    POSTS_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    VIEWS_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[PostViewers]
    since: str
    views: int
    def __init__(self, posts: _Optional[_Iterable[_Union[PostViewers, _Mapping]]] = ..., since: _Optional[str] = ..., views: _Optional[int] = ...) -> None: ...

class PostViewers(_message.Message):
    __slots__ = ("post_id", "viewers")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    VIEWERS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    viewers: int
    def __init__(self, post_id: _Optional[str] = ..., viewers: _Optional[int] = ...) -> None: ...

class BadgeAwarded(_message.Message):
    __slots__ = ("user_id", "badge_id", "badge_name", "tier", "reason", "source_event_id", "backfilled")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    BADGE_ID_FIELD_NUMBER: _ClassVar[int]
    BADGE_NAME_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SOURCE_EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    BACKFILLED_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    badge_id: str
    badge_name: str
    tier: str
    reason: str
    source_event_id: str
    backfilled: bool
    def __init__(self, user_id: _Optional[str] = ..., badge_id: _Optional[str] = ..., badge_name: _Optional[str] = ..., tier: _Optional[str] = ..., reason: _Optional[str] = ..., source_event_id: _Optional[str] = ..., backfilled: _Optional[bool] = ...) -> None: ...

class LevelReached(_message.Message):
    __slots__ = ("user_id", "level", "level_name", "points", "backfilled")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    LEVEL_NAME_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    BACKFILLED_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    level: int
    level_name: str
    points: int
    backfilled: bool
    def __init__(self, user_id: _Optional[str] = ..., level: _Optional[int] = ..., level_name: _Optional[str] = ..., points: _Optional[int] = ..., backfilled: _Optional[bool] = ...) -> None: ...

class RecognitionSettingsChanged(_message.Message):
    __slots__ = ("scope", "scope_id", "leaderboards", "public_badges", "changed_by")
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_ID_FIELD_NUMBER: _ClassVar[int]
    LEADERBOARDS_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_BADGES_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    scope: RecognitionScope
    scope_id: str
    leaderboards: bool
    public_badges: bool
    changed_by: str
    def __init__(self, scope: _Optional[_Union[RecognitionScope, str]] = ..., scope_id: _Optional[str] = ..., leaderboards: _Optional[bool] = ..., public_badges: _Optional[bool] = ..., changed_by: _Optional[str] = ...) -> None: ...

class RecognitionVisibilityChanged(_message.Message):
    __slots__ = ("user_id", "hidden")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    hidden: bool
    def __init__(self, user_id: _Optional[str] = ..., hidden: _Optional[bool] = ...) -> None: ...

class ChannelPreference(_message.Message):
    __slots__ = ("category", "in_app", "email")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    IN_APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    category: str
    in_app: bool
    email: bool
    def __init__(self, category: _Optional[str] = ..., in_app: _Optional[bool] = ..., email: _Optional[bool] = ...) -> None: ...

class GroupPreference(_message.Message):
    __slots__ = ("group_id", "level")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    level: NotificationLevel
    def __init__(self, group_id: _Optional[str] = ..., level: _Optional[_Union[NotificationLevel, str]] = ...) -> None: ...

class QuietHours(_message.Message):
    __slots__ = ("start", "end", "time_zone")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    start: str
    end: str
    time_zone: str
    def __init__(self, start: _Optional[str] = ..., end: _Optional[str] = ..., time_zone: _Optional[str] = ...) -> None: ...

class NotificationPreferencesChanged(_message.Message):
    __slots__ = ("user_id", "changed_by", "channels", "groups", "group_default", "digest", "quiet_hours", "via")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    GROUP_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    VIA_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    changed_by: str
    channels: _containers.RepeatedCompositeFieldContainer[ChannelPreference]
    groups: _containers.RepeatedCompositeFieldContainer[GroupPreference]
    group_default: NotificationLevel
    digest: DigestFrequency
    quiet_hours: QuietHours
    via: str
    def __init__(self, user_id: _Optional[str] = ..., changed_by: _Optional[str] = ..., channels: _Optional[_Iterable[_Union[ChannelPreference, _Mapping]]] = ..., groups: _Optional[_Iterable[_Union[GroupPreference, _Mapping]]] = ..., group_default: _Optional[_Union[NotificationLevel, str]] = ..., digest: _Optional[_Union[DigestFrequency, str]] = ..., quiet_hours: _Optional[_Union[QuietHours, _Mapping]] = ..., via: _Optional[str] = ...) -> None: ...

class ExpertiseVisibilityChanged(_message.Message):
    __slots__ = ("user_id", "hidden")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    hidden: bool
    def __init__(self, user_id: _Optional[str] = ..., hidden: _Optional[bool] = ...) -> None: ...

class AnswerTargetChanged(_message.Message):
    __slots__ = ("group_id", "hours", "changed_by")
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    HOURS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_BY_FIELD_NUMBER: _ClassVar[int]
    group_id: str
    hours: int
    changed_by: str
    def __init__(self, group_id: _Optional[str] = ..., hours: _Optional[int] = ..., changed_by: _Optional[str] = ...) -> None: ...
