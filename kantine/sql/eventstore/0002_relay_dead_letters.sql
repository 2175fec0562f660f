-- Events JetStream refused for good (larger than the stream allows, say): the relay records each here
-- with the reason and moves on, so one bad event does not hold up every consumer behind it.
-- `kantine dlq relay list` shows them; `kantine dlq relay replay <store>` publishes them again once the
-- cause is fixed (the event itself stays in `events`, which is never changed).
CREATE TABLE relay_dead_letters (
    name        text        NOT NULL,
    position    bigint      NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    reason      text        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    replayed_at timestamptz,
    PRIMARY KEY (name, position)
);
