"""The local platform: NATS and PostgreSQL from pip-installed binaries, and the services as processes.

The same code starts the servers for `kantine up`, for the tests and for `make bench`, so what the
tests prove is what a developer runs.
"""
