"""An example event consumer: counts each person's posts. Copy this folder to write your own
(docs/adding-an-event-consumer.md walks through it)."""
