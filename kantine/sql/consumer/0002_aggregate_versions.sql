-- The newest aggregate version a consumer has applied for each part of an aggregate (a group's settings,
-- one person's standing in a group, a person's profile): a late event, older than that, changes nothing
-- (kantine.directory). Kept after a person leaves a group, so a late join cannot re-admit them.
CREATE TABLE aggregate_versions (
    consumer     text   NOT NULL,
    aggregate_id uuid   NOT NULL,
    part         text   NOT NULL,
    version      bigint NOT NULL,
    PRIMARY KEY (consumer, aggregate_id, part)
);
