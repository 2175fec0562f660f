-- People, groups and memberships move to kantine.directory's tables (directory_*, migration
-- kantine.directory 0001, applied before this one), written by the SDK's handlers for every consumer and
-- guarded by the aggregate versions gamify already recorded for them. Gamify kept nothing of them the
-- directory does not hold, so its tables go; a group's privacy for the boards stays on the ledger
-- (ledger.private), which is gamify's own.
--
-- What gamify did not keep takes its default until a rebuild (`kantine projections rebuild gamify`)
-- replays it: names, purposes, locales, invitations and join requests, when someone joined. A private
-- group here was private or secret: it becomes private (2), closed either way; an owner stays an owner
-- (3), an admin was a plain member here and stays one (1).
INSERT INTO directory_people (user_id, display_name, department, country, leader, community_manager, active,
                              joined_at)
SELECT user_id, display_name, department, country, leader, community_manager, active, now() FROM people
ON CONFLICT (user_id) DO NOTHING;

-- The member count is counted again: gamify's missed the members who joined before the group's creation
-- arrived, the directory's does not.
INSERT INTO directory_groups (group_id, visibility, created_by, created_at, members)
SELECT g.group_id, CASE WHEN g.private THEN 2 ELSE 1 END, g.created_by, now(),
       (SELECT count(*) FROM members m WHERE m.group_id = g.group_id)
FROM groups g
ON CONFLICT (group_id) DO NOTHING;
-- members of a group whose creation never arrived: known, closed (no visibility) until its settings do
INSERT INTO directory_groups (group_id, created_at, members)
SELECT m.group_id, now(), count(*) FROM members m
WHERE NOT EXISTS (SELECT 1 FROM groups g WHERE g.group_id = m.group_id)
GROUP BY m.group_id
ON CONFLICT (group_id) DO NOTHING;

INSERT INTO directory_members (group_id, user_id, role, joined_at)
SELECT group_id, user_id, CASE WHEN owner THEN 3 ELSE 1 END, now() FROM members
ON CONFLICT (group_id, user_id) DO NOTHING;

-- The community-builder badge looks up the groups a person created (the old groups_created_by).
CREATE INDEX gamify_directory_groups_by_creator ON directory_groups (created_by);

DROP TABLE people, groups, members;
