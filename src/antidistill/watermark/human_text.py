"""Real human-written English text from ../shared/data, for null documents and the tiny model.

Sources (licences in each folder's SOURCE.md): GSM8K questions and worked answers (MIT), the
HH-RLHF harmless-base dialogues (MIT), Self-Instruct seed and user-oriented tasks (Apache-2.0),
Arena-Hard v0.1 prompts (Apache-2.0).
"""

from __future__ import annotations

from pathlib import Path

from antidistill.datasets import read_jsonl


def human_texts(data_dir: Path) -> dict[str, list[str]]:
    """Texts per source name, in file order (deterministic)."""
    out: dict[str, list[str]] = {}
    gsm = read_jsonl(data_dir / "gsm8k" / "test.jsonl")
    out["gsm8k"] = [f"{r['question']}\n{r['answer']}" for r in gsm]
    hh = read_jsonl(data_dir / "hh-rlhf" / "harmless-base-test.jsonl.gz")
    out["hh-rlhf"] = [str(r["chosen"]).replace("\n\nHuman:", "\nHuman:").replace("\n\nAssistant:", "\nAssistant:")
                      for r in hh]
    si: list[str] = []
    for name in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
        for r in read_jsonl(data_dir / "self-instruct" / name):
            inst = r.get("instances") or []
            parts = [str(r["instruction"])]
            for i in inst if isinstance(inst, list) else []:
                parts += [str(i.get("input", "")), str(i.get("output", ""))]
            si.append("\n".join(p for p in parts if p))
    out["self-instruct"] = si
    arena = read_jsonl(data_dir / "arena-hard" / "arena-hard-v0.1-question.jsonl")
    out["arena-hard"] = [str(r["prompt"]) for r in arena]
    return out
