"""Sampling a closed suspect model through an OpenAI-compatible ``/v1/completions`` endpoint."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from antidistill.errors import InputError

log = logging.getLogger(__name__)


def sample_completions(endpoint: str, model: str, prompts: Sequence[str], *, max_tokens: int = 200,
                       temperature: float = 1.0, samples_per_prompt: int = 1, api_key: str | None = None,
                       timeout_s: float = 60.0) -> list[tuple[int, str]]:
    """(prompt index, completion text) for every sample. Needs httpx (the gateway extra)."""
    import httpx

    url = endpoint.rstrip("/") + ("/completions" if endpoint.rstrip("/").endswith("/v1") else "/v1/completions")
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    out: list[tuple[int, str]] = []
    with httpx.Client(timeout=timeout_s, headers=headers) as client:
        for i, prompt in enumerate(prompts):
            body = {"model": model, "prompt": prompt, "max_tokens": max_tokens, "temperature": temperature,
                    "n": samples_per_prompt}
            resp = client.post(url, json=body)
            if resp.status_code != 200:
                raise InputError(f"HTTP {resp.status_code}: {resp.text[:200]}", file=url, field=f"prompt {i}")
            choices = resp.json().get("choices")
            if not isinstance(choices, list):
                raise InputError("response has no 'choices' list", file=url, field=f"prompt {i}")
            out.extend((i, str(c.get("text", ""))) for c in choices)
    log.info("event=suspect_sampled url=%s prompts=%d samples=%d", url, len(prompts), len(out))
    return out
