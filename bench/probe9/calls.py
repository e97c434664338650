"""One customer call as the client sent it, plus what the model will answer if it is served."""
from __future__ import annotations

from .population import SDKS, Account


class Call:
    __slots__ = (
        "acct",
        "asn",
        "attempt",
        "body",
        "content",
        "end_user",
        "finish",
        "harvest",
        "huge",
        "ip",
        "lp",
        "n",
        "reasoning",
        "retry_of",
        "seq",
        "stream",
        "t",
        "task",
        "tool_calls",
        "ucx",
    )

    def __init__(self, t: float, acct: Account, body: dict, content=None, reasoning=None, tool_calls=None,
                 finish: str = "stop", ucx: dict | None = None, end_user: str | None = None, task: str = "",
                 harvest: bool = False, huge: int = 0):
        self.t = t
        self.acct = acct
        self.body = body
        self.ucx = ucx
        self.content = content
        self.reasoning = reasoning
        self.tool_calls = tool_calls
        self.n = int(body.get("n") or 1)
        self.finish = finish
        self.end_user = end_user
        self.task = task
        self.harvest = harvest
        self.retry_of = None
        self.attempt = 0
        self.huge = huge  # extra request bytes that the body does not carry (oversized RAG contexts)
        self.stream = bool(body.get("stream"))
        self.lp = bool(body.get("logprobs"))
        self.ip = None
        self.seq = 0
        self.asn = None

    def clone(self, t: float) -> Call:
        c = Call(t, self.acct, self.body, self.content, self.reasoning, self.tool_calls, self.finish, self.ucx,
                 self.end_user, self.task, self.harvest, self.huge)
        c.retry_of = self
        c.attempt = self.attempt + 1
        c.ip = self.ip
        c.asn = self.asn
        return c


def make_body(acct: Account, model: str, messages: list, **params) -> dict:
    """The request body as this client's SDK would serialise it (key order differs between stacks)."""
    prof = SDKS[acct.sdk]
    p = {k: v for k, v in params.items() if v is not None}
    for k, v in prof["extra"].items():
        p.setdefault(k, v)
    order = prof["order"]
    if order == "messages_first":
        body = {"messages": messages, "model": model}
        body.update(p)
    elif order == "sorted":
        allp = dict(p, messages=messages, model=model)
        body = {k: allp[k] for k in sorted(allp)}
    else:
        body = {"model": model, "messages": messages}
        body.update(p)
    return body


def msg(role: str, content) -> dict:
    return {"role": role, "content": content}
