"""The feed service: the event-sourced source of truth for people, groups, posts and reactions."""
