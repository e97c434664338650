# ruff: noqa: E501  (multilingual word tables read best one language per line)
"""Intent concepts: multilingual word groups whose co-occurrence is the evidence of an attack.

A character n-gram model only carries over wording it has seen. What makes a prompt a grading
prompt is its *intent* (a judge or score verb aimed at a model's response), what makes one a
language coercion is that a language constraint is aimed at the *thinking*, and so on. Each
concept below is a group of words (stems, lowercased) for one ingredient of such an intent, in
the ten languages of the corpus, written from the intent definitions (not from the training
templates; see docs/detection-quality.md for what the author had seen). The classifier gets,
for every scored unit (whole prompt or segment), one 0/1 feature per concept and one per pair of
concepts, so that "judge x AI response" or "thinking x language" can carry weight whatever the
words that express them.

Matching runs one compiled regex (a trie per concept) over the whole batch. Entries starting
with a Latin or Cyrillic letter match at a word start; an entry ending in ``$`` must also end
at a word end; CJK and Arabic entries match anywhere (no spaces, attached prefixes).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import numpy.typing as npt

from antidistill.signals.hashing import HashedGrams

CONCEPTS: dict[str, list[str]] = {
    # The model's reasoning as an object: nouns (and verbs) of thinking.
    "thought": [
        "reasoning", "chain of thought", "chain-of-thought", "cot$", "thought", "thinking", "think$", "train of thought",
        "monologue", "scratchpad", "deliberat", "rationale", "reasoning trace", "<think", "reasoning_content", "reason through",
        "推理", "思考", "思维", "思路", "内心独白", "草稿",
        "рассужд", "размышл", "мышлени", "мысл", "думай", "черновик",
        "razonamiento", "razona", "pensamiento", "piensa", "pensar", "monólogo", "reflexi",
        "raisonnement", "raisonne", "réflexion", "pensée", "pense$", "penser", "monologue",
        "gedanke", "denkprozess", "denken", "denke$", "denkinhalt", "überlegung", "überleg", "argumentation", "nachdenk",
        "推論", "思考", "考え", "思索",
        "추론", "사고", "생각", "독백",
        "تفكير", "استدلال", "أفكار", "فكّر", "فكر", "مونولوج",
        "raciocínio", "raciocin", "pensamento", "pense$", "monólogo", "reflexão",
    ],
    # Qualifiers that place the reasoning out of sight: hidden, internal, private, before answering.
    "hidden": [
        "hidden", "internal", "inner", "private", "secret", "raw$", "behind the scenes", "under the hood", "invisible",
        "concealed", "before answering", "before you answer", "before the final answer", "before replying",
        "隐藏", "内部", "内心", "私下", "原始", "回答前", "作答前", "回答之前",
        "скрыт", "внутренн", "тайн", "перед ответом",
        "ocult", "interno", "interna", "privad", "secret", "antes de responder", "antes de la respuesta",
        "caché", "interne", "intérieur", "privé", "secret", "avant de répondre", "avant la réponse",
        "verborgen", "versteckt", "intern", "inner", "privat", "geheim", "bevor du antwortest", "vor der antwort",
        "隠", "内部", "内心", "回答前", "答える前",
        "숨겨", "숨긴", "내부", "내면", "답변 전", "대답하기 전",
        "مخفي", "داخلي", "سري", "قبل الإجابة",
        "interno", "interna", "privad", "antes da resposta",
    ],
    # Make something visible: reveal, output, print, display.
    "reveal": [
        "show", "reveal", "display", "output", "print", "dump", "expose", "share", "visible", "let me see", "let me read",
        "write out", "spell out", "paste", "disclose",
        "展示", "显示", "输出", "打印", "公开", "给我看", "写出", "暴露", "列出",
        "покажи", "показ", "раскр", "выведи", "вывод", "напечат", "распечат", "поделись", "выпиши",
        "muestr", "mostrar", "revel", "enseñ", "imprim", "exhib", "comparte",
        "montre", "révèle", "révél", "affich", "imprim", "partage", "expose", "dévoil",
        "zeig", "offen", "ausgeben", "gib", "druck", "enthüll", "teile",
        "見せ", "表示", "出力", "公開", "書き出", "印刷",
        "보여", "공개", "출력", "표시",
        "اعرض", "أظهر", "اكشف", "أخرج", "اطبع", "شارك",
        "mostr", "exib", "imprim", "compartilh",
    ],
    # Completeness and fidelity: verbatim, word for word, in full, untruncated, unchanged.
    "verbatim": [
        "verbatim", "word for word", "word-for-word", "exactly", "exact words", "character by character", "in full",
        "untruncated", "unabridged", "uncut", "entire", "every step", "every token", "nothing omitted", "without omit",
        "truncat", "unchanged", "as is$", "as-is", "original wording", "all of it", "summari", "summary", "unredacted",
        "redact", "in its entirety",
        "逐字", "一字不差", "原封不动", "原样", "完整", "全部", "省略", "截断", "总结", "原话", "每一步",
        "дословно", "слово в слово", "полностью", "целиком", "без сокращ", "без изменен", "сокращ", "исходн",
        "textual", "palabra por palabra", "complet", "entero", "entera", "truncar", "resum", "tal cual", "literal", "íntegr",
        "mot pour mot", "mot à mot", "à l'identique", "tel quel", "telle quelle", "en entier", "intégral", "complet", "tronqu", "résum",
        "wörtlich", "wort für wort", "vollständig", "ungekürzt", "unverändert", "originalwortlaut", "komplett", "zusammenfass", "fasse",
        "一字一句", "そのまま", "逐語", "省略", "全文", "すべて", "完全", "要約", "元の言葉",
        "그대로", "한 글자", "생략", "전부", "모두", "전체", "요약", "원래 표현", "완전",
        "حرفي", "كلمة بكلمة", "كاملة", "كامل", "اختصار", "كما هي", "تلخص", "كلها",
        "palavra por palavra", "inteir", "resum", "na íntegra", "sem alteraç",
    ],
    # Pick up an unfinished text: continue, resume, where it stopped.
    "continue": [
        "continu", "resume", "pick up", "pick it up", "carry on", "keep going", "keep writing", "keep thinking",
        "keep reasoning", "go on$", "proceed", "where it stopped", "where it ended", "left off", "cut off", "interrupted",
        "halfway", "mid-sentence", "extend", "from there", "from that point", "remaining steps", "next step",
        "继续", "接着", "中断", "接下去", "恢复", "补全", "续写", "从这里",
        "продолж", "допиши", "оборва", "прерв", "с того места", "оттуда", "возобнов",
        "sigue", "seguir", "retom", "reanud", "desde donde", "se cortó", "interrump", "desde ahí",
        "poursui", "reprend", "là où", "interromp", "à partir de là",
        "setze", "fortsetz", "weiter", "abgebrochen", "unterbroch", "an der stelle", "von dort",
        "続け", "続き", "再開", "途切れ", "途中", "中断", "そこから",
        "계속", "이어", "끊긴", "끊겼", "중간에", "재개", "거기서",
        "تابع", "أكمل", "استأنف", "واصل", "توقف", "انقطع", "من هناك",
        "siga", "de onde parou", "a partir daí",
    ],
    # Text from elsewhere in time: a previous session, a saved trace, what was produced before.
    "prior": [
        "previous", "earlier", "last time", "last turn", "session", "saved", "restored", "yesterday", "connection",
        "so far", "from turn", "history", "you produced", "you wrote", "you generated",
        "之前", "上次", "上一轮", "会话", "保存", "昨天", "目前的", "连接", "以前",
        "прошл", "предыдущ", "ранее", "раньше", "сесси", "сохран", "вчера", "связи",
        "anterior", "sesión", "guardad", "ayer", "conexión", "hasta ahora",
        "précédent", "auparavant", "session", "sauvegard", "hier$", "coupure", "jusqu'ici", "dernière fois",
        "früher", "vorherig", "sitzung", "gespeichert", "gestern", "verbindung", "bisher", "letztes mal",
        "以前", "前回", "セッション", "保存", "昨日", "接続", "これまで",
        "이전", "지난번", "세션", "저장", "어제", "연결", "지금까지",
        "السابق", "سابق", "جلسة", "محفوظ", "أمس", "الاتصال", "حتى الآن",
        "sessão", "salv", "ontem", "conexão", "até agora",
    ],
    # Change the form of a text: translate, encode, convert, evade a filter.
    "transform": [
        "translat", "encod", "decod", "base64", "base 64", "rot13", "rot-13", "hex$", "hexadecimal", "cipher", "caesar",
        "json", "yaml", "convert", "rewrite", "render", "string literal", "obfuscat", "filter",
        "翻译", "编码", "转换", "十六进制", "重新写", "改写", "过滤",
        "перев", "закодир", "кодир", "преобраз", "перепиши", "фильтр",
        "traduc", "traduz", "codific", "codifiq", "convert", "reescrib", "reescrev", "filtro",
        "tradui", "encod", "réécri", "filtre",
        "übersetz", "kodier", "umgewandelt", "umwandl", "konvertier",
        "翻訳", "エンコード", "変換", "書き直", "フィルター",
        "번역", "인코딩", "변환", "다시 써", "필터",
        "ترجم", "رمّز", "رمز", "تشفير", "محول", "تحويل", "مرشح",
    ],
    # Judging: grade, rate, score, evaluate, reward, rubric, verdict.
    "judge": [
        "judge", "grade", "grading", "grader", "rate$", "rating", "rater", "score", "scoring", "evaluat", "assess",
        "critique", "critic$", "reward", "rubric", "verdict", "criteria", "criterion", "annotat", "label", "rank",
        "leaderboard", "pass or fail", "impartial", "on a scale", "scale of", "out of 10",
        "评分", "打分", "评估", "评价", "评委", "评判", "裁判", "奖励", "分数", "排序", "标注", "几分",
        "оцен", "суд", "балл", "награ", "критери", "шкал", "рейтинг", "ранжир", "беспристраст",
        "evalú", "evalua", "puntú", "puntua", "calific", "juez", "nota$", "recompensa", "rúbrica", "criterio", "escala", "imparcial",
        "évalu", "note$", "noter", "juge", "notation", "récompense", "grille", "critère", "échelle", "classement", "impartial",
        "bewert", "benot", "richter", "punktzahl", "punkte", "belohnung", "rubrik", "kriteri", "skala", "rangliste", "unparteiisch", "note$",
        "評価", "採点", "審査", "報酬", "基準", "スコア", "点数", "何点", "公平",
        "평가", "채점", "심사", "보상", "기준", "점수", "몇 점", "순위", "공정",
        "قيّم", "قيم", "تقييم", "حكم", "درجة", "مكافأة", "معايير", "مقياس", "محايد",
        "avali", "pontu", "juiz", "rubrica", "critério",
    ],
    # Choosing between alternatives: compare, better, prefer, winner, tie, A or B.
    "compare": [
        "compar", "better", "worse", "prefer", "which of", "which one", "winner", "tie$", "draw$", "chosen",
        "rejected", "head-to-head", "versus", "vs$", "pairwise", "side by side", "[[a]]", "[[b]]",
        "a or b$", "1 or 2$",
        "比较", "对比", "更好", "哪个", "哪一个", "偏好", "更喜欢", "胜出", "平局", "更优",
        "сравн", "лучше", "предпоч", "какой из", "ничь", "победит",
        "mejor", "prefer", "cuál", "empat", "ganador",
        "meilleur", "préfér", "laquelle", "lequel", "égalité", "gagnant",
        "vergleich", "besser", "bevorzug", "welche", "gleichstand", "gewinner",
        "比較", "良い方", "どちら", "好む", "引き分け", "勝者",
        "비교", "더 나은", "어느", "선호", "무승부", "승자",
        "قارن", "مقارنة", "أفضل", "يفضل", "تعادل", "الفائز",
        "melhor", "qual$", "empate", "vencedor",
    ],
    # What is judged or reconstructed: a model's response or output.
    "ai_output": [
        "response", "answer", "completion", "output", "reply", "replies", "generation", "assistant", "ai$", "model",
        "llm", "bot$", "candidate",
        "回答", "回复", "答案", "输出", "助手", "模型", "生成",
        "ответ", "ассистент", "модел", "ии$", "генерац",
        "respuesta", "asistente", "modelo", "ia$", "salida", "generad", "generaci",
        "réponse", "assistant", "modèle", "ia$", "sortie", "générat", "généré",
        "antwort", "assistent", "modell", "ki$", "ausgabe",
        "回答", "応答", "返答", "答え", "アシスタント", "モデル",
        "응답", "답변", "대답", "어시스턴트", "모델",
        "إجاب", "رد", "ردود", "المساعد", "نموذج", "الذكاء الاصطناعي", "مخرجات",
        "resposta", "assistente", "saída", "geraç", "gerad",
    ],
    # Language names and language choice.
    "language": [
        "language", "english", "chinese", "japanese", "french", "german", "spanish", "russian", "korean", "arabic",
        "portuguese", "monolingual", "bilingual", "switch",
        "语言", "中文", "英文", "英语", "日语", "汉语", "切换",
        "язык", "по-русски", "по-английски", "английск", "русск", "китайск", "переключ",
        "idioma", "lengua", "inglés", "español", "chino", "cambi",
        "langue", "anglais", "français", "chinois",
        "sprache", "englisch", "deutsch", "chinesisch", "wechsl",
        "言語", "英語", "日本語", "中国語", "切り替",
        "언어", "영어", "한국어", "중국어", "바꾸",
        "لغة", "اللغة", "بلغة", "الإنجليزية", "العربية", "الصينية", "تنتقل",
        "língua", "inglês", "português", "chinês", "mude", "mudar",
    ],
    # Working backwards from a given result: the reasoning behind, that led to, reconstruct, imagine.
    "backward": [
        "behind", "led to", "lead to", "leads to", "would lead", "produced", "would have", "reconstruct", "backfill",
        "imagine", "pretend", "plausible", "articulat", "reverse-engineer", "reverse engineer", "ends in", "arrive at",
        "arrived at", "to reach", "in between", "as if",
        "背后", "得出", "导致", "还原", "重建", "补写", "想象", "假装", "合理的", "推导出", "得到这个",
        "привел", "приводит", "привести", "восстанов", "представь", "правдоподоб", "как будто",
        "llevó", "lleve", "conduc", "reconstru", "imagin", "plausible", "detrás", "como si",
        "mené", "mène", "reconstitu", "reconstru", "imagin", "plausible", "derrière", "comme si", "abouti", "produire",
        "geführt", "führt", "rekonstru", "stell dir", "stelle dir", "vorstell", "plausibl", "dahinter", "als ob",
        "至った", "至る", "導", "再構築", "想像", "もっともらしい", "背後", "逆算",
        "이르게", "이르는", "이어진", "재구성", "상상", "그럴듯", "끝나는", "뒤에",
        "أدى", "أدت", "يؤدي", "تؤدي", "أعد بناء", "تخيل", "معقول", "وراء", "تنتهي",
        "levou", "leva a", "plausível", "por trás", "como se", "termine",
    ],
}

CONCEPT_NAMES: tuple[str, ...] = tuple(CONCEPTS)
PAIRS: tuple[tuple[int, int], ...] = tuple(combinations(range(len(CONCEPT_NAMES)), 2))
N_FEATURES = len(CONCEPT_NAMES) + len(PAIRS)  # singles, then pairs


def lexicon_digest() -> str:
    """SHA-1 of the concept word lists: a model stores the digest of the lists it was trained with."""
    return hashlib.sha1(json.dumps(CONCEPTS, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def feature_names() -> list[str]:
    """Names of the dense features, in column order: each concept, then ``a&b`` per pair."""
    return list(CONCEPT_NAMES) + [f"{CONCEPT_NAMES[i]}&{CONCEPT_NAMES[j]}" for i, j in PAIRS]


_WORD_START = re.compile(r"[a-zа-яёà-ÿ]", re.IGNORECASE)


def _trie_pattern(words: Sequence[str]) -> str:
    """A regex matching the longest of ``words`` at a position (literals; a trailing ``$`` means
    "ends at a word end"), factored by common prefixes so that the engine follows one branch per
    character instead of trying every word."""
    trie: dict[str, dict] = {}
    for w in sorted(set(words)):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, dict]) -> str:
        alts = [(r"\b" if ch == "$" else re.escape(ch)) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


@dataclass(frozen=True)
class ConceptMatcher:
    """Finds which concepts occur in each text and in each segment of a hashed batch.

    Two regexes, each one trie over every concept's words: word-start entries (Latin, Cyrillic)
    behind one ``\\b``, and the rest (CJK, Arabic) anywhere. Kept apart because one alternation of
    both costs the engine its fast literal scan (measured 8x slower). A match names the longest
    entry at its position; that entry counts for its own concepts and those of every shorter entry
    it starts with ("completion" is an output and also "complet...": complete).
    """

    concepts: dict[str, list[str]] = field(default_factory=lambda: CONCEPTS)

    def __post_init__(self) -> None:
        regexes, lookup = [], []
        for bounded in (True, False):
            entries: dict[str, set[int]] = {}
            for k, words in enumerate(self.concepts.values()):
                for w in words:
                    if bool(_WORD_START.match(w)) == bounded:
                        entries.setdefault(w.rstrip("$"), set()).add(k)
            # An entry also carries the concepts of the shorter entries it begins with.
            table = {e: frozenset().union(*(ks for p, ks in entries.items() if e.startswith(p))) for e in entries}
            words = [w for ws in self.concepts.values() for w in ws if bool(_WORD_START.match(w)) == bounded]
            regexes.append(re.compile((r"\b" if bounded else "") + _trie_pattern(words)))
            lookup.append({e: np.array(sorted(ks), dtype=np.int64) for e, ks in table.items()})
        object.__setattr__(self, "_regexes", tuple(zip(regexes, lookup, strict=True)))

    @property
    def n_features(self) -> int:
        """Dense features per unit: one per concept and one per pair of concepts."""
        k = len(self.concepts)
        return k + k * (k - 1) // 2

    def hits(self, g: HashedGrams) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Concepts present per text (n_rows, K) and per segment (n_seg, K), on the prepared
        (lowercased) texts of ``g``; a match belongs to the segment it starts in."""
        k = len(self.concepts)
        row_hits = np.zeros((g.n_rows, k), dtype=bool)
        seg_hits = np.zeros((len(g.seg_row), k), dtype=bool)
        lengths = np.fromiter((len(t) + 1 for t in g.texts), dtype=np.int64, count=g.n_rows)
        text_start = np.concatenate(([0], np.cumsum(lengths)[:-1]))  # (n_rows,) offsets in the joined string
        joined = "\x01".join(g.texts)
        pos: list[int] = []
        con: list[npt.NDArray[np.int64]] = []
        regexes: tuple[tuple[re.Pattern[str], dict[str, npt.NDArray[np.int64]]], ...] = self._regexes  # type: ignore[attr-defined]
        for regex, lookup in regexes:
            for m in regex.finditer(joined):
                ks = lookup[m.group()]
                pos += [m.start()] * len(ks)
                con.append(ks)
        if not pos:
            return row_hits, seg_hits
        p = np.array(pos, dtype=np.int64)
        c = np.concatenate(con)
        row_hits[np.searchsorted(text_start, p, side="right") - 1, c] = True
        if len(g.seg_row):
            seg_global = text_start[g.seg_row] + g.seg_start  # (n_seg,) non-decreasing
            seg_hits[np.searchsorted(seg_global, p, side="right") - 1, c] = True
        return row_hits, seg_hits

    def features(self, hits: npt.NDArray[np.bool_]) -> npt.NDArray[np.float32]:
        """Dense 0/1 features (n, n_features): the concepts, then every pair of them."""
        k = hits.shape[1]
        i, j = np.triu_indices(k, 1)  # the same order as itertools.combinations
        return np.hstack([hits, hits[:, i] & hits[:, j]]).astype(np.float32)
