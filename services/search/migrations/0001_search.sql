-- Search's tables. Two kinds:
--  * its index of the platform's events (people ... tags): rebuilt from the events stream by
--    `kantine projections rebuild search`;
--  * what people chose in search itself (hidden_experts): the projection of search's own event store;
--  * missed_queries: what was searched for and not found, per week, without who asked. It is not
--    derived from any event, so a rebuild keeps it.

-- Trigram similarity forgives typos in names and tags. A trusted extension: the database owner may
-- create it. Installed in this schema so that the service's search_path reaches its operators.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA search;

CREATE TABLE people (
    user_id      uuid PRIMARY KEY,
    display_name text NOT NULL DEFAULT '',
    handle       text NOT NULL DEFAULT '',   -- the e-mail's local part, lower-cased
    title        text NOT NULL DEFAULT '',
    department   text NOT NULL DEFAULT '',
    skills       text[] NOT NULL DEFAULT '{}',
    locale       text NOT NULL DEFAULT '',
    language     regconfig,                  -- of the locale: for texts that do not tell their own
    active       boolean NOT NULL DEFAULT true,
    community_manager boolean NOT NULL DEFAULT false,
    profile      tsvector NOT NULL DEFAULT '',  -- title, department and skills, in every language
    version      integer NOT NULL DEFAULT 0     -- of the person's last event applied: a late one is older
);
CREATE INDEX people_name ON people USING gin (lower(display_name) gin_trgm_ops);
CREATE INDEX people_handle ON people (handle);
CREATE INDEX people_profile ON people USING gin (profile);

CREATE TABLE groups (
    group_id    uuid PRIMARY KEY,
    name        text NOT NULL DEFAULT '',
    purpose     text NOT NULL DEFAULT '',
    visibility  smallint NOT NULL DEFAULT 1,
    posting_policy smallint NOT NULL DEFAULT 1,  -- 2: only admins post (announcements): no place to ask
    archived    boolean NOT NULL DEFAULT false,
    merged_into uuid,
    members     integer NOT NULL DEFAULT 0,
    document    tsvector NOT NULL DEFAULT '',  -- name (weight A) and purpose, in its language
    version     integer NOT NULL DEFAULT 0     -- of the group's last settings event applied: a late one is older
);
CREATE INDEX groups_name ON groups USING gin (lower(name) gin_trgm_ops);
CREATE INDEX groups_document ON groups USING gin (document);

-- Who may read a private group's entries (members), and see a secret group at all (members, invitees).
-- A person who left keeps a row (state 0) with the version of the event, so a late join cannot
-- readmit them.
CREATE TABLE members (
    user_id  uuid NOT NULL,
    group_id uuid NOT NULL,
    state    smallint NOT NULL,  -- 0 left, 1 invited, 2 member
    version  integer NOT NULL,   -- of the group's event that set it
    PRIMARY KEY (user_id, group_id)
);
CREATE INDEX members_group ON members (group_id);

-- Posts and comments, one row each, so that one index scan, one ranking and one set of facets covers
-- both. A comment carries its post's group and openness.
CREATE TABLE entries (
    entry_id   uuid PRIMARY KEY,            -- the post's or the comment's id
    post_id    uuid NOT NULL,
    kind       smallint NOT NULL,           -- a post's PostKind; 6 for a comment
    question   boolean NOT NULL DEFAULT false,  -- a question, or a comment on one (an answer)
    answered   boolean NOT NULL DEFAULT false,  -- a question with an accepted answer; the accepted answer
    author_id  uuid NOT NULL,
    group_id   uuid,
    open       boolean NOT NULL,            -- everyone may read it: not in a private or secret group
    published  boolean NOT NULL DEFAULT true,
    body       text NOT NULL,
    extra      text NOT NULL DEFAULT '',    -- also searchable, not in the snippet: a poll's options, a company value
    tags       text[] NOT NULL DEFAULT '{}',
    mentions   uuid[] NOT NULL DEFAULT '{}',  -- mentioned or praised
    praised    uuid[] NOT NULL DEFAULT '{}',  -- kept apart, since an edit names only the mentions
    language   regconfig NOT NULL,
    document   tsvector NOT NULL,
    created_at timestamptz NOT NULL,
    reactions  integer NOT NULL DEFAULT 0,
    comments   integer NOT NULL DEFAULT 0,
    version    integer NOT NULL DEFAULT 0   -- of the post's event that wrote the text: a late edit is older
);
CREATE INDEX entries_document ON entries USING gin (document);
CREATE INDEX entries_tags ON entries USING gin (tags);
CREATE INDEX entries_mentions ON entries USING gin (mentions);
CREATE INDEX entries_post ON entries (post_id);
CREATE INDEX entries_created ON entries (created_at, entry_id);
CREATE INDEX entries_author ON entries (author_id, created_at);
CREATE INDEX entries_group ON entries (group_id, created_at);

-- Every tag ever used, for forgiving a typo in #tag (a suggestion is only made if the viewer may see
-- an entry with it).
CREATE TABLE tags (
    tag text PRIMARY KEY
);
CREATE INDEX tags_similar ON tags USING gin (tag gin_trgm_ops);

-- Posts and comments deleted: an event about them that arrives late (a retried PostCreated) changes
-- nothing.
CREATE TABLE gone (
    entry_id uuid PRIMARY KEY
);

CREATE TABLE hidden_experts (
    user_id uuid PRIMARY KEY
);

CREATE TABLE missed_queries (
    week    date NOT NULL,
    query   text NOT NULL,
    times   integer NOT NULL DEFAULT 1,
    last_at timestamptz NOT NULL,
    PRIMARY KEY (week, query)
);
