-- Gamify's tables. Two kinds:
--  * its projection of the platform's events (people ... scores): rebuilt from the events stream by
--    `kantine projections rebuild gamify`;
--  * what gamify decided and published itself (awards, levels_reached, settings, hidden_people): the
--    projection of its own event store, never recomputed, so a badge is awarded and announced once.

CREATE TABLE people (
    user_id      uuid PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    department   text NOT NULL DEFAULT '',
    country      text NOT NULL DEFAULT '',
    leader       boolean NOT NULL DEFAULT false,
    community_manager boolean NOT NULL DEFAULT false,
    active       boolean NOT NULL DEFAULT true
);

CREATE TABLE groups (
    group_id   uuid PRIMARY KEY,
    created_by uuid,
    private    boolean NOT NULL DEFAULT false,
    members    integer NOT NULL DEFAULT 0
);
CREATE INDEX groups_created_by ON groups (created_by);

CREATE TABLE members (
    group_id uuid NOT NULL,
    user_id  uuid NOT NULL,
    owner    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (group_id, user_id)
);

CREATE TABLE posts (
    post_id    uuid PRIMARY KEY,
    author_id  uuid NOT NULL,
    group_id   uuid,
    question   boolean NOT NULL DEFAULT false,
    first      boolean NOT NULL DEFAULT false,
    deleted    boolean NOT NULL DEFAULT false,
    comments   integer NOT NULL DEFAULT 0,   -- by people other than the author
    commenters integer NOT NULL DEFAULT 0    -- different people other than the author
);
CREATE INDEX posts_author ON posts (author_id) WHERE NOT deleted;

CREATE TABLE comments (
    comment_id uuid PRIMARY KEY,
    post_id    uuid NOT NULL,
    author_id  uuid NOT NULL,
    deleted    boolean NOT NULL DEFAULT false
);

CREATE TABLE commenters (
    post_id  uuid NOT NULL,
    user_id  uuid NOT NULL,
    comments integer NOT NULL,
    PRIMARY KEY (post_id, user_id)
);

CREATE TABLE reactions (
    post_id    uuid NOT NULL,
    comment_id uuid NOT NULL,  -- the nil UUID for a reaction to the post itself
    user_id    uuid NOT NULL,
    PRIMARY KEY (post_id, comment_id, user_id)
);

-- The points ledger: every entry with its reason and source event. Taking points back appends an
-- entry with the opposite points (`reverses`) and marks the original `reversed`.
CREATE TABLE ledger (
    entry_id        uuid PRIMARY KEY,
    user_id         uuid NOT NULL,
    action          text NOT NULL,
    points          integer NOT NULL,
    capped          boolean NOT NULL DEFAULT false,
    key             text NOT NULL,
    other_id        uuid,
    post_id         uuid,
    comment_id      uuid,
    group_id        uuid,
    private         boolean NOT NULL DEFAULT false,
    source_event_id uuid NOT NULL,
    at              timestamptz NOT NULL,
    day             date NOT NULL,            -- in the organisation's time zone
    reverses        uuid,
    reversed        boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX ledger_deed ON ledger (user_id, key) WHERE reverses IS NULL AND NOT reversed;
CREATE INDEX ledger_by_person ON ledger (user_id, at DESC, entry_id DESC);
CREATE INDEX ledger_by_post ON ledger (post_id) WHERE reverses IS NULL AND NOT reversed;
CREATE INDEX ledger_by_comment ON ledger (comment_id) WHERE reverses IS NULL AND NOT reversed;
CREATE INDEX ledger_by_group ON ledger (group_id) WHERE group_id IS NOT NULL;

-- Points per person, action and day, for the daily caps.
CREATE TABLE daily (
    user_id uuid NOT NULL,
    action  text NOT NULL,
    day     date NOT NULL,
    points  integer NOT NULL,
    PRIMARY KEY (user_id, action, day)
);

-- Deeds per person and action that still stand (the figures most badges count).
CREATE TABLE counts (
    user_id uuid NOT NULL,
    action  text NOT NULL,
    n       integer NOT NULL,
    PRIMARY KEY (user_id, action)
);

CREATE TABLE totals (
    user_id uuid PRIMARY KEY,
    points  bigint NOT NULL
);

-- Leaderboards, kept incrementally: scope is the organisation (the nil UUID; public activity only) or
-- a group; period 'w', 'm', 'q' starting on `start`, or 'a' (all time, start 2000-01-01).
CREATE TABLE scores (
    scope   uuid NOT NULL,
    period  char(1) NOT NULL,
    start   date NOT NULL,
    user_id uuid NOT NULL,
    points  bigint NOT NULL,
    PRIMARY KEY (scope, period, start, user_id)
);
CREATE INDEX scores_rank ON scores (scope, period, start, points DESC, user_id);

CREATE TABLE active_weeks (
    user_id uuid NOT NULL,
    week    date NOT NULL,
    PRIMARY KEY (user_id, week)
);

-- ----- gamify's own decisions (projection of its event store) -----

CREATE TABLE awards (
    user_id         uuid NOT NULL,
    badge_id        text NOT NULL,
    tier            text NOT NULL,
    name            text NOT NULL,
    reason          text NOT NULL,
    source_event_id uuid,
    awarded_at      timestamptz NOT NULL,
    backfilled      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, badge_id, tier)
);

CREATE TABLE levels_reached (
    user_id    uuid NOT NULL,
    level      integer NOT NULL,
    reached_at timestamptz NOT NULL,
    backfilled boolean NOT NULL DEFAULT false,
    PRIMARY KEY (user_id, level)
);

CREATE TABLE settings (
    scope         smallint NOT NULL,   -- 1 organisation, 2 country, 3 group
    scope_id      text NOT NULL,       -- '' for the organisation
    leaderboards  boolean,
    public_badges boolean,
    PRIMARY KEY (scope, scope_id)
);

CREATE TABLE hidden_people (
    user_id uuid PRIMARY KEY
);

-- When gamify first ran with each rule (badge tier or level, with its thresholds): an award whose
-- evidence is older was backfilled and is not announced.
CREATE TABLE rules_seen (
    rule_key      text PRIMARY KEY,
    first_seen_at timestamptz NOT NULL
);
