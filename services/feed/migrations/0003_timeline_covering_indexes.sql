-- The home feed reads the newest post of each followed person and group first: with the columns its
-- filters need in the index, those probes are index-only and never touch the table.
DROP INDEX posts_author_rank;
DROP INDEX posts_group_rank;
CREATE INDEX posts_author_rank ON posts (author_id, rank DESC) INCLUDE (post_id, group_id, open_to_all, pinned)
    WHERE published AND NOT deleted;
CREATE INDEX posts_group_rank ON posts (group_id, rank DESC) INCLUDE (post_id, pinned)
    WHERE published AND NOT deleted AND group_id IS NOT NULL;
