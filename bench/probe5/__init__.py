"""Probe 5: held-out synthetic LLM-API edge-log generator with labelled distillation campaigns.

Entry points: ``python -m bench.probe5.generate --out DIR --seed N`` and
``python -m bench.probe5.check DIR``. See README.md for the log format.
"""
