from kantine.v1 import events_pb2 as _events_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UserRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ListNotificationsRequest(_message.Message):
    __slots__ = ("user_id", "limit", "cursor", "unread_only")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    UNREAD_ONLY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    limit: int
    cursor: str
    unread_only: bool
    def __init__(self, user_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., unread_only: _Optional[bool] = ...) -> None: ...

class Notification(_message.Message):
    __slots__ = ("notification_id", "kind", "category", "text", "reason", "actor_ids", "actor_names", "actor_count", "post_id", "comment_id", "group_id", "snippet", "read", "created_at", "updated_at", "badge_id")
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    ACTOR_IDS_FIELD_NUMBER: _ClassVar[int]
    ACTOR_NAMES_FIELD_NUMBER: _ClassVar[int]
    ACTOR_COUNT_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    COMMENT_ID_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    SNIPPET_FIELD_NUMBER: _ClassVar[int]
    READ_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    BADGE_ID_FIELD_NUMBER: _ClassVar[int]
    notification_id: str
    kind: str
    category: str
    text: str
    reason: str
    actor_ids: _containers.RepeatedScalarFieldContainer[str]
    actor_names: _containers.RepeatedScalarFieldContainer[str]
    actor_count: int
    post_id: str
    comment_id: str
    group_id: str
    snippet: str
    read: bool
    created_at: str
    updated_at: str
    badge_id: str
    def __init__(self, notification_id: _Optional[str] = ..., kind: _Optional[str] = ..., category: _Optional[str] = ..., text: _Optional[str] = ..., reason: _Optional[str] = ..., actor_ids: _Optional[_Iterable[str]] = ..., actor_names: _Optional[_Iterable[str]] = ..., actor_count: _Optional[int] = ..., post_id: _Optional[str] = ..., comment_id: _Optional[str] = ..., group_id: _Optional[str] = ..., snippet: _Optional[str] = ..., read: _Optional[bool] = ..., created_at: _Optional[str] = ..., updated_at: _Optional[str] = ..., badge_id: _Optional[str] = ...) -> None: ...

class NotificationPage(_message.Message):
    __slots__ = ("notifications", "next_cursor", "unread_count")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[Notification]
    next_cursor: str
    unread_count: int
    def __init__(self, notifications: _Optional[_Iterable[_Union[Notification, _Mapping]]] = ..., next_cursor: _Optional[str] = ..., unread_count: _Optional[int] = ...) -> None: ...

class UnreadCountReply(_message.Message):
    __slots__ = ("unread_count",)
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    unread_count: int
    def __init__(self, unread_count: _Optional[int] = ...) -> None: ...

class MarkReadRequest(_message.Message):
    __slots__ = ("user_id", "notification_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTIFICATION_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    notification_id: str
    def __init__(self, user_id: _Optional[str] = ..., notification_id: _Optional[str] = ...) -> None: ...

class InboxUpdate(_message.Message):
    __slots__ = ("notification", "unread_count")
    NOTIFICATION_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    notification: Notification
    unread_count: int
    def __init__(self, notification: _Optional[_Union[Notification, _Mapping]] = ..., unread_count: _Optional[int] = ...) -> None: ...

class CategoryPreference(_message.Message):
    __slots__ = ("category", "in_app", "email", "overridden", "immediate_email")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    IN_APP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    OVERRIDDEN_FIELD_NUMBER: _ClassVar[int]
    IMMEDIATE_EMAIL_FIELD_NUMBER: _ClassVar[int]
    category: str
    in_app: bool
    email: bool
    overridden: bool
    immediate_email: bool
    def __init__(self, category: _Optional[str] = ..., in_app: _Optional[bool] = ..., email: _Optional[bool] = ..., overridden: _Optional[bool] = ..., immediate_email: _Optional[bool] = ...) -> None: ...

class Preferences(_message.Message):
    __slots__ = ("user_id", "categories", "groups", "group_default", "digest", "quiet_hours", "version", "presets", "preset")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    GROUP_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PRESETS_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    categories: _containers.RepeatedCompositeFieldContainer[CategoryPreference]
    groups: _containers.RepeatedCompositeFieldContainer[_events_pb2.GroupPreference]
    group_default: _events_pb2.NotificationLevel
    digest: _events_pb2.DigestFrequency
    quiet_hours: _events_pb2.QuietHours
    version: int
    presets: _containers.RepeatedScalarFieldContainer[str]
    preset: str
    def __init__(self, user_id: _Optional[str] = ..., categories: _Optional[_Iterable[_Union[CategoryPreference, _Mapping]]] = ..., groups: _Optional[_Iterable[_Union[_events_pb2.GroupPreference, _Mapping]]] = ..., group_default: _Optional[_Union[_events_pb2.NotificationLevel, str]] = ..., digest: _Optional[_Union[_events_pb2.DigestFrequency, str]] = ..., quiet_hours: _Optional[_Union[_events_pb2.QuietHours, _Mapping]] = ..., version: _Optional[int] = ..., presets: _Optional[_Iterable[str]] = ..., preset: _Optional[str] = ...) -> None: ...

class UpdatePreferencesRequest(_message.Message):
    __slots__ = ("user_id", "actor_id", "channels", "groups", "reset_categories", "group_default", "digest", "quiet_hours", "clear_quiet_hours", "expected_version")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNELS_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    RESET_CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    GROUP_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    DIGEST_FIELD_NUMBER: _ClassVar[int]
    QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    CLEAR_QUIET_HOURS_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    actor_id: str
    channels: _containers.RepeatedCompositeFieldContainer[_events_pb2.ChannelPreference]
    groups: _containers.RepeatedCompositeFieldContainer[_events_pb2.GroupPreference]
    reset_categories: _containers.RepeatedScalarFieldContainer[str]
    group_default: _events_pb2.NotificationLevel
    digest: _events_pb2.DigestFrequency
    quiet_hours: _events_pb2.QuietHours
    clear_quiet_hours: bool
    expected_version: int
    def __init__(self, user_id: _Optional[str] = ..., actor_id: _Optional[str] = ..., channels: _Optional[_Iterable[_Union[_events_pb2.ChannelPreference, _Mapping]]] = ..., groups: _Optional[_Iterable[_Union[_events_pb2.GroupPreference, _Mapping]]] = ..., reset_categories: _Optional[_Iterable[str]] = ..., group_default: _Optional[_Union[_events_pb2.NotificationLevel, str]] = ..., digest: _Optional[_Union[_events_pb2.DigestFrequency, str]] = ..., quiet_hours: _Optional[_Union[_events_pb2.QuietHours, _Mapping]] = ..., clear_quiet_hours: _Optional[bool] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ApplyPresetRequest(_message.Message):
    __slots__ = ("user_id", "preset")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PRESET_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    preset: str
    def __init__(self, user_id: _Optional[str] = ..., preset: _Optional[str] = ...) -> None: ...

class UnsubscribeRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class UnsubscribeReply(_message.Message):
    __slots__ = ("user_id", "category")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    category: str
    def __init__(self, user_id: _Optional[str] = ..., category: _Optional[str] = ...) -> None: ...
