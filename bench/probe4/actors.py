"""Helpers shared by personas and campaigns: names, clients, request bodies,
model choice, answers, worker pools and human pacing."""

from __future__ import annotations

import numpy as np

from . import textgen as tg
from .common import RELEASE, T0, T_END, b62, chance, pick, wchoice
from .kong import openai_node, openai_python, plain

_ADJ = ["blue", "north", "bright", "quiet", "rapid", "silver", "clear", "open", "lumen", "vector", "delta",
        "cobalt", "polar", "amber", "kite", "stone", "river", "maple", "cedar", "orbit", "nimbus", "pixel",
        "solar", "tidal", "prism", "alpine", "civic", "atlas", "ember", "harbor", "summit", "fable", "crisp",
        "lucid", "nova", "sage", "swift", "true", "vivid", "zen"]
_NOUN = ["labs", "works", "data", "ai", "analytics", "systems", "studio", "health", "learn", "legal", "fin",
         "ops", "cloud", "bits", "logic", "mind", "path", "forge", "grid", "loop", "stack", "hub", "wave",
         "signal", "craft", "scale", "desk", "flow", "tech", "apps"]
_FIRST = ["alex", "sam", "jordan", "maria", "wei", "li", "ana", "omar", "priya", "kenji", "lucas", "emma",
          "noah", "fatima", "ivan", "chloe", "mateo", "aisha", "yuki", "daniel", "sofia", "arjun", "mei",
          "tom", "lea", "ravi", "jin", "nora", "pablo", "zoe", "hugo", "amir", "ines", "leo", "sara", "kofi"]
_LAST = ["smith", "chen", "garcia", "kumar", "nguyen", "müller", "rossi", "kim", "silva", "ivanova", "tanaka",
         "okafor", "dubois", "khan", "lopez", "park", "novak", "haddad", "jensen", "costa", "wang", "ali"]


def org_name(rng) -> str:
    return f"{pick(rng, _ADJ)}{pick(rng, ['', '-', ''])}{pick(rng, _NOUN)}-{b62(rng, 4).lower()}"


def person_name(rng) -> str:
    style = int(rng.integers(3))
    f, l = pick(rng, _FIRST), pick(rng, _LAST)
    if style == 0:
        return f"{f}.{l}{int(rng.integers(1, 99))}"
    if style == 1:
        return f"{f[0]}{l}"
    return f"{f}-{l}-{b62(rng, 3).lower()}"


# ------------------------------------------------------------------ clients
_PY_VERS = ["1.35.13", "1.40.6", "1.51.2", "1.54.4", "1.57.0", "1.59.7", "1.61.1", "1.63.2"]
_NODE_VERS = ["4.52.7", "4.67.3", "4.73.0", "4.77.3", "4.85.1"]
_PYRT = ["3.10.12", "3.11.9", "3.11.10", "3.12.3", "3.12.7", "3.9.6"]


