"""The gateway's pure rules: how HTTP maps onto the contracts, errors, limits, languages. No I/O."""
