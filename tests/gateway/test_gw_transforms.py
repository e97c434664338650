"""protect_reasoning rewrites, including <think> tags split at every possible point of a stream."""

from __future__ import annotations

import copy

import pytest

from antidistill.gateway.transforms import Accumulator, StreamProtector, ThinkStripper, protect_response, split_think
from antidistill.policy import ProtectConfig

STRIP = ProtectConfig()
SUMMARY = ProtectConfig(mode="summary", summary_text="[withheld]")
TEXT = "Intro. <think>secret chain of thought</think>The answer is 42. <think>more</think>Done <thin"


def test_split_think() -> None:
    assert split_think("a<think>b</think>c") == ("ac", "b")
    assert split_think("a<think>unclosed") == ("a", "unclosed")
    assert split_think("plain") == ("plain", "")


@pytest.mark.parametrize("cut", range(1, len(TEXT)))
def test_stripper_handles_every_split_point(cut: int) -> None:
    s = ThinkStripper()
    out = s.feed(TEXT[:cut]) + s.feed(TEXT[cut:]) + s.finish()
    assert out == "Intro. The answer is 42. Done <thin"


def test_stripper_char_by_char_with_summary() -> None:
    s = ThinkStripper(replacement="[withheld]")
    out = "".join(s.feed(c) for c in TEXT) + s.finish()
    assert out == "Intro. <think>[withheld]</think>The answer is 42. <think>[withheld]</think>Done <thin"
    assert "secret" not in out


def chat_body(message: dict[str, object]) -> dict[str, object]:
    return {"choices": [{"index": 0, "message": message}], "usage": {"completion_tokens": 9}}


def test_protect_response_strips_fields_and_blocks() -> None:
    body = chat_body({"role": "assistant", "content": "<think>plan</think>Hi", "reasoning_content": "why",
                      "reasoning": "why2"})
    protect_response(body, STRIP)
    assert body["choices"][0]["message"] == {"role": "assistant", "content": "Hi"}  # type: ignore[index]
    body = chat_body({"role": "assistant", "content": "Hi", "reasoning_content": "why"})
    protect_response(body, SUMMARY)
    assert body["choices"][0]["message"]["reasoning_content"] == "[withheld]"  # type: ignore[index]
    text = {"choices": [{"index": 0, "text": "<think>x</think>y"}]}
    protect_response(text, STRIP)
    assert text["choices"][0]["text"] == "y"


def test_stream_protector_and_accumulator() -> None:
    chunks = [{"choices": [{"index": 0, "delta": {"reasoning_content": "step "}}]},
              {"choices": [{"index": 0, "delta": {"reasoning_content": "two"}}]},
              {"choices": [{"index": 0, "delta": {"content": "<thi"}}]},
              {"choices": [{"index": 0, "delta": {"content": "nk>hidden</think>Ans"}}]},
              {"choices": [{"index": 0, "delta": {"content": "wer"}}]},
              {"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 5}}]
    acc = Accumulator()
    for c in chunks:
        acc.add_body(c)
    assert acc.texts() == ("Answer", "step two\nhidden")
    assert acc.usage == {"prompt_tokens": 3, "completion_tokens": 5}
    sp = StreamProtector(SUMMARY)
    out = copy.deepcopy(chunks)
    for c in out:
        sp.chunk(c)
    deltas = [c["choices"][0]["delta"] for c in out if c["choices"]]  # type: ignore[index]
    assert deltas[0] == {"reasoning_content": "[withheld]"} and deltas[1] == {}
    assert "".join(d.get("content", "") for d in deltas) == "<think>[withheld]</think>Answer"  # type: ignore[union-attr]


def test_stream_protector_releases_a_held_back_tail() -> None:
    sp = StreamProtector(STRIP)
    chunk = {"choices": [{"index": 0, "delta": {"content": "less than <thi"}}]}
    sp.chunk(chunk)
    assert chunk["choices"][0]["delta"]["content"] == "less than "  # type: ignore[index]
    assert sp.finish() == {"choices": [{"index": 0, "delta": {"content": "<thi"}}]}
    assert StreamProtector(STRIP).finish() is None


def test_accumulator_parses_raw_chunks_late_and_skips_a_bad_one() -> None:
    acc = Accumulator()
    for raw in (b'{"choices":[{"index":0,"delta":{"content":"Hel"}}]}', b"{broken",
                b'{"choices":[{"index":0,"delta":{"content":"lo"}}],"usage":{"completion_tokens":2}}'):
        acc.add_raw(raw)
    assert acc.texts() == ("Hello", None)
    assert acc.usage == {"completion_tokens": 2}


def _alternatives(token: str) -> list[dict[str, object]]:
    return [{"token": token, "logprob": -0.1, "bytes": None}, {"token": token + "s", "logprob": -2.3, "bytes": None}]


def test_protect_reasoning_empties_per_token_alternatives_and_keeps_each_chosen_tokens_own() -> None:
    """Chat Completions, the legacy Completions API and a Responses API part: the alternatives go, in both modes;
    each chosen token and its log-probability stay."""
    from antidistill.gateway.transforms import protect_responses_body

    chat = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "Paris is the capital"},
                         "logprobs": {"content": [{"token": t, "logprob": -0.1, "bytes": None,
                                                   "top_logprobs": _alternatives(t)} for t in ("Paris", " is")],
                                      "refusal": None}}]}
    legacy = {"choices": [{"index": 0, "text": "Paris", "logprobs": {
        "tokens": ["Par", "is"], "token_logprobs": [-0.1, -0.2], "top_logprobs": [{"Par": -0.1, "Lon": -3.0},
                                                                                  {"is": -0.2, "don": -4.0}],
        "text_offset": [0, 3]}}]}
    responses = {"output": [{"type": "message", "content": [{"type": "output_text", "text": "Paris", "logprobs": [
        {"token": "Paris", "logprob": -0.1, "top_logprobs": _alternatives("Paris")}]}]}]}
    for config in (STRIP, SUMMARY):
        c, leg, r = copy.deepcopy(chat), copy.deepcopy(legacy), copy.deepcopy(responses)
        protect_response(c, config)
        protect_response(leg, config)
        protect_responses_body(r, config)
        tokens = c["choices"][0]["logprobs"]["content"]
        kept = [(t["token"], t["logprob"], t["top_logprobs"]) for t in tokens]
        assert kept == [("Paris", -0.1, []), (" is", -0.1, [])]
        lp = leg["choices"][0]["logprobs"]
        assert lp["top_logprobs"] == [{}, {}] and lp["token_logprobs"] == [-0.1, -0.2] and lp["tokens"] == ["Par", "is"]
        part = r["output"][0]["content"][0]["logprobs"][0]
        assert part["top_logprobs"] == [] and part["logprob"] == -0.1


def test_stream_chunks_lose_their_alternatives() -> None:
    p = StreamProtector(STRIP)
    chunk = {"choices": [{"index": 0, "delta": {"content": "Paris"},
                          "logprobs": {"content": [{"token": "Paris", "logprob": -0.1,
                                                    "top_logprobs": _alternatives("Paris")}]}}]}
    p.chunk(chunk)
    assert chunk["choices"][0]["logprobs"]["content"][0]["top_logprobs"] == []
    assert chunk["choices"][0]["logprobs"]["content"][0]["logprob"] == -0.1
