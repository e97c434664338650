"""Probe 17: two weeks of a provider's ClickHouse request log, exported with clickhouse-client (see README.md)."""
