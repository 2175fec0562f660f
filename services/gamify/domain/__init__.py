"""Gamify's pure rules: no I/O, unit-tested fast."""
