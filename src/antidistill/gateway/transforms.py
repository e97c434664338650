"""Response transforms for ``protect_reasoning``, and extraction of text for the event log.

Reasoning reaches clients three ways: ``reasoning_content`` (DeepSeek, vLLM, many
OpenAI-compatible servers), ``reasoning`` (OpenRouter, newer vLLM) or ``reasoning_details``
fields, and ``<think>...</think>`` blocks inside the content. ``strip`` removes all of them;
``summary`` puts a short fixed text in their place (never the model's own words).
Streaming responses are rewritten chunk by chunk; :class:`ThinkStripper` handles tags split
across chunks.

The Responses API (``/v1/responses``) carries reasoning as ``reasoning`` output items (a summary, the
reasoning text of open models, and ``encrypted_content`` a client can send back): ``strip`` empties them,
``summary`` leaves the fixed text as their only summary; ``encrypted_content`` is always removed (it is
the reasoning, encrypted for the provider, and a harvest can be replayed into another session with it).
Streams drop the ``response.reasoning_*`` events and scrub reasoning items wherever an event carries one
(:class:`ResponsesStreamProtector`).

Per-token alternatives (``top_logprobs``) are the other internals a harvest trains on: with them every
answer is a sequence of the model's next-token distributions, the soft labels of logit distillation. In both
modes they are emptied (Chat Completions' ``logprobs.content[].top_logprobs``, the legacy Completions API's
``logprobs.top_logprobs``, Responses ``output_text`` parts' and deltas' ``logprobs[].top_logprobs``); each
chosen token and its own log-probability stay, so a client that reads confidence still gets it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from antidistill.ingest.fields import RowError
from antidistill.ingest.openai import response_fields
from antidistill.policy.model import ProtectConfig

REASONING_FIELDS = ("reasoning_content", "reasoning", "reasoning_details")
OPEN, CLOSE = "<think>", "</think>"
_THINK_RE = re.compile(r"<think>(.*?)(?:</think>|$)", re.DOTALL)


def split_think(text: str) -> tuple[str, str]:
    """(text without think blocks, the blocks' contents joined). An unclosed block runs to the end."""
    inner = [m.group(1) for m in _THINK_RE.finditer(text)]
    return _THINK_RE.sub("", text), "\n".join(inner)


class ThinkStripper:
    """Removes ``<think>`` blocks from a stream of text pieces, holding back partial tags."""

    def __init__(self, *, replacement: str = "") -> None:
        self.replacement = replacement
        self.inside = False
        self._pending = ""

    def feed(self, piece: str) -> str:
        """Text to emit for ``piece`` (possibly empty)."""
        s = self._pending + piece
        self._pending = ""
        out: list[str] = []
        while s:
            tag = CLOSE if self.inside else OPEN
            i = s.find(tag)
            if i >= 0:
                if not self.inside:
                    out.append(s[:i])
                    if self.replacement:
                        out.append(f"{OPEN}{self.replacement}{CLOSE}")
                self.inside = not self.inside
                s = s[i + len(tag):]
                continue
            keep = _partial_suffix(s, tag)
            if not self.inside:
                out.append(s[: len(s) - keep])
            self._pending = s[len(s) - keep:] if keep else ""
            break
        return "".join(out)

    def finish(self) -> str:
        """Whatever was held back and turned out not to be a tag."""
        rest, self._pending = ("" if self.inside else self._pending), ""
        return rest


def _partial_suffix(s: str, tag: str) -> int:
    """Length of the longest suffix of ``s`` that is a proper prefix of ``tag``."""
    for k in range(min(len(tag) - 1, len(s)), 0, -1):
        if s.endswith(tag[:k]):
            return k
    return 0


def summary_of(config: ProtectConfig) -> str:
    """The fixed text put in place of reasoning (empty in ``strip`` mode)."""
    return config.summary_text if config.mode == "summary" else ""


def without_think(text: str, summary: str) -> str:
    """``text`` without its ``<think>`` blocks; with a ``summary``, one block holding it leads instead."""
    if OPEN not in text:
        return text
    visible, _ = split_think(text)
    return (f"{OPEN}{summary}{CLOSE}" if summary else "") + visible


def without_alternatives(logprobs: Any) -> None:
    """Empty the per-token alternatives of a ``logprobs`` object or list in place; each chosen token and its own
    log-probability stay."""
    if isinstance(logprobs, list):  # Responses API: a part's or a delta's list of tokens
        for entry in logprobs:
            if isinstance(entry, dict) and "top_logprobs" in entry:
                entry["top_logprobs"] = []
        return
    if not isinstance(logprobs, dict):
        return
    for name in ("content", "refusal"):  # Chat Completions
        without_alternatives(logprobs.get(name))
    if isinstance(logprobs.get("top_logprobs"), list):  # legacy Completions: one {token: logprob} per position
        logprobs["top_logprobs"] = [{} for _ in logprobs["top_logprobs"]]


def protect_message(message: dict[str, Any], config: ProtectConfig) -> None:
    """Rewrite one chat message (or stream delta) in place."""
    summary = summary_of(config)
    had = False
    for name in REASONING_FIELDS:
        if name in message:
            had = had or bool(message[name])
            del message[name]
    if had and summary:
        message["reasoning_content"] = summary
    if isinstance(message.get("content"), str):
        message["content"] = without_think(message["content"], summary)


def protect_response(body: dict[str, Any], config: ProtectConfig) -> None:
    """Rewrite a non-streaming chat or text completion in place."""
    for choice in body.get("choices") or []:
        if isinstance(choice.get("message"), dict):
            protect_message(choice["message"], config)
        if isinstance(choice.get("text"), str):
            choice["text"] = without_think(choice["text"], "")
        without_alternatives(choice.get("logprobs"))


def protect_reasoning_item(item: dict[str, Any], config: ProtectConfig) -> None:
    """Rewrite one Responses API ``reasoning`` output item in place."""
    summary = summary_of(config)
    item.pop("encrypted_content", None)
    item["content"] = []
    item["summary"] = [{"type": "summary_text", "text": summary}] if summary else []


def _protect_output_part(part: dict[str, Any], config: ProtectConfig) -> None:
    if part.get("type") == "output_text" and isinstance(part.get("text"), str):
        part["text"] = without_think(part["text"], summary_of(config))
    without_alternatives(part.get("logprobs"))


def protect_output_item(item: dict[str, Any], config: ProtectConfig) -> None:
    """Rewrite one Responses API output item in place: a reasoning item, or ``<think>`` in a message's text."""
    if item.get("type") == "reasoning":
        protect_reasoning_item(item, config)
    elif item.get("type") == "message":
        for part in item.get("content") or []:
            if isinstance(part, dict):
                _protect_output_part(part, config)


def protect_responses_body(body: dict[str, Any], config: ProtectConfig) -> None:
    """Rewrite a Responses API response object in place."""
    for item in body.get("output") or []:
        if isinstance(item, dict):
            protect_output_item(item, config)


@dataclass
class ResponsesStreamProtector:
    """Rewrites the typed events of a Responses API stream: :meth:`event` gives the events to forward for one."""

    config: ProtectConfig
    _strippers: dict[tuple[int, int], ThinkStripper] = field(default_factory=dict)

    def event(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """The events to send for ``body`` (rewritten in place): none for reasoning events; before an
        ``output_text.done``, a last delta with text held back as a possible ``<think>`` start."""
        kind = str(body.get("type") or "")
        if kind.startswith("response.reasoning"):  # summary parts, summary text, reasoning text: never sent
            return []
        if isinstance(body.get("item"), dict):  # output_item.added / output_item.done
            protect_output_item(body["item"], self.config)
        if isinstance(body.get("part"), dict):  # content_part.added / content_part.done
            _protect_output_part(body["part"], self.config)
        if isinstance(body.get("response"), dict):  # created / in_progress / completed / incomplete / failed
            protect_responses_body(body["response"], self.config)
        if kind not in ("response.output_text.delta", "response.output_text.done"):
            return [body]
        without_alternatives(body.get("logprobs"))
        key = (int(body.get("output_index") or 0), int(body.get("content_index") or 0))
        summary = summary_of(self.config)
        stripper = self._strippers.setdefault(key, ThinkStripper(replacement=summary))
        if kind.endswith(".delta"):
            if isinstance(body.get("delta"), str):
                body["delta"] = stripper.feed(body["delta"])
            return [body]
        if isinstance(body.get("text"), str):
            body["text"] = without_think(body["text"], summary)
        rest = stripper.finish()
        if not rest:
            return [body]
        tail = {"type": "response.output_text.delta", "item_id": body.get("item_id"),
                "output_index": key[0], "content_index": key[1], "delta": rest}
        return [tail, body]


@dataclass
class StreamProtector:
    """Rewrites successive streaming chunks; one :class:`ThinkStripper` per choice index."""

    config: ProtectConfig
    _strippers: dict[int, ThinkStripper] = field(default_factory=dict)
    _summarised: set[int] = field(default_factory=set)
    _keys: dict[int, str] = field(default_factory=dict)

    def chunk(self, body: dict[str, Any]) -> None:
        """Rewrite one parsed ``data:`` chunk in place."""
        summary = summary_of(self.config)
        for choice in body.get("choices") or []:
            idx = int(choice.get("index", 0))
            stripper = self._strippers.setdefault(idx, ThinkStripper(replacement=summary))
            target = choice.get("delta") if isinstance(choice.get("delta"), dict) else choice
            had = False
            for name in REASONING_FIELDS:
                if name in target:
                    had = had or bool(target[name])
                    del target[name]
            if had and summary and idx not in self._summarised:
                target["reasoning_content"] = summary  # once per choice, not once per token
                self._summarised.add(idx)
            without_alternatives(choice.get("logprobs"))
            key = "content" if target is not choice else "text"
            self._keys[idx] = key
            if isinstance(target.get(key), str):
                target[key] = stripper.feed(target[key])

    def finish(self) -> dict[str, Any] | None:
        """A last chunk carrying text held back as a possible tag start, or None when there is none."""
        choices = []
        for idx, stripper in sorted(self._strippers.items()):
            rest = stripper.finish()
            if rest:
                key = self._keys.get(idx, "content")
                choices.append({"index": idx, "delta": {key: rest}} if key == "content" else {"index": idx, key: rest})
        return {"choices": choices} if choices else None


@dataclass
class Accumulator:
    """Collects what the upstream produced (text, reasoning, usage) for the event log.

    Stream chunks can be added raw (``add_raw``) and are parsed together when the texts are
    read: one ``json.loads`` of a list instead of one per chunk, off the per-chunk path.
    """

    content: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    _usage: dict[str, Any] | None = None
    _raw: list[bytes] = field(default_factory=list)

    def add_message(self, message: dict[str, Any]) -> None:
        """One message or delta (chat) or choice (text completion)."""
        for name in ("reasoning_content", "reasoning"):
            value = message.get(name)
            if isinstance(value, str):
                self.reasoning.append(value)
        for name in ("content", "text"):
            value = message.get(name)
            if isinstance(value, str):
                self.content.append(value)

    def add_body(self, body: dict[str, Any]) -> None:
        """A whole response or one parsed stream chunk."""
        for choice in body.get("choices") or []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue  # the log keeps the first choice, like the Exchange record
            msg = choice.get("message") or choice.get("delta")
            self.add_message(msg if isinstance(msg, dict) else choice)
        if isinstance(body.get("usage"), dict):
            self._usage = body["usage"]

    def add_response_object(self, body: dict[str, Any]) -> None:
        """A whole Responses API response object (unary, or a stream's final event): its answer, reasoning
        and usage in the chat-completions names the event log is built from."""
        try:
            fields = response_fields(body, "response")
        except RowError:
            return  # an output the reader cannot parse: the exchange is logged without its text
        if fields.get("response_text"):
            self.content.append(fields["response_text"])
        if fields.get("reasoning_text"):
            self.reasoning.append(fields["reasoning_text"])
        self._usage = {"prompt_tokens": fields.get("prompt_tokens"),
                       "completion_tokens": fields.get("completion_tokens"),
                       "completion_tokens_details": {"reasoning_tokens": fields.get("reasoning_tokens")}}

    def add_raw(self, data: bytes) -> None:
        """One stream chunk's JSON, unparsed (parsed later by :meth:`_drain`)."""
        self._raw.append(data)

    def _drain(self) -> None:
        if not self._raw:
            return
        raw, self._raw = self._raw, []
        try:
            bodies = json.loads(b"[" + b",".join(raw) + b"]")
        except (json.JSONDecodeError, UnicodeDecodeError):  # one bad chunk: parse one by one, skip it
            bodies = []
            for item in raw:
                try:
                    bodies.append(json.loads(item))
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
        for body in bodies:
            if isinstance(body, dict):
                self.add_body(body)

    @property
    def usage(self) -> dict[str, Any] | None:
        """The last ``usage`` object seen, if any."""
        self._drain()
        return self._usage

    def texts(self) -> tuple[str, str | None]:
        """(response text, reasoning text or None), think blocks moved into the reasoning."""
        self._drain()
        visible, inner = split_think("".join(self.content))
        reasoning = "".join(self.reasoning)
        if inner:
            reasoning = f"{reasoning}\n{inner}" if reasoning else inner
        return visible, reasoning or None