def random_client(rng, kinds=("py", "node", "requests", "curl", "httpx", "browser"), weights=None):
    k = kinds[wchoice(rng, weights if weights is not None else [1] * len(kinds))]
    if k == "py":
        os_ = pick(rng, ["Linux", "MacOS", "MacOS", "Windows", "Linux"])
        return openai_python(pick(rng, _PY_VERS), os_, "arm64" if os_ == "MacOS" and chance(rng, .7) else "x64",
                             pick(rng, _PYRT), async_=chance(rng, .2))
    if k == "node":
        return openai_node(pick(rng, _NODE_VERS), pick(rng, ["Linux", "MacOS", "Windows"]), "x64",
                           pick(rng, ["v18.20.4", "v20.18.0", "v20.11.1", "v22.11.0"]))
    if k == "requests":
        return plain(f"python-requests/{pick(rng, ['2.28.2', '2.31.0', '2.32.3'])}", compact=False)
    if k == "curl":
        return plain(f"curl/{pick(rng, ['7.81.0', '8.5.0', '8.7.1', '8.11.1'])}")
    if k == "httpx":
        return plain(f"python-httpx/{pick(rng, ['0.27.0', '0.27.2', '0.28.1'])}")
    if k == "aiohttp":
        return plain(f"Python/3.11 aiohttp/{pick(rng, ['3.9.5', '3.10.10', '3.11.11'])}", compact=False)
    if k == "go":
        return plain("Go-http-client/2.0")
    if k == "java":
        return plain(pick(rng, ["okhttp/4.12.0", "Java-http-client/17.0.9", "Apache-HttpClient/5.3 (Java/21.0.2)"]))
    if k == "browser":
        return plain(pick(rng, [
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/132.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.3 Safari/605.1.15"]))
    raise ValueError(k)


CONSOLE_ORIGIN = "https://console.aria-labs.ai"


def body(client, model, messages, **kw) -> dict:
    """Request body in the key order the client library produces."""
    kw = {k: v for k, v in kw.items() if v is not None}
    if client.extra.get("x-stainless-lang") == "python":
        d = {"messages": messages, "model": model}
        for k in sorted(kw):
            d[k] = kw[k]
        return d
    d = {"model": model, "messages": messages}
    d.update(kw)
    return d


# ------------------------------------------------------------------ models
def model_pick(rng, t, pre: dict, post: dict | None = None, delay_h: float = 0.0, ramp_h: float = 12.0) -> str:
    """Choose a model name; after RELEASE+delay the mix moves to `post` over `ramp_h` hours."""
    if post is None or t < RELEASE + delay_h * 3600:
        mix = pre
    else:
        f = min(1.0, (t - RELEASE - delay_h * 3600) / max(ramp_h * 3600, 1))
        keys = sorted(set(pre) | set(post))
        mix = {k: (1 - f) * pre.get(k, 0) + f * post.get(k, 0) for k in keys}
    keys = list(mix)
    return keys[wchoice(rng, [mix[k] for k in keys])]


def is_reasoning(model: str, t: float) -> bool:
    return model in ("aria-2-think", "aria-3") or (model == "aria-latest" and t >= RELEASE)


_EFFORT = {"low": 0.35, "medium": 1.0, "high": 2.3, None: 1.0}
_R_BASE = {"math": 450, "code": 900, "prose": 300, "creative": 250, "zh": 320, "hh": 140, "short": 100}


def answer(world, rng, kind: str, prompt: str, ref, model: str, t: float, effort=None, out_hint=None,
           lang=None):
    """(content, reasoning) for a prompt of the given kind."""
    P = world.pools
    if kind == "math":
        content = tg.math_answer(rng, ref, int(rng.integers(3))) if ref else tg.prose(rng, prompt, out_hint or 300)
    elif kind == "mgsm":
        content = tg.localized_math_answer(rng, lang, ref)
    elif kind == "code":
        n = out_hint or P.out_len(rng, "code", 150, 2500)
        content = tg.code_answer(rng, prompt, n, solution=ref)
    elif kind == "zh":
        content = ref if ref else tg.zh_prose(rng, out_hint or P.out_len(rng, "conv", 60, 900))
    elif kind == "hh":
        content = tg.refusal(rng, prompt) if chance(rng, 0.55) else tg.prose(rng, prompt, out_hint or 160, False)
    elif kind == "creative":
        content = tg.prose(rng, prompt, out_hint or int(rng.integers(300, 1400)), structured=False)
    elif kind == "ref" and ref and len(ref) > 40:
        content = ref
    else:
        content = tg.prose(rng, prompt, out_hint or P.out_len(rng, "conv", 20, 1800))
    rsn = None
    if is_reasoning(model, t):
        base = _R_BASE.get(kind if kind in _R_BASE else "prose", 450)
        n = int(base * _EFFORT.get(effort, 1.0) * rng.lognormal(0, 0.5))
        steps = tg.gsm_steps(ref)[0] if kind in ("math", "mgsm") and ref else None
        rsn = tg.reasoning(rng, prompt, max(40, n), steps)
    return content, rsn


def draw_prompt(world, rng, mix: dict):
    """(kind, prompt text, reference) from a mixture over the real prompt pools."""
    P = world.pools
    keys = list(mix)
    src = keys[wchoice(rng, [mix[k] for k in keys])]
    if src == "arena":
        return "prose", pick(rng, P.arena1), None
    if src == "arena_short":
        return "prose", pick(rng, P.arena_short), None
    if src == "arena_code":
        return "code", pick(rng, P.arena_code), None
    if src == "arena_math":
        return "prose", pick(rng, P.arena_math), None
    if src == "creative":
        return "creative", pick(rng, P.arena_creative), None
    if src == "selfinst":
        p, o = pick(rng, P.selfinst)
        return "ref", p, o
    if src == "gsm":
        q, a = pick(rng, P.gsm)
        return "math", q, a
    if src == "humaneval":
        tid, p, sol, ep = pick(rng, P.humaneval)
        return "code", "Complete this Python function:\n\n```python\n" + p + "```", p + sol
    if src == "belle":
        q, a, _ = pick(rng, P.belle)
        return "zh", q, a
    if src == "hh":
        return "hh", pick(rng, P.hh_first), None
    if src == "unnatural":
        return "prose", pick(rng, P.unnatural), None
    raise ValueError(src)


# ------------------------------------------------------------------ pacing
def think(rng, mean_s: float = 45.0) -> float:
    """Human reading/typing time between turns."""
    return float(mean_s * rng.lognormal(-0.3, 0.8))


def end_of(c, fallback_t: float) -> float:
    if c is None:
        return fallback_t + 1.0
    return c.ts + (c.llm_ms or 0) / 1000.0


class Workers:
    """A pool of N concurrent workers draining a queue (automation)."""

    def __init__(self, t_start: float, n: int, rng, gap: float = 0.05):
        self.free = [t_start + float(rng.random()) * 2 for _ in range(n)]
        self.gap = gap
        self.rng = rng

    def next_t(self) -> tuple:
        i = int(np.argmin(self.free))
        return i, self.free[i]

    def done(self, i: int, c, t: float, extra: float = 0.0):
        self.free[i] = end_of(c, t) + self.gap * (0.5 + float(self.rng.random())) + extra

    def now(self) -> float:
        return min(self.free)


def in_period(t: float) -> bool:
    return T0 <= t < T_END
