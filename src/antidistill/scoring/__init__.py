"""Account scores calibrated on the benign bulk of the population, verdicts and their evidence."""

from antidistill.scoring.accounts import AccountScore, AccountScorer, Reason, Verdict

__all__ = ["AccountScore", "AccountScorer", "Reason", "Verdict"]
