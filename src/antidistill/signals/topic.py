"""``topic``: the capability area a prompt exercises (coding, agentic/tool use, math, ...).

Distillation campaigns concentrate on what is most valuable for training (REFERENCES.md):
agentic reasoning and tool use, coding, data analysis, computer vision, math, grading, and
censorship-safe rewrites of politically sensitive text. Each label has weighted keyword and
pattern rules (English plus the most common other languages); the label with the highest
total wins, ``general_chat`` when nothing matches. ``flagged`` marks the targeted areas
(every label but ``general_chat``).
"""

from __future__ import annotations

import heapq
import itertools
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
        # "\d\d*" is "\d+" written so that the engine skips ahead to the next digit instead of trying
        # every position (a pattern that opens with a character class gets that fast path).
        (r"\d\d*(?:\.\d+)?\s*[-+*/×÷=^]\s*\d+|\$\d|\d\d*\s*%|\\frac|\\sum|\\int|\$[^$\n]{1,80}\$", 1.5),
        # Word problems: several quantities and the vocabulary of arithmetic stories.
        # A number not preceded by a word character or a dot ("(?<![\w.])\d+", looked behind once
        # the first digit has matched, for the same fast path).
        (r"\d(?<![\w.]\d)\d*(?:[.,]\d+)?(?![\w.])", 0.4),
        (r"\b(?:each|per|total|remaining|left over|times as|half|twice|costs?|earns?|pays?|"
         r"find (?:the|all)|let \w be)\b", 0.5),
        (r"多少|几[个只天元]|计算|数学|方程|いくら|何[個人本匹]|計算|몇|얼마|сколько|wie viel|cuánt[oa]s?|combien|"
         r"quant[oa]s?|kiasi gani|ngapi|কত|ఎన్ని|เท่าไร|กี่", 1.5),
    ],
}
LABELS = (*RULES, GENERAL)
# The semantics (and the reference the tests hold the fast scan to): all rules in one alternation,
# one named group per rule, scanned left to right (at each position the first rule that matches
# wins, and the scan resumes after its match); :func:`_scan` finds the same matches faster. The
# batch is joined with "\n\x00\n": no rule matches across a NUL, and "^" still opens every prompt.
# Patterns are lowercase and prompts are lowercased before the scan: matching without re.I spares
# the engine a case fold per character tried.
_FLAT = [(list(RULES).index(label), w, p) for label, rules in RULES.items() for p, w in rules]
_COMBINED = re.compile("|".join(f"(?P<r{k}>{p})" for k, (_, _, p) in enumerate(_FLAT)), re.M)
_NUL = "\x00"
_JOIN = "\n" + _NUL + "\n"
_RULE_LABEL = np.array([j for j, _, _ in _FLAT], dtype=np.int64)
_RULE_WEIGHT = np.array([w for _, w, _ in _FLAT], dtype=np.float64)


def _top_level(pattern: str, start: int = 0) -> tuple[list[int], int]:
    """Offsets of the ``|`` at depth 0 in ``pattern[start:]``, and where that level ends (its ``)``)."""
    bars: list[int] = []
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character is never syntax
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1 if pattern[i + 1:i + 2] == "^" else 0
            i += 1 if pattern[i + 1:i + 2] == "]" else 0  # a "]" right after "[" or "[^" is literal
        elif c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return bars, i
            depth -= 1
        elif c == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars, len(pattern)


def alternatives(pattern: str, start: int = 0, end: int | None = None) -> list[str]:
    """The top-level alternatives of a regex: ``pattern`` split at each ``|`` outside groups and classes."""
    bars, stop = _top_level(pattern, start)
    cuts = [start - 1, *bars, stop if end is None else end]
    return [pattern[a + 1:b] for a, b in itertools.pairwise(cuts)]


_QUANTIFIER = tuple("?*+{")
# One literal character of a pattern: a plain character or an escaped punctuation mark.
_LITERAL = re.compile(r"[^\\\[\](){}.*+?^$|]|\\[^\w\s]")


def _expand(alt: str) -> list[str]:
    r"""``\b(?:a|b)rest`` as the equivalent alternatives ``\barest``, ``\bbrest`` (same order)."""
    if not alt.startswith(r"\b(?:"):
        return [alt]
    _, close = _top_level(alt, 5)
    rest = alt[close + 1:]
    if close == len(alt) or rest.startswith(_QUANTIFIER):
        return [alt]
    return [x for a in alternatives(alt, 5, close) for x in _expand(r"\b" + a + rest)]


def _literal_first(alt: str) -> str:
    r"""``\bword rest`` as ``word(?<!\wword)rest``: the same matches, found by a fast literal search.

    The regex engine looks for a pattern's literal prefix with a fast string search, but tries a
    pattern that opens with ``\b`` at every position. Before a word character, ``\b`` means "not
    preceded by a word character", which the lookbehind checks once the literal has matched.
    """
    if not alt.startswith(r"\b"):
        return alt
    last = end = 2  # the literal prefix is alt[2:end]; its last character opens at `last`
    while m := _LITERAL.match(alt, end):
        last, end = end, m.end()
    if alt.startswith(_QUANTIFIER, end):
        end = last  # the last literal is optional or repeated
    lit = alt[2:end]
    if not re.match(r"\w", lit):
        return alt
    return lit + r"(?<!\w" + lit + ")" + alt[end:]


