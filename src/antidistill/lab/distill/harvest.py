"""The distillation campaign's client: templated chain-of-thought elicitation from many API keys.

It speaks plain OpenAI HTTP (``POST {base}/v1/chat/completions`` with a bearer key), so the same
code harvests from the teacher directly or through the antidistill gateway. Refusals (HTTP 403,
429, ...) are counted per status and per key, and the index of the first refusal is kept: that is
"exchanges harvested before detection" once the gateway stands in front. Only loopback URLs are
accepted: the lab never talks to anything it did not start.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import numpy as np

from antidistill.errors import ConfigError
from antidistill.lab.distill.sequences import parse_answer, prompt_text
from antidistill.lab.distill.students import SEED_POOL, Exchange
from antidistill.lab.distill.task import ELICIT_INSTRUCTIONS, TaskFamily

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class CampaignConfig:
    """Size and shape of the campaign: ``n_exchanges`` prompts spread over ``n_keys`` keys."""

    n_exchanges: int
    n_keys: int = 24
    concurrency: int = 16
    seed: int = 0
    key_prefix: str = "sk-lab-attacker"


@dataclass(frozen=True)
class CampaignRequest:
    """One planned request: which key sends which message."""

    index: int
    key_id: str
    message: str
    answer: int | None = None  # the problem's true answer (to score the teacher on what it served)


@dataclass
class HarvestResult:
    """What the campaign collected and what was refused."""

    exchanges: list[Exchange]
    sent: int
    refused: Counter[int] = field(default_factory=Counter)  # HTTP status -> count
    refused_keys: set[str] = field(default_factory=set)
    first_refusal: int | None = None  # index of the first refused request (None: never refused)
    with_reasoning: int = 0
    correct: int | None = None  # served answers that are right (None: requests without true answers)

    def to_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "harvested": len(self.exchanges), "with_reasoning": self.with_reasoning,
                "correct": self.correct,
                "refused": {str(k): v for k, v in sorted(self.refused.items())},
                "refused_keys": len(self.refused_keys), "first_refusal": self.first_refusal}


def plan_campaign(task: TaskFamily, cfg: CampaignConfig) -> list[CampaignRequest]:
    """Attacker-split problems (after the seed pool) wrapped in elicitation templates, keys drawn at random."""
    rng = np.random.default_rng(cfg.seed)
    problems = task.take("attacker", cfg.n_exchanges, offset=SEED_POOL)
    keys = rng.integers(0, cfg.n_keys, size=len(problems))
    templates = rng.integers(0, len(ELICIT_INSTRUCTIONS), size=len(problems))
    return [CampaignRequest(index=i, key_id=f"{cfg.key_prefix}-{int(k):04d}",
                            message=prompt_text(p, ELICIT_INSTRUCTIONS[int(t)]), answer=p.answer)
            for i, (p, k, t) in enumerate(zip(problems, keys, templates, strict=True))]


def check_loopback(base_url: str) -> str:
    """``base_url`` without a trailing slash; anything but a loopback http URL is refused."""
    parsed = urlparse(base_url)
    if parsed.scheme != "http" or parsed.hostname not in LOOPBACK_HOSTS:
        raise ConfigError("base_url", "the lab only talks to loopback http servers it started", value=base_url)
    return base_url.rstrip("/")


Headers = Callable[[str], dict[str, str]]  # lab key id -> request headers (the gateway's key, client address)


def chat(base_url: str, key_id: str, message: str, *, model: str = "lab-teacher",
         extra: Mapping[str, Any] | None = None, timeout: float = 120.0,
         headers: Headers | None = None) -> tuple[int, dict[str, Any]]:
    """One chat completion; returns (HTTP status, JSON body or {}).

    Without ``headers`` the lab key id itself is the bearer token (the teacher server accepts any).
    """
    body = {"model": model, "messages": [{"role": "user", "content": message}], **(extra or {})}
    hdrs = headers(key_id) if headers else {"Authorization": f"Bearer {key_id}"}
    req = urllib.request.Request(f"{base_url}/v1/chat/completions", data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **hdrs})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        try:
            payload = json.loads(exc.read() or b"{}")
        except json.JSONDecodeError:
            payload = {}
        return exc.code, payload


def run_campaign(base_url: str, requests: Sequence[CampaignRequest], *, concurrency: int = 16,
                 extra: Mapping[str, Any] | None = None, headers: Headers | None = None,
                 checkpoint_every: int | None = None,
                 on_checkpoint: Callable[[int], None] | None = None) -> HarvestResult:
    """Send every request (``concurrency`` in flight) and keep the successful exchanges in request order.

    With ``checkpoint_every`` the campaign is sent in chunks of that many requests and
    ``on_checkpoint(requests_sent_so_far)`` runs between chunks (the lab's offline scan); the
    attacker waits meanwhile, so the scan's own run time is not counted against the defence.
    """
    base = check_loopback(base_url)
    step = checkpoint_every or max(len(requests), 1)
    replies: list[tuple[int, dict[str, Any]]] = []
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for start in range(0, len(requests), step):
            chunk = requests[start: start + step]
            replies += pool.map(lambda r: chat(base, r.key_id, r.message, extra=extra, headers=headers), chunk)
            if on_checkpoint is not None and start + step < len(requests):
                on_checkpoint(start + len(chunk))
    result = HarvestResult(exchanges=[], sent=len(requests))
    scored = all(r.answer is not None for r in requests)
    result.correct = 0 if scored else None
    for req, (status, body) in zip(requests, replies, strict=True):
        if status != 200:
            result.refused[status] += 1
            result.refused_keys.add(req.key_id)
            if result.first_refusal is None:
                result.first_refusal = req.index
            continue
        message = body["choices"][0]["message"]
        reasoning = message.get("reasoning_content") or ""
        result.with_reasoning += bool(reasoning)
        if result.correct is not None:
            result.correct += parse_answer(message.get("content") or "") == req.answer
        result.exchanges.append(Exchange(key_id=req.key_id, prompt=req.message, reasoning=reasoning,
                                         content=message.get("content") or ""))
    return result
