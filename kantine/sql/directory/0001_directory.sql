-- Feed's directory as every consumer that mounts kantine.directory keeps it: people, groups, who is in
-- which group, who is invited and who asked to join. Written only by kantine.directory's handlers, each
-- guarded by the aggregate versions (aggregate_versions), so a late or replayed event undoes nothing
-- newer; a service keeps what only it needs (notify's e-mail addresses, search's documents) in its own
-- tables. E-mail addresses are not here on purpose: only the service that writes mail holds them.
CREATE TABLE directory_people (
    user_id           uuid PRIMARY KEY,
    display_name      text NOT NULL DEFAULT '',
    department        text NOT NULL DEFAULT '',
    country           text NOT NULL DEFAULT '',   -- ISO 3166 alpha-2, upper case
    locale            text NOT NULL DEFAULT '',
    leader            boolean NOT NULL DEFAULT false,
    community_manager boolean NOT NULL DEFAULT false,
    manager_id        uuid,
    active            boolean NOT NULL DEFAULT true,
    joined_at         timestamptz NOT NULL        -- when the person was provisioned
);

CREATE TABLE directory_groups (
    group_id       uuid PRIMARY KEY,
    name           text NOT NULL DEFAULT '',
    purpose        text NOT NULL DEFAULT '',
    visibility     smallint,  -- GroupVisibility: 1 public, 2 private, 3 secret; NULL until its settings
                              -- arrive (a membership or an archiving came first): closed meanwhile
    posting_policy smallint NOT NULL DEFAULT 1,  -- PostingPolicy: 2, only admins post (announcements)
    archived       boolean NOT NULL DEFAULT false,
    merged_into    uuid,
    created_by     uuid,
    created_at     timestamptz NOT NULL,
    members        integer NOT NULL DEFAULT 0
);

CREATE TABLE directory_members (
    group_id  uuid NOT NULL,
    user_id   uuid NOT NULL,
    role      smallint NOT NULL DEFAULT 1,  -- MemberRole: 1 member, 2 admin, 3 owner
    joined_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX directory_members_by_user ON directory_members (user_id);

-- Invited and not (yet) joined: an invitee may know a secret group, not read it.
CREATE TABLE directory_invitations (
    group_id   uuid NOT NULL,
    user_id    uuid NOT NULL,
    invited_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX directory_invitations_by_user ON directory_invitations (user_id);

CREATE TABLE directory_requests (
    group_id     uuid NOT NULL,
    user_id      uuid NOT NULL,
    requested_at timestamptz NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
