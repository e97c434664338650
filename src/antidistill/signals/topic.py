"""``topic``: the capability area a prompt exercises (coding, agentic/tool use, math, ...).

Distillation campaigns concentrate on what is most valuable for training (REFERENCES.md):
agentic reasoning and tool use, coding, data analysis, computer vision, math, grading, and
censorship-safe rewrites of politically sensitive text. Each label has weighted keyword and
pattern rules (English plus the most common other languages); the label with the highest
total wins, ``general_chat`` when nothing matches. ``flagged`` marks the targeted areas
(every label but ``general_chat``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from antidistill.signals.base import SIGNALS, Signal, SignalBatch

GENERAL = "general_chat"

# label -> [(pattern, weight)]. Ties go to the label listed first (the more specific area).
RULES: dict[str, list[tuple[str, float]]] = {
    "agentic": [
        (r"\b(?:tool[_ ]calls?|function[_ ]call(?:ing)?|you have access to the following (?:tools|functions))\b", 3),
        (r"^\s*(?:thought|action|action input|observation)\s*:", 2), (r"<tool_?(?:call|use|result)>", 3),
        (r"\b(?:agent|agentic|browse the web|computer use|execute (?:the|this) command|terminal|mcp server)\b", 1.5),
        (r"\b(?:click|scroll|screenshot) (?:on|the|at)\b", 1.5), (r"工具调用|智能体|ツール呼び出し|エージェント", 2),
    ],
    "grading": [
        (r"\brubric\b|\breward model\b|\bpreference (?:model|label)\b|\bimpartial judge\b", 3),
        (r"\b(?:score|rate|grade|evaluate|judge) (?:this|the|each|both|following) "
         r"(?:response|answer|output|completion)s?", 3),
        (r"\bresponse [ab]\b|\[\[[ab]\]\]|\bon a scale (?:of|from) \d+", 2), (r"评分|打分|奖励模型|採点|채점", 2),
    ],
    "politics_rewrite": [
        (r"\b(?:tiananmen|xinjiang|uyghurs?|tibet(?:an)?|dalai lama|xi jinping|falun gong|ccp|chinese communist party"
         r"|hong kong protests?|taiwan independence|censorship|dissidents?)\b", 2),
        (r"六四|天安门|新疆|西藏|达赖|习近平|法轮功|共产党|台独|审查", 2),
        (r"\b(?:rewrite|rephrase|paraphrase|make (?:it|this) (?:neutral|safe|acceptable))\b|改写|重写", 1),
    ],
    "vision": [
        (r"<image>|\[image\]|!\[[^\]\x00]*\]\(", 3),
        (r"\b(?:this|the|attached|following) (?:image|picture|photo|screenshot|diagram|chart image)\b", 2),
        (r"\b(?:ocr|caption (?:this|the) image|what is in (?:this|the) (?:image|picture))\b", 2),
        (r"图片|图像|画像|写真|이미지|사진|изображени|картинк", 1.5),
    ],
    "data_analysis": [
        (r"\b(?:dataframe|pandas|numpy|csv|excel|spreadsheet|pivot table|dataset|data set|regression|anova|"
         r"standard deviation|statistic(?:s|al)|correlation|visuali[sz]e|histogram|bar chart)\b", 1.5),
        (r"数据分析|数据集|表格|統計|데이터 분석|анализ данных", 1.5),
    ],
    "coding": [
        (r"```|^\s*(?:def|class|import|from \S+ import|#include|public static|fn |func |package |using )\b", 2),
        (r"\b(?:python|javascript|typescript|java|c\+\+|c#|rust|golang|kotlin|swift|php|ruby|sql|bash|regex|html|css|"
         r"react|api|json|function|algorithm|compile[rs]?|debug|bug|code|script|program(?:ming)?|repository)\b", 1),
        (r'"""|\breturn\b|\w+\([^()\n]*\)\s*[:{]|=>|;\s*$', 1),
        (r"代码|编程|函数|程序|コード|プログラム|코드|프로그램|код|программ", 1.5),
    ],
    "math": [
        (r"\b(?:solve|equation|integral|derivative|probability|prove|theorem|calculate|compute|how many|how much|"
         r"sum of|percent(?:age)?|average|ratio|math(?:ematics)?|geometry|algebra)\b", 1),
        (r"\d+(?:\.\d+)?\s*[-+*/×÷=^]\s*\d+|\$\d|\d+\s*%|\\frac|\\sum|\\int|\$[^$\n]{1,80}\$", 1.5),
        # Word problems: several quantities and the vocabulary of arithmetic stories.
        (r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w.])", 0.4),
        (r"\b(?:each|per|total|remaining|left over|times as|half|twice|costs?|earns?|pays?|"
         r"find (?:the|all)|let \w be)\b", 0.5),
        (r"多少|几[个只天元]|计算|数学|方程|いくら|何[個人本匹]|計算|몇|얼마|сколько|wie viel|cuánt[oa]s?|combien|"
         r"quant[oa]s?|kiasi gani|ngapi|কত|ఎన్ని|เท่าไร|กี่", 1.5),
    ],
}
LABELS = (*RULES, GENERAL)
# All rules in one alternation, one named group per rule: a single regex scan per batch instead
# of one per rule and prompt (matches of different rules cannot overlap; the rules rarely share
# text). The batch is joined with "\n\x00\n": no rule matches across a NUL, and "^" still opens
# every prompt.
_FLAT = [(list(RULES).index(label), w, p) for label, rules in RULES.items() for p, w in rules]
# Patterns are lowercase and prompts are lowercased before the scan: matching without re.I spares
# the engine a case fold per character tried.
_COMBINED = re.compile("|".join(f"(?P<r{k}>{p})" for k, (_, _, p) in enumerate(_FLAT)), re.M)
_NUL = "\x00"
_JOIN = "\n" + _NUL + "\n"
_RULE_LABEL = np.array([j for j, _, _ in _FLAT], dtype=np.int64)
_RULE_WEIGHT = np.array([w for _, w, _ in _FLAT], dtype=np.float64)


