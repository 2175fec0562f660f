-- Who the directory has deactivated, as the gateway's durable consumer learnt it (and forgot it again on
-- reactivation). No session starts for them and no open one is used again, on any replica, even one that
-- was away from the bus when it happened or a sign-in that raced the deactivation.
CREATE TABLE deactivated_people (
    user_id uuid        PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now()
);
