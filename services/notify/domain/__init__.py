"""Notify's rules, free of I/O: who is told about what and why, and what each person chose."""
