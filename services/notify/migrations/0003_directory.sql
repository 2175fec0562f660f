-- People, groups and memberships move to kantine.directory's tables (directory_*, migration
-- kantine.directory 0001, applied before this one), written by the SDK's handlers for every consumer.
-- What only notify needs stays here: where to write to a person, and their last sign of life.
CREATE TABLE recipients (
    user_id      uuid PRIMARY KEY,
    email        text NOT NULL DEFAULT '',
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- the last sign of life: an action of theirs, a visit, a look at the inbox
    last_seen_at timestamptz
);
INSERT INTO recipients (user_id, email, created_at, last_seen_at)
SELECT user_id, email, created_at, last_seen_at FROM users;

INSERT INTO directory_people (user_id, display_name, locale, leader, community_manager, active, joined_at)
SELECT user_id, display_name, locale, leader, community_manager, active, created_at FROM users
ON CONFLICT (user_id) DO NOTHING;
-- the member counts recounted (notify's drifted when a group's update or a join came before its
-- creation), and a group known only by its members kept closed until its settings arrive
INSERT INTO directory_groups (group_id, name, visibility, archived, members, created_at)
SELECT g.group_id, g.name, g.visibility, g.archived, (SELECT count(*) FROM members m WHERE m.group_id = g.group_id),
       now()
FROM groups g
ON CONFLICT (group_id) DO NOTHING;
INSERT INTO directory_groups (group_id, visibility, members, created_at)
SELECT group_id, NULL, count(*), now() FROM members WHERE group_id NOT IN (SELECT group_id FROM groups)
GROUP BY group_id
ON CONFLICT (group_id) DO NOTHING;
INSERT INTO directory_members (group_id, user_id, role, joined_at)
SELECT group_id, user_id, role, now() FROM members
ON CONFLICT (group_id, user_id) DO NOTHING;
INSERT INTO directory_requests (group_id, user_id, requested_at)
SELECT group_id, user_id, now() FROM join_requests
ON CONFLICT (group_id, user_id) DO NOTHING;

DROP TABLE users, groups, members, join_requests;

-- A deleted comment is kept without its words, so an edit that arrives after it finds it gone.
ALTER TABLE comments ADD COLUMN deleted boolean NOT NULL DEFAULT false;
