"""The search service's pure rules: no I/O."""
