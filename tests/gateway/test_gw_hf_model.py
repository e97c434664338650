"""The gateway in front of a real (tiny, randomly initialised) Hugging Face model served in-process."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from gw_stack import stack_with

from antidistill.gateway.eventlog import read_events
from antidistill.gateway.server import ServerThread

pytestmark = [pytest.mark.ml, pytest.mark.gateway]

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")


def tiny_model(texts: list[str]) -> tuple[Any, Any]:
    """A word-level tokenizer trained on ``texts`` and a 2-layer GPT-2 with seeded random weights."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(texts, trainers.WordLevelTrainer(vocab_size=400, special_tokens=["[UNK]", "[EOS]"]))
    hf_tok = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", eos_token="[EOS]")
    cfg = transformers.GPT2Config(vocab_size=len(hf_tok), n_positions=256, n_embd=32, n_layer=2, n_head=2)
    model = transformers.GPT2LMHeadModel(cfg).eval()
    gen = torch.Generator().manual_seed(1234)  # weights from a local generator, not the global RNG
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=gen) * 0.5)
    return hf_tok, model


def model_app(tok: Any, model: Any, think_tokens: int = 4) -> Any:
    """A minimal OpenAI-compatible server: greedy decoding, the first tokens wrapped as <think> reasoning."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response, StreamingResponse
    from starlette.routing import Route

    def generate(prompt: str, n: int) -> list[str]:
        ids = torch.tensor([tok.encode(prompt)[-200:] or [0]])
        out = []
        with torch.no_grad():
            for _ in range(n):
                nxt = model(ids).logits[0, -1].argmax()
                ids = torch.cat([ids, nxt.view(1, 1)], dim=1)
                out.append(tok.decode([int(nxt)]))
        return out

    def pieces(prompt: str, n: int) -> list[str]:
        words = generate(prompt, n)
        think, answer = words[:think_tokens], words[think_tokens:]
        return ["<think>", *(w + " " for w in think), "</think>", *(w + " " for w in answer)]

    async def chat(request: Request) -> Response:
        body = await request.json()
        prompt = body["messages"][-1]["content"]
        parts = pieces(prompt, int(body.get("max_tokens", 12)))
        if body.get("stream"):
            async def sse() -> AsyncIterator[bytes]:
                for p in parts:
                    chunk = {"choices": [{"index": 0, "delta": {"content": p}}]}
                    yield f"data: {json.dumps(chunk)}\n\n".encode()
                yield b"data: [DONE]\n\n"
            return StreamingResponse(sse(), media_type="text/event-stream")
        return JSONResponse({"id": "tiny", "object": "chat.completion", "model": "tiny-gpt2",
                             "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(parts)}}]})

    return Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])])


PROTECT = "version: 1\nrules:\n  - {name: p, when: {total_requests: {gte: 1}}, action: protect_reasoning}\n"


def test_real_model_behind_the_gateway(tmp_path: Path, shared_data: Path) -> None:
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()[:200]
    questions = [json.loads(line)["question"] for line in lines]
    tok, model = tiny_model(questions)
    with ServerThread(model_app(tok, model)) as upstream, \
            stack_with(tmp_path, policy=PROTECT, upstream=upstream.url) as s:
        key = s.key("acct-ml")
        body = {"model": "tiny-gpt2", "max_tokens": 10, "messages": [{"role": "user", "content": questions[0]}]}
        # generous timeouts: the tiny model generates on a CPU that CI may share with other jobs
        direct = httpx.post(f"{upstream.url}/v1/chat/completions", json=body,
                            timeout=120).json()["choices"][0]["message"]["content"]
        headers = {"authorization": f"Bearer {key}"}
        first = httpx.post(f"{s.url}/v1/chat/completions", json=body, headers=headers, timeout=120).json()
        assert first["choices"][0]["message"]["content"] == direct  # no history yet: served unchanged
        s.gateway.drain()
        second = httpx.post(f"{s.url}/v1/chat/completions", json=body, headers=headers, timeout=120).json()
        visible = direct.split("</think>", 1)[1]
        assert second["choices"][0]["message"]["content"] == visible  # greedy: same answer, reasoning stripped
        with httpx.stream("POST", f"{s.url}/v1/chat/completions", json={**body, "stream": True},
                          headers=headers, timeout=120) as r:
            streamed = "".join(json.loads(line[6:])["choices"][0]["delta"].get("content", "")
                               for line in r.iter_lines() if line.startswith("data: {"))
        assert streamed == visible
        s.gateway.events.flush()
        rows = list(read_events(s.gateway.config.events_dir))
    assert [r["decision"]["actions"] for r in rows] == [["allow"], ["protect_reasoning"], ["protect_reasoning"]]
    think = direct.split("</think>", 1)[0].removeprefix("<think>")
    assert all(r["reasoning_text"] == think and r["response_text"] == visible for r in rows)
