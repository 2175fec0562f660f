-- The feed's read model of posts, written in the same transaction as the PostCreated event.
CREATE TABLE posts (
    post_id     uuid PRIMARY KEY,
    author_id   uuid        NOT NULL,
    group_id    uuid,
    kind        smallint    NOT NULL,
    body        text        NOT NULL,
    tags        text[]      NOT NULL DEFAULT '{}',
    position    bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_author ON posts (author_id, created_at DESC);
CREATE INDEX posts_group ON posts (group_id, created_at DESC) WHERE group_id IS NOT NULL;
