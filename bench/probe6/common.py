"""Helpers shared by personas and campaigns."""

from __future__ import annotations

import random

from . import corpus
from .gemini import Outcome
from .infra import RELEASE, Identity, billing_account, created_date, ip_in, key_uid, project_id, project_number


def make_ident(rng: random.Random, *, tier: str = "tier_1", auth: str = "API_KEY", ipkind: str | None = "office",
               n_ips: int = 1, ua: tuple[str, str] = ("", ""), regions: list[str] | None = None,
               express: bool = False, created: tuple[int, int] = (60, 1200), stem: str | None = None,
               billing: str | None = None, sa: str = "genai-app", ips: list[str] | None = None) -> Identity:
    pid = project_id(rng, stem)
    principal = None
    if auth == "SERVICE_ACCOUNT":
        principal = f"{sa}@{pid}.iam.gserviceaccount.com"
    elif auth == "USER":
        principal = f"{rng.choice(['alex', 'sam', 'j.chen', 'm.rossi', 'priya', 'k.tanaka', 'lena', 'omar'])}" \
                    f"{rng.randint(1, 99)}@{rng.choice(['gmail.com', pid.split('-')[0] + '.io', 'uni-example.edu'])}"
    if ips is None:
        ips = [ip_in(rng, ipkind) for _ in range(n_ips)] if ipkind else []
    return Identity(project_number=project_number(rng), project_id=pid, billing_account=billing or billing_account(rng),
                    tier=tier, auth=auth, key_uid=key_uid(rng) if auth == "API_KEY" else None, principal=principal,
                    ips=ips, ua=ua, regions=regions or ["us-central1"], express=express,
                    created=created_date(rng, *created))


def pro(ts: float, adopt_at: float | None) -> str:
    return "gemini-x-pro-002" if adopt_at is not None and ts >= adopt_at >= RELEASE else "gemini-x-pro-001"


def adopt_time(rng: random.Random, p: float, lag_h: tuple[float, float]) -> float | None:
    return RELEASE + rng.uniform(*lag_h) * 3600 if rng.random() < p else None


def ok(text: str, *, prompt: str = "", think: bool = True, rng: random.Random | None = None, k: int | None = None,
       ttok: int | None = None, finish: str = "STOP") -> Outcome:
    thoughts = corpus.thought_summaries(rng, prompt or text, k) if (think and rng) else []
    if ttok is None:
        ttok = (rng.randint(150, 2500) if rng else 600) if think else 0
    return Outcome(texts=[text], thoughts=thoughts, thoughts_tokens=ttok, finish=finish)


def clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"
