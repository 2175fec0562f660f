"""Code generated from proto/kantine/v1 by `make proto`. Do not edit."""
