-- People, groups, memberships and join requests move to kantine.directory's tables (directory_*,
-- migration kantine.directory 0001, applied before this one), written by the SDK's handlers and safe
-- against late events. What only insights needs stays here, in two small tables of its own.

-- A person's first and last sign of life (a deed, a visit). A person's "joined" for the figures is the
-- earlier of their provisioning (directory_people.joined_at) and their first deed: history imported
-- after the directory provisioned them counts from when they were there.
CREATE TABLE people_seen (
    user_id       uuid PRIMARY KEY,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL
);

-- When a group's newest published post appeared (inactive groups, days since the last post).
CREATE TABLE group_activity (
    group_id     uuid PRIMARY KEY,
    last_post_at timestamptz NOT NULL
);

-- 0001 kept no first deed: people.joined_at is already the earlier of provisioning and a first deed
-- seen after it, so it stands for the first deed here (no later than the last one).
INSERT INTO people_seen (user_id, first_seen_at, last_seen_at)
SELECT user_id, least(joined_at, last_seen_at), last_seen_at FROM people WHERE last_seen_at IS NOT NULL;
INSERT INTO group_activity (group_id, last_post_at)
SELECT group_id, last_post_at FROM groups WHERE last_post_at IS NOT NULL;

-- Country, locale, posting policy, the creator, a merge's target and invitations were not kept by
-- insights: they arrive with the next event that carries them (or a rebuild).
INSERT INTO directory_people (user_id, display_name, department, leader, community_manager, manager_id, active,
                              joined_at)
SELECT user_id, display_name, department, leader, community_manager, manager_id, active, joined_at FROM people
ON CONFLICT (user_id) DO NOTHING;

INSERT INTO directory_groups (group_id, name, purpose, visibility, archived, created_at, members)
SELECT g.group_id, g.name, g.purpose, g.visibility, g.archived, g.created_at,
       (SELECT count(*) FROM members m WHERE m.group_id = g.group_id)
FROM groups g
ON CONFLICT (group_id) DO NOTHING;
-- members of a group whose settings have not arrived: counted, closed (visibility NULL) until they do,
-- as the directory keeps such a group
INSERT INTO directory_groups (group_id, created_at, members)
SELECT m.group_id, min(m.joined_at), count(*) FROM members m
WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.group_id = m.group_id)
GROUP BY m.group_id
ON CONFLICT (group_id) DO NOTHING;

INSERT INTO directory_members (group_id, user_id, role, joined_at)
SELECT group_id, user_id, role, joined_at FROM members
ON CONFLICT (group_id, user_id) DO NOTHING;

INSERT INTO directory_requests (group_id, user_id, requested_at)
SELECT group_id, user_id, requested_at FROM join_requests
ON CONFLICT (group_id, user_id) DO NOTHING;

DROP TABLE people, groups, members, join_requests;
