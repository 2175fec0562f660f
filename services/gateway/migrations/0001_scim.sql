-- Directory sync (SCIM 2.0): the people and groups the company's directory provisions, as its SCIM
-- client knows them. A person's profile lives in the feed; here is what SCIM needs besides: the
-- userName and externalId it finds people by, the representation it last sent (returned as sent for the
-- attributes Kantine has no use for), and the groups with their members, some of them linked to a
-- Kantine group whose membership then follows the directory.

CREATE TABLE scim_users (
    user_id       uuid PRIMARY KEY,                -- the SCIM id is the person's Kantine user id
    user_name     text        NOT NULL,
    user_name_key text        NOT NULL,            -- userName as SCIM compares it (NFC, lower case)
    external_id   text,                            -- the client's externalId, as sent
    emails        text[]      NOT NULL DEFAULT '{}',  -- lower case, for filters
    resource      jsonb       NOT NULL,            -- the User as last sent, without password, id and meta
    version       bigint      NOT NULL DEFAULT 1,
    created       timestamptz NOT NULL DEFAULT now(),
    modified      timestamptz NOT NULL DEFAULT now(),
    deleted       boolean     NOT NULL DEFAULT false  -- DELETE: deactivated in Kantine, gone for SCIM
);
CREATE UNIQUE INDEX scim_users_user_name ON scim_users (user_name_key) WHERE NOT deleted;
CREATE UNIQUE INDEX scim_users_external_id ON scim_users (external_id) WHERE NOT deleted AND external_id IS NOT NULL;
CREATE INDEX scim_users_emails ON scim_users USING gin (emails) WHERE NOT deleted;
CREATE INDEX scim_users_listing ON scim_users (created, user_id) WHERE NOT deleted;

CREATE TABLE scim_groups (
    group_id         uuid PRIMARY KEY,
    display_name     text        NOT NULL,
    display_key      text        NOT NULL,
    external_id      text,
    linked_group_id  uuid,                         -- the Kantine group whose members follow this group
    linked_by        uuid,                         -- the community manager who linked it
    version          bigint      NOT NULL DEFAULT 1,
    created          timestamptz NOT NULL DEFAULT now(),
    modified         timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scim_groups_display_name ON scim_groups (display_key);
CREATE UNIQUE INDEX scim_groups_external_id ON scim_groups (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX scim_groups_linked ON scim_groups (linked_group_id) WHERE linked_group_id IS NOT NULL;
CREATE INDEX scim_groups_listing ON scim_groups (created, group_id);

CREATE TABLE scim_group_members (
    group_id uuid NOT NULL REFERENCES scim_groups ON DELETE CASCADE,
    user_id  uuid NOT NULL REFERENCES scim_users,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX scim_group_members_user ON scim_group_members (user_id);
