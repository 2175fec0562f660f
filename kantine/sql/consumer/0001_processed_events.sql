-- Event ids a consumer has applied, written in the same transaction as the consumer's own changes,
-- so a redelivered event is recognised and changes nothing.
CREATE TABLE processed_events (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
