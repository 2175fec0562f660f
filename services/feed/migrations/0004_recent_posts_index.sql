-- The home feed first scans the newest posts of the whole company (services/feed/reads.py,
-- HOME_RECENT); with the columns its filter needs in the index, that scan never touches the table.
CREATE INDEX posts_recent ON posts (rank DESC) INCLUDE (post_id, author_id, group_id, open_to_all, pinned, kind, tags)
    WHERE published AND NOT deleted;
