"""The Kantine SDK: the one way every Kantine service and extension stores, publishes and consumes events.

Start with `kantine.consumer` to write an event consumer (see docs/adding-an-event-consumer.md).
"""

from kantine import natsheaders

natsheaders.install()
