-- Insights' tables. Two kinds:
--  * its projection of the platform's events (people ... expertise): rebuilt from the events stream by
--    `kantine projections rebuild insights`;
--  * what it recorded itself (answer_targets): the projection of its own event store.
-- Who did what is kept per period only (activity: the highest tier reached in a week or month), never
-- as a reading history; it is deleted after KANTINE_INSIGHTS_RETENTION_DAYS.

CREATE TABLE people (
    user_id      uuid PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    department   text NOT NULL DEFAULT '',
    leader       boolean NOT NULL DEFAULT false,
    community_manager boolean NOT NULL DEFAULT false,
    manager_id   uuid,
    active       boolean NOT NULL DEFAULT true,
    joined_at    timestamptz NOT NULL,
    last_seen_at timestamptz
);

CREATE TABLE groups (
    group_id     uuid PRIMARY KEY,
    name         text NOT NULL,
    purpose      text NOT NULL DEFAULT '',
    visibility   smallint NOT NULL DEFAULT 1,
    archived     boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL,
    last_post_at timestamptz
);

CREATE TABLE members (
    group_id  uuid NOT NULL,
    user_id   uuid NOT NULL,
    role      smallint NOT NULL DEFAULT 1,  -- 1 member, 2 admin, 3 owner
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE join_requests (
    group_id     uuid NOT NULL,
    user_id      uuid NOT NULL,
    requested_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE posts (
    post_id    uuid PRIMARY KEY,
    author_id  uuid NOT NULL,
    group_id   uuid,
    question   boolean NOT NULL DEFAULT false,
    announcement boolean NOT NULL DEFAULT false,  -- an announcement or a must-read
    must_read  boolean NOT NULL DEFAULT false,
    reactions  integer NOT NULL DEFAULT 0,       -- on the post, from people other than its author
    views      bigint NOT NULL DEFAULT 0,        -- times shown in a feed (FeedViewed; nobody named)
    snippet    text NOT NULL DEFAULT '',
    tags       text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    published  boolean NOT NULL DEFAULT true,
    deleted    boolean NOT NULL DEFAULT false,
    first_answer_at timestamptz,
    accepted   boolean NOT NULL DEFAULT false
);
CREATE INDEX posts_unanswered ON posts (created_at) WHERE question AND first_answer_at IS NULL AND NOT deleted;
CREATE INDEX posts_group ON posts (group_id, created_at);
CREATE INDEX posts_announcements ON posts (created_at) WHERE announcement;

-- who reacted to and confirmed the announcements (for their reach)
CREATE TABLE announcement_reactions (
    post_id uuid NOT NULL,
    user_id uuid NOT NULL,
    PRIMARY KEY (post_id, user_id)
);
CREATE TABLE announcement_reads (
    post_id uuid NOT NULL,
    user_id uuid NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

-- what people did for each other, for leaders' figures and the people who deserve thanks: a post
-- (subject: nobody), a reply to someone's post or comment, a reaction to it, praise, an accepted answer
-- (actor: who accepted, subject: whose answer); deleted after the retention like activity
CREATE TABLE acts (
    kind        text NOT NULL,
    target_id   uuid NOT NULL,  -- the post, comment or answer
    actor_id    uuid NOT NULL,
    subject_id  uuid NOT NULL,
    post_id     uuid NOT NULL,
    at          timestamptz NOT NULL,
    after_hours double precision,  -- a reply: hours after what it answers
    PRIMARY KEY (kind, target_id, actor_id, subject_id)
);
CREATE INDEX acts_actor ON acts (actor_id, at);
CREATE INDEX acts_subject ON acts (subject_id, at);

CREATE TABLE comments (
    comment_id uuid PRIMARY KEY,
    post_id    uuid NOT NULL,
    author_id  uuid NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX comments_post ON comments (post_id, created_at);

-- the highest tier a person reached in a period (0 read ... see domain.participation.Level), in the
-- organisation (scope = the nil uuid) or in one group
CREATE TABLE activity (
    scope   uuid NOT NULL,
    period  char(1) NOT NULL,  -- w(eek) or m(onth)
    start   date NOT NULL,
    user_id uuid NOT NULL,
    level   smallint NOT NULL,
    PRIMARY KEY (scope, period, start, user_id)
);

-- who answers what: answers and accepted answers per person and group (g:<id>) or tag (t:<tag>)
CREATE TABLE expertise (
    user_id  uuid NOT NULL,
    key      text NOT NULL,
    answers  integer NOT NULL DEFAULT 0,
    accepted integer NOT NULL DEFAULT 0,
    PRIMARY KEY (key, user_id)
);

-- a group's own target for a first answer (insights' own events)
CREATE TABLE answer_targets (
    group_id uuid PRIMARY KEY,
    hours    integer NOT NULL
);
