-- One row per post an author wrote, and a running count per author.
-- The count is deliberately a plain increment: the SDK applies each event once, so it stays exact.
CREATE TABLE author_posts (
    post_id      uuid PRIMARY KEY,
    author_id    uuid        NOT NULL,
    occurred_at  timestamptz NOT NULL,
    projected_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE author_stats (
    author_id  uuid PRIMARY KEY,
    posts      int  NOT NULL
);
