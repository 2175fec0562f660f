"""Gamify: points, levels, badges and leaderboards, derived from the platform's events."""
