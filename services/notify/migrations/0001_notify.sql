-- Notify's own picture of the company, kept from the feed's events, so it never asks feed to decide.
CREATE TABLE users (
    user_id      uuid PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    locale       text NOT NULL DEFAULT '',
    leader       boolean NOT NULL DEFAULT false,
    community_manager boolean NOT NULL DEFAULT false,
    active       boolean NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- the last sign of life: an action of theirs, a visit, a look at the inbox
    last_seen_at timestamptz
);

CREATE TABLE groups (
    group_id   uuid PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    visibility smallint NOT NULL DEFAULT 1,  -- GroupVisibility: 1 public, 2 private, 3 secret
    archived   boolean NOT NULL DEFAULT false,
    members    integer NOT NULL DEFAULT 0
);

CREATE TABLE members (
    group_id uuid NOT NULL,
    user_id  uuid NOT NULL,
    role     smallint NOT NULL DEFAULT 1,  -- MemberRole: 1 member, 2 admin, 3 owner
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE join_requests (
    group_id uuid NOT NULL,
    user_id  uuid NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE follows_people (
    follower uuid NOT NULL,
    followee uuid NOT NULL,
    PRIMARY KEY (followee, follower)
);

CREATE TABLE follows_tags (
    follower uuid NOT NULL,
    tag      text NOT NULL,
    PRIMARY KEY (tag, follower)
);

CREATE TABLE posts (
    post_id    uuid PRIMARY KEY,
    author_id  uuid NOT NULL,
    group_id   uuid,
    kind       smallint NOT NULL,
    must_read  boolean NOT NULL DEFAULT false,
    snippet    text NOT NULL DEFAULT '',
    tags       text[] NOT NULL DEFAULT '{}',
    mentions   uuid[] NOT NULL DEFAULT '{}',
    praised    uuid[] NOT NULL DEFAULT '{}',
    published  boolean NOT NULL DEFAULT true,
    deleted    boolean NOT NULL DEFAULT false,
    reactions  integer NOT NULL DEFAULT 0,
    comments   integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL
);
-- the digest: the most reacted recent posts of a person's groups
CREATE INDEX posts_by_group_recent ON posts (group_id, created_at DESC) WHERE NOT deleted AND published;

-- who confirmed a must-read post: a fan-out that reaches them later does not nag them
CREATE TABLE post_reads (
    post_id uuid NOT NULL,
    user_id uuid NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE comments (
    comment_id uuid PRIMARY KEY,
    post_id    uuid NOT NULL,
    author_id  uuid NOT NULL,
    snippet    text NOT NULL DEFAULT '',
    mentions   uuid[] NOT NULL DEFAULT '{}'
);
CREATE INDEX comments_by_post ON comments (post_id);

-- Preferences: a person's layer, or the organisation's (owner = the nil UUID). A row or column that is
-- absent or NULL follows the layer below. Written with the NotificationPreferencesChanged event.
CREATE TABLE pref_settings (
    owner         uuid PRIMARY KEY,
    group_default text,
    digest        text,
    quiet_start   time,
    quiet_end     time,
    quiet_zone    text
);

CREATE TABLE pref_channels (
    owner    uuid NOT NULL,
    category text NOT NULL,
    in_app   boolean,  -- NULL: follows the layer below
    email    boolean,
    PRIMARY KEY (owner, category)
);

CREATE TABLE pref_groups (
    owner    uuid NOT NULL,
    group_id uuid NOT NULL,
    level    text NOT NULL,
    PRIMARY KEY (owner, group_id)
);
CREATE INDEX pref_groups_by_group ON pref_groups (group_id);

-- The inbox. One row per (recipient, key): a popular post is one notification, bumped, not fifty.
CREATE SEQUENCE inbox_seq;
CREATE TABLE notifications (
    notification_id uuid PRIMARY KEY,
    recipient   uuid NOT NULL,
    key         text NOT NULL,
    kind        text NOT NULL,
    category    text NOT NULL,
    priority    smallint NOT NULL,
    reason      text NOT NULL,
    subject     text NOT NULL DEFAULT '',
    post_id     uuid,
    comment_id  uuid,
    group_id    uuid,
    detail      text NOT NULL DEFAULT '',
    -- the newest actors first, at most five; actor_count counts them all
    actors      uuid[] NOT NULL DEFAULT '{}',
    actor_count integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    -- inbox order; drawn again when the notification is bumped
    seq         bigint NOT NULL DEFAULT nextval('inbox_seq'),
    read_at     timestamptz,
    -- counts the times it became unread again, so each unread spell may send one e-mail
    generation  integer NOT NULL DEFAULT 1,
    UNIQUE (recipient, key)
);
CREATE INDEX inbox ON notifications (recipient, seq DESC);
CREATE INDEX inbox_unread ON notifications (recipient) WHERE read_at IS NULL;
CREATE INDEX notifications_by_post ON notifications (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_by_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;

CREATE TABLE notification_actors (
    notification_id uuid NOT NULL REFERENCES notifications ON DELETE CASCADE,
    actor_id        uuid NOT NULL,
    added_at        timestamptz NOT NULL,
    PRIMARY KEY (notification_id, actor_id)
);

-- E-mail to send: at-least-once with a stable Message-ID, retried with backoff, then reported.
CREATE TABLE email_outbox (
    email_id        uuid PRIMARY KEY,
    dedup_key       text NOT NULL UNIQUE,
    recipient       uuid NOT NULL,
    kind            text NOT NULL,  -- notification | digest
    -- no foreign key: checking it costs a fan-out a third of its time; the sender skips what is gone
    notification_id uuid,
    post_ids        uuid[] NOT NULL DEFAULT '{}',
    due_at          timestamptz NOT NULL,
    status          text NOT NULL DEFAULT 'pending',  -- pending | sent | skipped | failed
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX email_due ON email_outbox (due_at) WHERE status = 'pending';

CREATE TABLE digests (
    user_id      uuid PRIMARY KEY,
    last_sent_at timestamptz,
    next_due_at  timestamptz NOT NULL
);

-- A big audience is notified in chunks by a background worker, so it never holds up other events.
CREATE TABLE fanouts (
    post_id     uuid PRIMARY KEY,
    group_id    uuid,
    kind        text NOT NULL,
    reason      text NOT NULL,
    levels      text[] NOT NULL,
    email       boolean NOT NULL,
    actor_id    uuid NOT NULL,
    large       boolean NOT NULL,
    occurred_at timestamptz NOT NULL,
    after_user  uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    done        boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX fanouts_open ON fanouts (created_at) WHERE NOT done;
