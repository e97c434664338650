"""probe9: a held-out synthetic week of LLM API traffic, exported as Databricks
Model Serving / AI Gateway inference tables (Delta folders).

Run ``python -m bench.probe9.generate --out DIR --seed N [--scale F]`` and
``python -m bench.probe9.check DIR``. See README.md in this folder.
"""
