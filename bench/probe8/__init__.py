"""Probe 8: a held-out traffic generator writing Azure API Management diagnostic logs (GatewayLogs + GatewayLlmLogs)."""
