"""Probe 16: two weeks of a provider's own request store (pg_dump of PostgreSQL, mongoexport of MongoDB)."""
