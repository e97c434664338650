"""Probe 12: held-out traffic generator, a provider's Batch API archive (see README.md)."""
