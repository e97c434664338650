"""Prometheus metrics, in a registry of their own per gateway (tests run several gateways in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class GatewayMetrics:
    """Requests, decisions by action, latency histograms, upstream errors, tracked accounts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("antidistill_requests", "Requests by endpoint and HTTP status.",
                                ["endpoint", "status"], registry=self.registry)
        self.decisions = Counter("antidistill_decisions", "Policy decisions by action and what was enforced.",
                                 ["action", "enforced"], registry=self.registry)
        self.end_user_decisions = Counter(
            "antidistill_end_user_decisions", "Decisions taken on a campaign verdict about the request's end user "
            "(not its account), by action and what was enforced.", ["action", "enforced"], registry=self.registry)
        self.latency = Histogram("antidistill_request_seconds", "Time from request to last byte, by endpoint.",
                                 ["endpoint"], buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.upstream_latency = Histogram("antidistill_upstream_seconds", "Time to upstream response headers.",
                                          ["endpoint"], buckets=_LATENCY_BUCKETS, registry=self.registry)
        self.upstream_errors = Counter("antidistill_upstream_errors", "Upstream failures by kind.",
                                       ["kind"], registry=self.registry)
        self.tracked_accounts = Gauge("antidistill_tracked_accounts", "Accounts with online state.",
                                      registry=self.registry)
        self.events_written = Gauge("antidistill_events_written", "Exchanges appended to the event log.",
                                    registry=self.registry)

    def render(self) -> bytes:
        """Text exposition format."""
        return generate_latest(self.registry)
