-- The feed's read models of people, groups, posts, comments, reactions and follows. Every table here
-- except idempotency_keys and feed_visits is a projection of the event store: written by
-- services/feed/projection.py in the transaction that appends the event, and rebuilt from the events
-- by `kantine projections rebuild feed`.

CREATE TABLE users (
    user_id           uuid PRIMARY KEY,
    external_id       text UNIQUE,
    display_name      text        NOT NULL,
    email             text        NOT NULL DEFAULT '',
    title             text        NOT NULL DEFAULT '',
    department        text        NOT NULL DEFAULT '',
    location          text        NOT NULL DEFAULT '',
    manager_id        uuid,
    locale            text        NOT NULL DEFAULT 'en',
    avatar_url        text        NOT NULL DEFAULT '',
    leader            boolean     NOT NULL DEFAULT false,
    community_manager boolean     NOT NULL DEFAULT false,
    skills            text[]      NOT NULL DEFAULT '{}',
    active            boolean     NOT NULL DEFAULT true,
    version           int         NOT NULL,
    created_at        timestamptz NOT NULL
);

CREATE TABLE follows_users (
    follower_id uuid NOT NULL,
    followee_id uuid NOT NULL,
    since       timestamptz NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_users_followee ON follows_users (followee_id);

CREATE TABLE follows_tags (
    follower_id uuid NOT NULL,
    tag         text NOT NULL,
    since       timestamptz NOT NULL,
    PRIMARY KEY (follower_id, tag)
);

CREATE TABLE groups (
    group_id       uuid PRIMARY KEY,
    name           text        NOT NULL,
    purpose        text        NOT NULL,
    visibility     smallint    NOT NULL,
    posting_policy smallint    NOT NULL,
    end_date       date,
    archived       boolean     NOT NULL DEFAULT false,
    merged_into    uuid,
    created_by     uuid,
    created_at     timestamptz NOT NULL,
    version        int         NOT NULL
);
CREATE INDEX groups_end_date ON groups (end_date) WHERE end_date IS NOT NULL AND NOT archived;

CREATE TABLE group_members (
    group_id  uuid        NOT NULL,
    user_id   uuid        NOT NULL,
    role      smallint    NOT NULL,
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

-- Join requests ('request') and invitations ('invite') waiting for an answer.
CREATE TABLE group_pending (
    group_id uuid        NOT NULL,
    user_id  uuid        NOT NULL,
    kind     text        NOT NULL CHECK (kind IN ('request', 'invite')),
    by_id    uuid,
    since    timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id, kind)
);

-- Posts gain what the social domain needs. `rank` orders the timelines: the position of the event
-- that made the post visible (PostCreated, or PostPublished for a scheduled post). `open_to_all` says
-- that anyone may read it (a profile post or a post in a public group), so timelines filter without a join.
ALTER TABLE posts ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE posts
    ADD COLUMN mentions            uuid[]      NOT NULL DEFAULT '{}',
    ADD COLUMN links               text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN praised_user_ids    uuid[]      NOT NULL DEFAULT '{}',
    ADD COLUMN company_value       text        NOT NULL DEFAULT '',
    ADD COLUMN poll_options        text[]      NOT NULL DEFAULT '{}',
    ADD COLUMN must_read           boolean     NOT NULL DEFAULT false,
    ADD COLUMN publish_at          timestamptz,
    ADD COLUMN published           boolean     NOT NULL DEFAULT true,
    ADD COLUMN deleted             boolean     NOT NULL DEFAULT false,
    ADD COLUMN pinned              boolean     NOT NULL DEFAULT false,
    ADD COLUMN accepted_comment_id uuid,
    ADD COLUMN edited_at           timestamptz,
    ADD COLUMN open_to_all         boolean     NOT NULL DEFAULT true,
    ADD COLUMN rank                bigint,
    ADD COLUMN version             int         NOT NULL DEFAULT 1;
UPDATE posts SET rank = position;
DROP INDEX posts_author;
DROP INDEX posts_group;
CREATE INDEX posts_author_rank ON posts (author_id, rank DESC) WHERE published AND NOT deleted;
CREATE INDEX posts_group_rank ON posts (group_id, rank DESC) WHERE published AND NOT deleted AND group_id IS NOT NULL;
CREATE INDEX posts_announcements ON posts (rank DESC)
    WHERE published AND NOT deleted AND kind = 3 AND group_id IS NULL;
CREATE INDEX posts_pinned ON posts (group_id) WHERE pinned AND NOT deleted;
CREATE INDEX posts_scheduled ON posts (publish_at) WHERE NOT published AND NOT deleted;

CREATE TABLE post_tags (
    tag     text   NOT NULL,
    rank    bigint NOT NULL,
    post_id uuid   NOT NULL,
    PRIMARY KEY (tag, rank, post_id)
);
CREATE INDEX post_tags_post ON post_tags (post_id);

CREATE TABLE post_edits (
    post_id    uuid        NOT NULL,
    version    int         NOT NULL,
    body       text        NOT NULL,
    edited_by  uuid        NOT NULL,
    edited_at  timestamptz NOT NULL,
    PRIMARY KEY (post_id, version)
);

CREATE TABLE comments (
    comment_id uuid PRIMARY KEY,
    post_id    uuid        NOT NULL,
    parent_id  uuid,
    author_id  uuid        NOT NULL,
    body       text        NOT NULL,
    deleted    boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    edited_at  timestamptz
);
CREATE INDEX comments_post ON comments (post_id, created_at);

-- One reaction per person per post (comment_id = the nil UUID) or comment.
CREATE TABLE reactions (
    post_id    uuid        NOT NULL,
    comment_id uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    reaction   text        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (post_id, comment_id, user_id)
);

CREATE TABLE post_reads (
    post_id uuid        NOT NULL,
    user_id uuid        NOT NULL,
    at      timestamptz NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE poll_votes (
    post_id uuid     NOT NULL,
    user_id uuid     NOT NULL,
    option  smallint NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- Not projections: the answers to create commands by idempotency key, and when someone last looked at a feed.
CREATE TABLE idempotency_keys (
    actor_id   text        NOT NULL,
    key        text        NOT NULL,
    command    text        NOT NULL,
    result_id  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (actor_id, key)
);

CREATE TABLE feed_visits (
    user_id    uuid   NOT NULL,
    feed       text   NOT NULL,
    seen_rank  bigint NOT NULL,
    visited_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, feed)
);
