"""Held-out probe 11: one week of an LLM provider's traffic as a Langfuse blob-storage export.

Run ``python -m bench.probe11.generate --out DIR --seed S``; see README.md.
"""
