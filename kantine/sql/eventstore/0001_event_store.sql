-- The append-only event store of a source-of-truth service.
-- position: global order for consumers and the relay; (stream_id, stream_version): optimistic concurrency.
CREATE TABLE events (
    position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id       text        NOT NULL,
    stream_version  int         NOT NULL CHECK (stream_version > 0),
    event_id        uuid        NOT NULL UNIQUE,
    event_type      text        NOT NULL,
    data            bytea       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (stream_id, stream_version)
);

-- How far the relay has published to JetStream.
CREATE TABLE relay_cursor (
    name      text PRIMARY KEY,
    position  bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE RULE events_no_update AS ON UPDATE TO events DO INSTEAD NOTHING;
CREATE RULE events_no_delete AS ON DELETE TO events DO INSTEAD NOTHING;
