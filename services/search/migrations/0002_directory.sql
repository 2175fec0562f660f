-- Search reads feed's directory from the SDK's projection of it (kantine.directory: the directory_* tables,
-- created by migration kantine.directory 0001, which runs before this one) instead of its own copies, whose
-- guards against late events were its own. What search kept of the directory moves there, with the
-- versions that guarded it, so that an event older than what search had applied still changes nothing
-- after the upgrade; then search's copies go. Search keeps only what people and groups are found by: a
-- person's handle, title, skills, profile and language, a group's name and document.

-- People. Search never kept a person's country, leader flag or manager, nor when they were provisioned
-- (joined_at is the upgrade's time): search reads none of them, and a rebuild of search fills them in.
INSERT INTO directory_people (user_id, display_name, department, locale, community_manager, active, joined_at)
SELECT user_id, display_name, department, locale, community_manager, active, now() FROM people
ON CONFLICT (user_id) DO NOTHING;

-- Groups whose settings arrived (search kept no row before that). An old event that named no visibility
-- or posting policy meant a public group that anybody posts in, as the directory writes it. The member
-- count is counted again from the standings: search's own missed the members who joined before the
-- group's settings arrived.
INSERT INTO directory_groups (group_id, name, purpose, visibility, posting_policy, archived, merged_into,
                              created_at, members)
SELECT g.group_id, g.name, g.purpose, coalesce(nullif(g.visibility, 0), 1), coalesce(nullif(g.posting_policy, 0), 1),
       g.archived, g.merged_into, now(),
       (SELECT count(*) FROM members m WHERE m.group_id = g.group_id AND m.state = 2)
FROM groups g
ON CONFLICT (group_id) DO NOTHING;

-- Groups known only by their members (the settings have not arrived): visibility NULL, closed until they
-- do, as the directory keeps them.
INSERT INTO directory_groups (group_id, created_at, members)
SELECT group_id, now(), count(*) FROM members WHERE state = 2 GROUP BY group_id
ON CONFLICT (group_id) DO NOTHING;

-- Standings: 2, a member (search never kept the role: member, until the next role change); 1, invited;
-- 0, left, which leaves no row but its version, below.
INSERT INTO directory_members (group_id, user_id, role, joined_at)
SELECT group_id, user_id, 1, now() FROM members WHERE state = 2
ON CONFLICT (group_id, user_id) DO NOTHING;
INSERT INTO directory_invitations (group_id, user_id, invited_at)
SELECT group_id, user_id, now() FROM members WHERE state = 1
ON CONFLICT (group_id, user_id) DO NOTHING;

-- The versions, by kantine.directory's parts. Search kept one version per person (profile and activation
-- alike) and one per group (settings and archiving alike; a merge was applied unguarded), so each is
-- recorded for every part it guarded: exactly what search refused before the upgrade, it refuses after.
-- A person's standing in a group is versioned on the group's aggregate, one part per person, and kept for
-- those who left, so a late join readmits nobody.
INSERT INTO aggregate_versions AS a (consumer, aggregate_id, part, version)
SELECT 'search', user_id, part.name, version
FROM people CROSS JOIN (VALUES ('profile'), ('active')) AS part(name) WHERE version > 0
UNION ALL
SELECT 'search', group_id, part.name, version
FROM groups CROSS JOIN (VALUES ('settings'), ('archived')) AS part(name) WHERE version > 0
UNION ALL
SELECT 'search', group_id, 'merged', version FROM groups WHERE merged_into IS NOT NULL AND version > 0
UNION ALL
SELECT 'search', group_id, 'member:' || user_id::text, version FROM members WHERE version > 0
ON CONFLICT (consumer, aggregate_id, part) DO UPDATE SET version = greatest(a.version, excluded.version);

-- Search's copies go: `people` keeps what a person is found by, `groups` what a group is found by (its
-- name, as its document has it, for the trigram index). Dropping display_name drops its trigram index
-- (people_name) with it: names are matched in directory_people now, by the same kind of index, which is
-- search's own (no other consumer of the directory searches names).
DROP TABLE members;
ALTER TABLE people
    DROP COLUMN display_name, DROP COLUMN department, DROP COLUMN locale, DROP COLUMN active,
    DROP COLUMN community_manager, DROP COLUMN version;
ALTER TABLE groups
    DROP COLUMN purpose, DROP COLUMN visibility, DROP COLUMN posting_policy, DROP COLUMN archived,
    DROP COLUMN merged_into, DROP COLUMN members, DROP COLUMN version;
CREATE INDEX directory_people_name ON directory_people USING gin (lower(display_name) gin_trgm_ops);
