"""Notify: each person's inbox and red bubble, live; the e-mail that matters; preferences on by default."""
