-- The gateway's event store holds only sampled presence (`Visited`, `FeedViewed`): nothing is rebuilt
-- from it, and keeping who was here when for longer than its consumers need is what Kantine promises
-- not to do. So, unlike every other service's store, its events may be deleted: the gateway prunes
-- those the relay has published once they are older than KANTINE_PRESENCE_RETENTION_DAYS.
DROP RULE events_no_delete ON events;
CREATE INDEX events_recorded_at ON events (recorded_at);
