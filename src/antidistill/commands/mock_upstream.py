"""``antidistill mock-upstream``: an OpenAI-compatible fake model for tests and benchmarks."""

from __future__ import annotations

import click


@click.command("mock-upstream")
@click.option("--host", default="127.0.0.1", show_default=True, help="Bind address.")
@click.option("--port", type=int, default=8000, show_default=True, help="Port.")
@click.option("--latency", type=float, default=0.0, show_default=True, help="Seconds before the first token.")
@click.option("--token-rate", type=float, default=0.0, show_default=True, help="Tokens per second (0: no delay).")
@click.option("--tokens", type=int, default=16, show_default=True, help="Completion tokens per answer.")
@click.option("--reasoning", type=click.Choice(["none", "field", "think"]), default="field", show_default=True,
              help="Return reasoning as a reasoning_content field, a <think> block, or not at all.")
def mock_upstream(host: str, port: int, latency: float, token_rate: float, tokens: int, reasoning: str) -> None:
    """Serve a fake OpenAI-compatible model (unary and streaming; model 'error-503' fails, 'sleep-2' waits)."""
    import uvicorn

    from antidistill.gateway.mock_upstream import MockConfig, build_mock_app
    from antidistill.gateway.server import fast_options

    app = build_mock_app(MockConfig(latency_s=latency, tokens_per_s=token_rate, completion_tokens=tokens,
                                    reasoning=reasoning))
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, **fast_options())  # type: ignore[arg-type]
