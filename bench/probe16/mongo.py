"""mongoexport writer: MongoDB Extended JSON v2 as mongoexport prints it (compact, key order as stored)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from .world import US

_MINUTE: dict[int, str] = {}


def _iso_ms(t: int) -> str:
    s, us = divmod(t, US)
    m, sec = divmod(s, 60)
    pre = _MINUTE.get(m)
    if pre is None:
        pre = _MINUTE[m] = datetime.fromtimestamp(m * 60, UTC).strftime("%Y-%m-%dT%H:%M")
    return f"{pre}:{sec:02d}.{us // 1000:03d}Z"


def date(t: int, canonical: bool) -> dict:
    return {"$date": {"$numberLong": str(t // 1000)}} if canonical else {"$date": _iso_ms(t)}


def oid(h: str) -> dict:
    return {"$oid": h}


def int32(v: int, canonical: bool):
    return {"$numberInt": str(v)} if canonical else v


def int64(v: int, canonical: bool):
    return {"$numberLong": str(v)} if canonical else v


def dumps(doc: dict) -> str:
    # the Go driver writes raw UTF-8 and does not escape HTML characters; it escapes U+2028/U+2029
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029")


def user_doc(u: dict, canonical: bool = True) -> dict:
    return {"_id": oid(u["_id"]), "createdAt": date(u["createdAt"], canonical), "emailHash": u["emailHash"],
            "emailDomain": u["emailDomain"], "locale": u["locale"], "plan": u["plan"], "apiOrgId": u["apiOrgId"],
            "signup": u["signup"], "billing": u["billing"],
            "limits": {"dailyThinkingMessages": int32({"free": 10, "plus": 100, "pro": 1000}.get(u["plan"], 10),
                                                      canonical)},
            "stats": {"messageCount": int64(u["messages"], canonical)},
            "lastActiveAt": date(u["last"], canonical)}


def conversation_doc(c: dict, canonical: bool = False) -> dict:
    turns = []
    for t in c["turns"]:
        d = {"turnId": t["turnId"], "role": t["role"], "content": t["content"]}
        if t["role"] == "assistant":
            d["model"] = t["model"]
            if "reasoning" in t:
                d["reasoning"] = {"summary": t["reasoning"]["summary"],
                                  "durationMs": int32(t["reasoning"]["durationMs"], canonical)}
            u = t["usage"]
            d["usage"] = {"inputTokens": int32(u["inputTokens"], canonical),
                          "outputTokens": int32(u["outputTokens"], canonical),
                          "reasoningTokens": int32(u["reasoningTokens"], canonical)}
            d["feedback"] = t["feedback"]
        d["createdAt"] = date(t["createdAt"], canonical)
        turns.append(d)
    return {"_id": oid(c["_id"]), "userId": oid(c["userId"]), "title": c["title"],
            "createdAt": date(c["createdAt"], canonical), "updatedAt": date(c["updatedAt"], canonical),
            "model": c["model"], "client": c["client"], "settings": c["settings"], "turns": turns,
            "turnCount": int32(c["turnCount"], canonical), "shared": c["shared"], "archived": c["archived"]}


def write_array(path: Path, docs: list[dict]) -> None:
    """``mongoexport --jsonArray`` (no --pretty): ``[doc,doc,...]`` on one line, no trailing newline."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("[")
        for i, d in enumerate(docs):
            if i:
                fh.write(",")
            fh.write(dumps(d))
        fh.write("]")


def write_lines(path: Path, docs: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(dumps(d) + "\n")