# The alternation flattened: every top-level alternative of every rule, in order, with
# "\b(?:a|b)c" distributed into "\bac|\bbc" (so "(?P<r0>a|b)|(?P<r1>c)" is the alternation a|b|c
# with a, b counting for rule 0). Alone, each alternative opens with a literal the regex engine
# finds by a fast string search, many times faster than trying the whole alternation at every
# position; :func:`_scan` puts their matches back together exactly as the alternation scans.
_SPLIT = [(k, _literal_first(x)) for k, (_, _, p) in enumerate(_FLAT) for a in alternatives(p) for x in _expand(a)]
_ALT_RULE = np.array([k for k, _ in _SPLIT], dtype=np.int64)
_ALTS = [re.compile(a, re.M) for _, a in _SPLIT]


def _scan(joined: str, starts: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(text, rule) of every match of :data:`_COMBINED` in ``joined``, whose texts open at ``starts``.

    Each alternative is scanned on its own. From any position, the next match of the alternation
    is the earliest next match of any alternative (the first alternative on a tie), and that is
    the next match of the alternative's own scan unless the position lies strictly inside one
    of them. So where no two matches overlap within a text, they are the alternation's matches
    as they are; texts with overlaps are replayed by :func:`_replay`. No match crosses a NUL,
    so every text is scanned on its own.
    """
    found = [[m.span() for m in alt.finditer(joined)] for alt in _ALTS]
    span = np.array([s for f in found for s in f], dtype=np.int64).reshape(-1, 2)  # (m, 2) start, end
    alt = np.repeat(np.arange(len(_ALTS)), [len(f) for f in found])  # (m,)
    order = np.lexsort((alt, span[:, 0]))
    span, alt = span[order], alt[order]
    text = np.searchsorted(starts, span[:, 0], side="right") - 1  # (m,)
    bad = np.zeros(len(starts) + 1, dtype=bool)
    bad[text[1:][span[1:, 0] < span[:-1, 1]]] = True  # overlapping matches (never across texts)
    bad[text[span[:, 1] <= span[:, 0]]] = True  # an empty match: no alternative has one, but be safe
    bad = bad[:-1]
    keep = ~bad[text]
    rows, rules = [text[keep]], [_ALT_RULE[alt[keep]]]
    bounds = np.append(starts, len(joined)).tolist()
    sel = np.flatnonzero(~keep)  # matches of texts to replay, grouped by text (sorted by start)
    for idx in np.split(sel, np.flatnonzero(np.diff(text[sel])) + 1) if len(sel) else []:
        t = int(text[idx[0]])
        hits = _replay(joined, bounds[t], bounds[t + 1], span[idx].tolist(), alt[idx].tolist())
        rows.append(np.full(len(hits), t, dtype=np.int64))
        rules.append(_ALT_RULE[np.array(hits, dtype=np.int64)])
    return np.concatenate(rows), np.concatenate(rules)


def _replay(joined: str, lo: int, hi: int, spans: list[list[int]], alts: list[int]) -> list[int]:
    """The alternatives that the alternation's scan matches in ``joined[lo:hi]``, in order.

    ``spans`` (sorted by start) and ``alts`` are the matches of each alternative's own scan there.
    A heap holds, per alternative, its earliest match at or after the scan position; after each
    match, an alternative whose entry now lies behind the position takes its next own match, or
    searches again when the position fell strictly inside one of its own matches.
    """
    own: dict[int, list[tuple[int, int]]] = {}
    for (s, e), a in zip(spans, alts, strict=True):
        own.setdefault(a, []).append((s, e))
    heap = [(m[0][0], a, m[0][1], 0) for a, m in own.items()]  # (start, alternative, end, index in own)
    heapq.heapify(heap)
    pos, out = lo, []
    while heap:
        s, a, e, i = heapq.heappop(heap)
        if s >= pos:  # the earliest next match: the alternation's next match
            out.append(a)
            pos = e
            heapq.heappush(heap, (s, a, e, i))  # now behind the position
            continue
        # Behind the position: this alternative's earliest match from pos.
        mine = own[a]
        while i < len(mine) and mine[i][0] < pos:
            i += 1
        if i and mine[i - 1][1] > pos:  # pos lies inside one of its own matches: search from pos
            # endpos at the next text's start: the text and the separator after it read the same.
            m = _ALTS[a].search(joined, pos, hi)
            if m is not None:
                if m.end() == m.start():
                    raise AssertionError(f"empty match of {_ALTS[a].pattern!r}")
                heapq.heappush(heap, (m.start(), a, m.end(), i))
        elif i < len(mine):
            heapq.heappush(heap, (mine[i][0], a, mine[i][1], i))
    return out


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
        """Add the rule matches of ``texts[group]`` to ``hits`` (n, rules), scanning the group joined."""
        # Lowercasing the joined text equals lowercasing each part: the separator is uncased, so
        # even context-dependent mappings (Greek final sigma) see the same neighbours.
        joined = _JOIN.join([texts[int(i)][: self.max_chars].replace(_NUL, " ") for i in group]).lower()
        # The lowercase prompts may be longer than the originals (one character can lower to two):
        # find the prompt starts as the positions after each separator.
        starts = np.array([0] + [m.end() for m in re.finditer(_JOIN, joined)], dtype=np.int64)  # (k,)
        local, rules = _scan(joined, starts)
        np.add.at(hits, (group[local], rules), 1)
