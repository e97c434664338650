"""Actor base classes (benign personas and campaigns), their registry and request-building helpers."""
from __future__ import annotations

from typing import ClassVar

import numpy as np

from . import textgen as tg
from .corpus import Corpus, Prompt
from .render import Call
from .rng import ALNUM, pick, stream, token
from .world import RELEASE, T0, T_END, Client, Key, Org, hour_weights, new_org, region_of, sample_times

REGISTRY: dict[str, type[Actor]] = {}


def register(cls: type[Actor]) -> type[Actor]:
    """Class decorator: make an actor available to the generator under its ``name``."""
    if cls.name in REGISTRY:
        raise ValueError(f"duplicate actor name {cls.name!r}")
    REGISTRY[cls.name] = cls
    return cls


class Actor:
    """Something that owns organisations and emits calls. ``build()`` returns all its calls."""
    name: ClassVar[str] = ""
    kind: ClassVar[str] = "benign"  # "benign" | "campaign"
    summary: ClassVar[str] = ""

    def __init__(self, *, seed: int, corpus: Corpus) -> None:
        self.seed = seed
        self.corpus = corpus
        self.orgs: list[Org] = []

    def rng(self, *names: str) -> np.random.Generator:
        return stream(self.seed, self.kind, self.name, *names)

    @property
    def label(self) -> str:
        return f"benign:{self.name}" if self.kind == "benign" else self.name

    def build(self) -> list[Call]:
        raise NotImplementedError


# ---------------------------------------------------------------- request helpers
EFFORT_TOKENS = {"minimal": 60, "low": 350, "medium": 1300, "high": 4200}


def reasoning_tokens(rng: np.random.Generator, effort: str | None) -> int:
    return tg.reply_tokens(rng, EFFORT_TOKENS.get(effort or "medium", 1300), 0.7, 16, 60000)


def call_id(rng: np.random.Generator) -> str:
    return "call_" + token(rng, 24, ALNUM)


def chat_call(rng: np.random.Generator, t: float, org: Org, key: Key, ip: str, client: Client, model: str,
              messages: list[dict], text: str, out_tokens: int, *, stream_: bool = False, params: dict | None = None,
              tools: list[dict] | None = None, tool_calls: list | None = None, effort: str | None = None) -> Call:
    """A POST /v1/chat/completions call with body keys in the order SDKs send them."""
    body: dict = {"model": model, "messages": messages}
    if params:
        body.update(params)
    if effort:
        body["reasoning_effort"] = effort
    if tools:
        body["tools"] = tools
    if stream_:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return Call(t, org, key, ip, client, "/v1/chat/completions", body, text=text, out_tokens=out_tokens,
                reasoning_tokens=reasoning_tokens(rng, effort), tool_calls=tool_calls, region=region_of(org.tz))


def resp_call(rng: np.random.Generator, t: float, org: Org, key: Key, ip: str, client: Client, model: str,
              input_: str | list, text: str, out_tokens: int, *, instructions: str | None = None,
              prev: str | None = None, effort: str | None = None, summary_mode: str | None = None,
              store: bool | None = None, stream_: bool = False, tools: list[dict] | None = None,
              tool_calls: list | None = None, fmt: dict | None = None, include: list[str] | None = None,
              resp_id: str | None = None, ctx_tokens: int = 0, params: dict | None = None,
              prompt: Prompt | None = None) -> Call:
    """A POST /v1/responses call."""
    body: dict = {"model": model, "input": input_}
    if instructions:
        body["instructions"] = instructions
    if prev:
        body["previous_response_id"] = prev
    if effort or summary_mode:
        body["reasoning"] = {"effort": effort or "medium"}
        if summary_mode:
            body["reasoning"]["summary"] = summary_mode
    if tools:
        body["tools"] = tools
    if fmt:
        body["text"] = {"format": fmt}
    if include:
        body["include"] = include
    if store is not None:
        body["store"] = store
    if params:
        body.update(params)
    if stream_:
        body["stream"] = True
    r_tok = reasoning_tokens(rng, effort) if effort or summary_mode else int(rng.integers(200, 900))
    summ = tg.summary(rng, prompt, int(rng.integers(2, 6))) if (summary_mode and prompt) else None
    return Call(t, org, key, ip, client, "/v1/responses", body, text=text, out_tokens=out_tokens,
                reasoning_tokens=r_tok, summary=summ, tool_calls=tool_calls, resp_id=resp_id,
                ctx_tokens=ctx_tokens, region=region_of(org.tz))


def resp_id(rng: np.random.Generator) -> str:
    return "resp_" + token(rng, 48, "0123456789abcdef")


def adopts_new_model(rng: np.random.Generator, t: float, share: float, delay_h: float = 0.0) -> bool:
    """True when a call at ``t`` goes to the new model (after release + delay, with probability ``share``)."""
    return t >= RELEASE + delay_h * 3600.0 and rng.random() < share


FOLLOWUPS = ["Can you make that shorter?", "Thanks! Could you give me an example?", "Why is that?",
             "Can you explain the second point in more detail?", "Please rewrite it in a more formal tone.",
             "ok and what if I want to do it the other way around", "That didn't work, I get an error.",
             "Great. Now summarize this in three bullet points.", "Is there a simpler way?",
             "Could you translate that into Spanish?", "perfect, thanks"]


class Persona(Actor):
    """A benign customer type: many organisations with the same shape of traffic.

    Subclasses set the class attributes and implement ``setup`` (per-organisation state) and
    ``session`` (the calls of one session starting at ``t0``).
    """
    kind = "benign"
    n_accounts: ClassVar[int] = 10
    volume: ClassVar[tuple[float, float]] = (50.0, 0.8)  # lognormal median and sigma of requests per week
    profile: ClassVar[str] = "office"
    tzs: ClassVar[list[float]] = [-8, -5, 0, 1, 2, 5.5, 8, 9]
    turns: ClassVar[float] = 1.0  # mean calls per session
    tiers: ClassVar[list[int]] = [1, 2, 3]

    def setup(self, rng: np.random.Generator, org: Org) -> dict:
        raise NotImplementedError

    def session(self, rng: np.random.Generator, org: Org, st: dict, t0: float) -> list[Call]:
        raise NotImplementedError

    def build(self) -> list[Call]:
        calls: list[Call] = []
        for i in range(self.n_accounts):
            rng = self.rng(str(i))
            org = new_org(rng, pick(rng, self.tiers), self.label, None, n_users=int(rng.integers(1, 4)),
                          tz=float(pick(rng, self.tzs)))
            self.orgs.append(org)
            st = self.setup(rng, org)
            n = max(1.0, rng.lognormal(np.log(self.volume[0]), self.volume[1]))
            n_sess = max(1, int(round(n / self.turns)))
            lo, hi = st.get("lo", None), st.get("hi", None)
            w = hour_weights(st.get("profile", self.profile), org.tz)
            for t0 in sample_times(rng, n_sess, w, lo or T0, hi or T_END):
                calls.extend(c for c in self.session(rng, org, st, float(t0)) if c.t < T_END)
        return calls