@SIGNALS.register
class Topic(Signal):
    """Capability/topic tag per prompt, with the rule weights behind it."""

    name = "topic"
    description = ("Capability area of the prompt: " + ", ".join(LABELS) + "; flagged when it is an area that "
                   "distillation campaigns target (anything but general_chat).")

    def __init__(self, *, min_weight: float = 1.5, max_chars: int = 1500) -> None:
        self.min_weight = min_weight
        self.max_chars = max_chars

    def score_batch(self, texts: Sequence[str], *, system_prompts: Sequence[str] | None = None) -> SignalBatch:
        """Label per prompt; score = 1 - 2**-weight of the winning label (0 for general chat)."""
        n = len(texts)
        hits = np.zeros((n, len(_FLAT)), dtype=np.int64)  # (n, rules)
        # ASCII prompts are joined apart from the rest: one wide character would make the whole
        # joined string four bytes per character, and the regex engine scans that far slower.
        ascii_rows = np.array([t.isascii() for t in texts], dtype=bool)
        for group in (np.flatnonzero(ascii_rows), np.flatnonzero(~ascii_rows)):
            if len(group):
                self._count(texts, group, hits)
        # Each rule counts at most 3 times: a long code file should not drown out a grading rubric.
        contrib = np.minimum(hits, 3) * _RULE_WEIGHT  # (n, rules)
        weights = np.zeros((n, len(RULES)), dtype=np.float64)  # (n, labels)
        for j in range(len(RULES)):
            weights[:, j] = contrib[:, np.equal(_RULE_LABEL, j)].sum(axis=1)
        best = weights.argmax(axis=1) if n else np.zeros(0, dtype=np.int64)
        top = weights[np.arange(n), best] if n else np.zeros(0)
        names = np.array(list(RULES), dtype=object)
        label = np.where(top >= self.min_weight, names[best], GENERAL).astype(object)
        score = np.where(top >= self.min_weight, 1.0 - np.exp2(-top), 0.0).astype(np.float32)
        return SignalBatch(self.name, self.min_weight, score, label != GENERAL,
                           {"label": label, "weight": top.astype(np.float32)})

    def _count(self, texts: Sequence[str], group: npt.NDArray[np.intp], hits: npt.NDArray[np.int64]) -> None:
        """Add the rule matches of ``texts[group]`` to ``hits`` (n, rules), one regex scan for the group."""
        parts = [texts[int(i)][: self.max_chars].replace(_NUL, " ").lower() for i in group]
        starts = np.cumsum([0] + [len(p) + len(_JOIN) for p in parts])[:-1]  # (k,) offset of each prompt
        found = [(m.start(), m.lastgroup) for m in _COMBINED.finditer(_JOIN.join(parts))]
        local = np.searchsorted(starts, np.array([a for a, _ in found], dtype=np.int64), side="right") - 1
        rules = np.array([int(g[1:]) for _, g in found], dtype=np.int64)  # type: ignore[index]
        np.add.at(hits, (group[local], rules), 1)
