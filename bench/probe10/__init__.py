"""Held-out test traffic: one week of a model provider's API calls as Helicone request exports.

Run ``python -m bench.probe10.generate --out DIR --seed S``; see README.md for the format,
the populations and the ground-truth files.
"""
