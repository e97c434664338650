"""The hand-written template tables the classifier is trained on: every template formats, and no text is
both an attack and a hard negative (a contradictory label the fit would silently average away)."""

from __future__ import annotations

import re
import string

from antidistill.signals.corpus.lexicon import LANGS
from antidistill.signals.corpus.negatives import HARD_NEGATIVES
from antidistill.signals.corpus.positives import FAMILIES

POSITIVE_SLOTS = {"c", "l", "e", "q", "r", "r2"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _norm(template: str) -> str:
    return re.sub(r"\s+", " ", template).strip().lower()


def test_attack_templates_use_only_known_slots_and_format() -> None:
    bad = []
    for family, by_lang in FAMILIES.items():
        for lang, templates in by_lang.items():
            for t in templates:
                if not _fields(t) <= POSITIVE_SLOTS:
                    bad.append((family, lang, t[:60], _fields(t) - POSITIVE_SLOTS))
                else:
                    t.format(c="C", l="L", e="E", q="Q", r="R", r2="R2")
    assert not bad


def test_hard_negative_templates_take_only_the_task_slot_and_cover_every_language() -> None:
    for family, by_lang in HARD_NEGATIVES.items():
        for lang, templates in by_lang.items():
            assert templates, (family, lang)
            for t in templates:
                assert _fields(t) <= {"q"}, (family, lang, t[:60])
                t.format(q="Q")
    # the families added with the expanded tables are written in all ten languages
    for family in ("explain_given_solution", "human_rating", "user_text_continue", "language_practice",
                   "reasoning_about_people", "opinion_questions", "assistant_system",
                   "visible_reasoning_request"):
        assert set(HARD_NEGATIVES[family]) == set(LANGS), family


def test_no_template_is_both_an_attack_and_a_hard_negative() -> None:
    attacks = {_norm(t) for by_lang in FAMILIES.values() for ts in by_lang.values() for t in ts}
    benign = {_norm(t) for by_lang in HARD_NEGATIVES.values() for ts in by_lang.values() for t in ts}
    assert not attacks & benign


def test_no_attack_template_sits_in_two_families() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for family, by_lang in FAMILIES.items():
        for ts in by_lang.values():
            for t in ts:
                key = _norm(t)
                if owner.setdefault(key, family) != family:
                    clashes.append((owner[key], family, t[:60]))
    assert not clashes


def test_every_family_has_varied_wording() -> None:
    """Paraphrase robustness needs many phrasings per intent, and in every language: at least 30 English
    templates per family and 6 per other language, and at least half of them not built on the ``{c}`` filler."""
    for family, by_lang in FAMILIES.items():
        assert len(by_lang["en"]) >= 30, family
        assert min(len(by_lang[lang]) for lang in LANGS) >= 6, family
        spelled_out = sum("{c}" not in t for ts in by_lang.values() for t in ts)
        assert spelled_out >= 0.5 * sum(len(ts) for ts in by_lang.values()), family
