# ruff: noqa: E501
"""Load the public prompt datasets under the shared data folder (../shared/data) into plain Python lists.

Every item is a small dict.  Nothing here is random; all sampling happens in the actors.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re

MGSM_LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "sw", "bn", "te", "th")

_CALC = re.compile(r"<<([^>]*)>>")


def _jsonl(path: str) -> list[dict]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        text = fh.read()
    # split on "\n" only: some arena prompts contain U+2028
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def _script_lang(text: str) -> str:
    """Very rough language guess by script, enough to pick answer templates."""
    if re.search("[\u3040-\u30ff]", text):
        return "ja"
    if re.search("[\u4e00-\u9fff]", text):
        return "zh"
    if re.search("[\u0400-\u04ff]", text):
        return "ru"
    if re.search("[\uac00-\ud7af]", text):
        return "ko"
    return "en"


def _hh_turns(dialogue: str) -> list[tuple[str, str]]:
    parts = re.split(r"\n\n(Human|Assistant): ", "\n\n" + dialogue.strip())
    turns = []
    for i in range(1, len(parts) - 1, 2):
        turns.append((parts[i], parts[i + 1].strip()))
    return turns


class Corpus:
    def __init__(self, root: str):
        self.root = root
        p = lambda *a: os.path.join(root, *a)  # noqa: E731

        # GSM8K test: question, rationale lines, final number, calculator equations
        self.gsm8k = []
        for i, row in enumerate(_jsonl(p("gsm8k", "test.jsonl"))):
            body, _, final = row["answer"].rpartition("####")
            eqs = [m.strip() for m in _CALC.findall(body)]
            steps = [ln.strip() for ln in _CALC.sub("", body).split("\n") if ln.strip()]
            self.gsm8k.append({"src": "gsm8k", "id": f"gsm8k-{i}", "idx": i, "q": row["question"],
                               "steps": steps, "eqs": eqs, "final": final.strip(), "lang": "en", "kind": "math"})

        # MGSM: 250 parallel problems x 11 languages; row i == gsm8k test row i
        self.mgsm: dict[str, list[dict]] = {}
        for lang in MGSM_LANGS:
            rows = []
            with open(p("mgsm", f"mgsm_{lang}.tsv"), encoding="utf-8", newline="") as fh:
                for i, r in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)):
                    if len(r) < 2:
                        continue
                    g = self.gsm8k[i]
                    rows.append({"src": "mgsm", "id": f"mgsm-{lang}-{i}", "idx": i, "q": r[0], "final": r[1].strip(),
                                 "steps": g["steps"], "eqs": g["eqs"], "lang": lang, "kind": "math"})
            self.mgsm[lang] = rows

        # HumanEval
        self.humaneval = []
        for row in _jsonl(p("humaneval", "HumanEval.jsonl.gz")):
            self.humaneval.append({"src": "humaneval", "id": row["task_id"], "q": row["prompt"],
                                   "solution": row["canonical_solution"], "entry": row["entry_point"],
                                   "lang": "en", "kind": "code"})

        # Arena-Hard v0.1 (English) and v2.0 (partly multilingual)
        self.arena = []
        for row in _jsonl(p("arena-hard", "arena-hard-v0.1-question.jsonl")):
            cl = row.get("cluster", "")
            kind = "code" if re.search(r"(?i)code|python|program|sql|script|api|javascript|rust|linux|"
                                       r"excel|vba|docker|kubernetes|react|c\+\+|java\b|data|matlab|sorting|"
                                       r"algorithm|gdscript|pandas|neural|pytorch|web", cl + " " + row["prompt"][:200]) else "open"
            self.arena.append({"src": "arena-v0.1", "id": row["uid"], "q": row["prompt"], "cluster": cl,
                               "lang": "en", "kind": kind})
        self.arena2 = []
        for row in _jsonl(p("arena-hard", "arena-hard-v2.0-question.jsonl")):
            sub = row.get("subcategory", "")
            kind = {"coding": "code", "math": "math_open"}.get(sub, "creative")
            self.arena2.append({"src": "arena-v2.0", "id": row["uid"], "q": row["prompt"], "cluster": sub,
                                "lang": _script_lang(row["prompt"]), "kind": kind})

        # Self-Instruct seeds + user-oriented instructions (English), with the Chinese seed twins
        self.selfinst = []
        for fname in ("seed_tasks.jsonl", "user_oriented_instructions.jsonl"):
            for row in _jsonl(p("self-instruct", fname)):
                inst = row["instances"][0] if row.get("instances") else {"input": "", "output": ""}
                self.selfinst.append({"src": "self-instruct", "id": row["id"], "q": row["instruction"],
                                      "input": inst.get("input", ""), "out": inst.get("output", ""),
                                      "app": row.get("motivation_app", ""), "lang": "en", "kind": "task"})
        self.zh_seed = {}
        for row in _jsonl(p("belle-zh", "zh_seed_tasks.json")):
            inst = row["instances"][0] if row.get("instances") else {"input": "", "output": ""}
            self.zh_seed[row["id"]] = {"src": "belle-zh-seed", "id": row["id"], "q": row["instruction"].strip(),
                                       "input": inst.get("input", ""), "out": inst.get("output", ""),
                                       "lang": "zh", "kind": "task"}
        # English seed -> Chinese seed pairs (parallel by id), used by the localisation persona
        self.seed_pairs = [(it, self.zh_seed[it["id"]]) for it in self.selfinst
                           if it["id"] in self.zh_seed and self.zh_seed[it["id"]]["q"]]

        # BELLE Chinese eval set
        self.belle = []
        for i, row in enumerate(_jsonl(p("belle-zh", "eval_set.json"))):
            cls = row["class"].replace("\xa0", " ")
            self.belle.append({"src": "belle-eval", "id": f"belle-{i}", "q": row["question"],
                               "out": row.get("std_answer", ""), "cls": cls, "lang": "zh",
                               "kind": {"math": "math_open", "code": "code"}.get(cls, "open")})

        # HH-RLHF harmless-base test: red-team dialogues
        self.hh = []
        for i, row in enumerate(_jsonl(p("hh-rlhf", "harmless-base-test.jsonl.gz"))):
            turns = _hh_turns(row["chosen"])
            rej = _hh_turns(row["rejected"])
            if not turns or turns[0][0] != "Human":
                continue
            first_reply = turns[1][1] if len(turns) > 1 else ""
            self.hh.append({"src": "hh-rlhf", "id": f"hh-{i}", "q": turns[0][1], "out": first_reply,
                            "turns": turns, "rejected": rej, "lang": "en", "kind": "redteam"})

        # Model-generated instructions (Unnatural Instructions) - machine-made task pool
        self.unnatural = [{"src": "unnatural", "id": r["id"], "q": r["instruction"], "lang": "en", "kind": "task"}
                          for r in _jsonl(p("prompt-extraction", "unnatural-test.jsonl"))]

        # GPTFuzz harmful question list (used only inside "give the safe answer" wrappers)
        self.harmful_q = []
        with open(p("gptfuzz-jailbreak", "question_list.csv"), encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                self.harmful_q.append({"src": "gptfuzz", "id": f"gptfuzz-{r['index']}", "q": r["text"],
                                       "lang": "en", "kind": "redteam"})

        # convenient views
        self.arena_code = [a for a in self.arena if a["kind"] == "code"] + [a for a in self.arena2 if a["kind"] == "code"]
        self.arena_open = [a for a in self.arena if a["kind"] == "open"]
        self.arena2_math = [a for a in self.arena2 if a["kind"] == "math_open"]
        self.arena2_by_lang: dict[str, list[dict]] = {}
        for a in self.arena2:
            self.arena2_by_lang.setdefault(a["lang"], []).append(a)
        self.belle_by_cls: dict[str, list[dict]] = {}
        for b in self.belle:
            self.belle_by_cls.setdefault(b["cls"], []).append(b)

    def summary(self) -> dict:
        return {"gsm8k": len(self.gsm8k), "mgsm_per_lang": len(self.mgsm["en"]), "humaneval": len(self.humaneval),
                "arena_v0.1": len(self.arena), "arena_v2.0": len(self.arena2), "self_instruct": len(self.selfinst),
                "belle_eval": len(self.belle), "belle_zh_seed": len(self.zh_seed), "hh_rlhf": len(self.hh),
                "unnatural": len(self.unnatural), "gptfuzz_questions": len(self.harmful_q)}
