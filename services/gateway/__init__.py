"""The gateway: Kantine's public edge (HTTP API, sign-in, directory sync, live updates, web page)."""
