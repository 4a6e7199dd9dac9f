"""Reliability tests: writers killed mid-write, and many sessions and processes writing at once."""
