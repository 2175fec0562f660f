"""Examples to copy when extending Kantine."""
