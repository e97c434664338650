"""Prompt/answer items drawn from the real datasets, plus request-body helpers."""
from __future__ import annotations

from . import text as T
from .text import corpus, pick

LANG_ANS = {"bn": "উত্তর", "de": "Die Antwort lautet", "en": "The answer is", "es": "La respuesta es", "fr": "La réponse est",
            "ja": "答えは", "ru": "Ответ:", "sw": "Jibu ni", "te": "సమాధానం", "th": "คำตอบคือ", "zh": "答案是"}


class Item:
    __slots__ = ("prompt", "answer", "kind", "src", "_think", "lang", "ref")

    def __init__(self, prompt, answer, kind, src, think, lang="en", ref=None):
        self.prompt, self.answer, self.kind, self.src, self._think, self.lang, self.ref = prompt, answer, kind, src, think, lang, ref

    def thinking(self, rng):
        return self._think(rng)


def draw(rng, src, idx=None) -> Item:
    c = corpus()
    if src == "gsm":
        r = c["gsm"][idx if idx is not None else int(rng.integers(0, len(c["gsm"])))]
        style = "numbered" if rng.random() < 0.5 else "plain"
        return Item(r["q"], T.math_answer(rng, r["steps"], r["final"], style), "math", src,
                    lambda g, r=r: T.math_thinking(g, r["q"], r["steps"], r["final"]), ref=r)
    if src.startswith("mgsm"):
        lang = src.split(":")[1] if ":" in src else pick(rng, ["de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "th", "te"])
        rows = c["mgsm"][lang]
        i = idx if idx is not None else int(rng.integers(0, len(rows)))
        r = rows[i]
        en = c["gsm"][i] if i < len(c["gsm"]) else None  # mgsm rows are the first 250 gsm8k test items
        steps = c["gsm"][i]["steps"] if en else ""
        ans = f"{steps}\n\n{LANG_ANS[lang]} {r['final']}." if steps else f"{LANG_ANS[lang]} {r['final']}."
        return Item(r["q"], ans, "math", "mgsm", lambda g, r=r, s=steps: T.math_thinking(g, r["q"], s, r["final"]), lang=lang, ref=r)
    if src == "code":
        r = c["humaneval"][idx if idx is not None else int(rng.integers(0, len(c["humaneval"])))]
        lead = pick(rng, ["Complete the following Python function.", "Implement this function:", "Write the body of this function.",
                          "Finish this code so that the doctests pass:", ""])
        p = f"{lead}\n\n```python\n{r['prompt']}```" if lead else r["prompt"]
        return Item(p, T.code_answer(rng, r), "code", src, lambda g, p=p: T.synth_thinking(g, "implementing " + r["entry"] + " " + r["prompt"][-300:]), ref=r)
    if src == "arena":
        r = c["arena"][idx if idx is not None else int(rng.integers(0, len(c["arena"])))]
        return Item(r["q"], None, "code" if r["cat"] == "coding" else ("math" if r["cat"] == "math" else "chat"), src,
                    lambda g, q=r["q"]: T.synth_thinking(g, q), ref=r)
    if src == "si":
        r = c["selfinstruct"][idx if idx is not None else int(rng.integers(0, len(c["selfinstruct"])))]
        p = r["instruction"] + (("\n\n" + r["input"]) if r["input"] else "")
        return Item(p, r["output"] or None, "instruction", src, lambda g, p=p: T.synth_thinking(g, p), ref=r)
    if src == "belle":
        r = c["belle"][idx if idx is not None else int(rng.integers(0, len(c["belle"])))]
        return Item(r["q"], r["a"] or None, "chat", src, lambda g, q=r["q"]: T.zh_thinking(g, q), lang="zh", ref=r)
    if src == "hh":
        d = c["hh"][idx if idx is not None else int(rng.integers(0, len(c["hh"])))]
        p = d[0][1]
        a = d[1][1] if len(d) > 1 and d[1][0] == "Assistant" else None
        return Item(p, a, "chat", src, lambda g, p=p: T.synth_thinking(g, p), ref=d)
    if src == "unnatural":
        p = pick(rng, c["unnatural"]) if idx is None else c["unnatural"][idx]
        return Item(p, None, "instruction", src, lambda g, p=p: T.synth_thinking(g, p))
    raise ValueError(src)


def answer_of(rng, item: Item, length=None) -> str:
    if item.answer:
        return item.answer
    if item.lang == "zh":
        return "好的。关于这个问题，我的建议如下：\n\n1. 先明确目标和限制条件。\n2. 分步骤执行，并在每一步检查结果。\n3. 最后总结经验，必要时调整方案。\n\n希望对你有帮助！"
    return T.synth_answer(rng, item.prompt, length)


def body(model, messages, max_tokens, system=None, stream=None, temperature=None, top_p=None, thinking=None, tools=None,
         tool_choice=None, metadata=None, stop=None, top_k=None):
    b = {"model": model, "max_tokens": int(max_tokens)}
    if system is not None:
        b["system"] = system
    b["messages"] = messages
    if tools is not None:
        b["tools"] = tools
    if tool_choice is not None:
        b["tool_choice"] = tool_choice
    if temperature is not None:
        b["temperature"] = round(float(temperature), 2)
    if top_p is not None:
        b["top_p"] = top_p
    if top_k is not None:
        b["top_k"] = top_k
    if stop:
        b["stop_sequences"] = stop
    if thinking:
        b["thinking"] = {"type": "enabled", "budget_tokens": int(thinking)}
    if metadata:
        b["metadata"] = {"user_id": metadata}
    if stream is not None:
        b["stream"] = bool(stream)
    return b


def user(text, blocks=False, image=False, media="image/png"):
    if not blocks and not image:
        return {"role": "user", "content": text}
    c = []
    if image:
        c.append({"type": "image", "source": {"type": "base64", "media_type": media, "data": "<elided>"}})
    c.append({"type": "text", "text": text})
    return {"role": "user", "content": c}


def assistant(content_blocks):
    return {"role": "assistant", "content": content_blocks}
