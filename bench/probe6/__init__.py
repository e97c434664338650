"""Held-out probe 6: Gemini-style request-response logging exported from BigQuery (see README.md)."""
