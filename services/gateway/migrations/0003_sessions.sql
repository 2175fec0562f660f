-- Sessions of the web page, held here so that they can end: logout, "sign out everywhere" and a
-- deactivation end them on the server, whichever replica the browser reaches next. The cookie carries a
-- random token; only its SHA-256 is kept, so a copy of this table signs nobody in.
CREATE TABLE sessions (
    id         bytea       PRIMARY KEY,            -- sha256 of the cookie's token
    user_id    uuid        NOT NULL,
    csrf       text        NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    seen_at    timestamptz NOT NULL DEFAULT now(),  -- last use, to the minute: the idle lifetime counts from it
    expires_at timestamptz NOT NULL,                -- the absolute lifetime, however busy the session is
    ended_at   timestamptz,
    ended_why  text                                 -- logout, everywhere, deactivated
);
CREATE INDEX sessions_open_by_user ON sessions (user_id) WHERE ended_at IS NULL;
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Rate limits that must hold across replicas (sign-in, SCIM, unsubscribe, import): one token bucket a
-- key, refilled and taken in one statement (`store.take_token`).
CREATE TABLE rate_buckets (
    key     text             PRIMARY KEY,
    tokens  double precision NOT NULL,
    at      timestamptz      NOT NULL,
    granted boolean          NOT NULL
);
