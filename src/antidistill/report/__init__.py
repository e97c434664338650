"""Scan outputs: ``accounts.csv``, ``summary.json`` and a self-contained ``report.html``."""

from antidistill.report.tables import write_accounts_csv, write_summary

__all__ = ["write_accounts_csv", "write_summary"]
