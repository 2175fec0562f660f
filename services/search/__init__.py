"""The search service: multilingual, permission-aware search of posts, groups and people."""
