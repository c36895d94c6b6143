"""Benchmarks and load tests (run as scripts; the server helpers are shared with the tests)."""
