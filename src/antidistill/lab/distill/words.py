"""Word lists for the task family, derived from the GSM8K test questions (MIT licence).

The lists ship as ``words.json`` beside this module so that the task family is identical on every
machine; :func:`build_word_lists` regenerates them from ``<data_dir>/gsm8k/test.jsonl``. Names are
capitalised words that act as a sentence subject and never occur in lower case; objects are plural
nouns that follow a number ("16 eggs"). Places and adjectives are short curated lists because the
GSM8K phrases around them are too noisy to mine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from antidistill.errors import InputError

WORDS_FILE = Path(__file__).with_name("words.json")

_SUBJECT_VERBS = ("has|had|buys|bought|is|was|wants|sells|earns|makes|gets|spends|and|goes|went|takes|decides|"
                  "needs|uses|can|will|works|runs|reads|plants|saves|collects")
_NOT_NAMES = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
# Plural-looking words after numbers that are not countable objects.
_NOT_OBJECTS = {"less", "times", "bonus", "business", "dress", "grass", "costs", "was", "has", "this", "does",
                "is", "his", "yes", "plus", "minus", "news", "always", "sometimes", "hers", "its", "ones"}

PLACES = (
    "market", "store", "shop", "bakery", "farm", "park", "school", "library", "museum", "beach", "zoo", "garden",
    "mall", "fair", "carnival", "station", "airport", "harbor", "village", "city", "town", "forest", "river",
    "lake", "island", "camp", "office", "factory", "warehouse", "kitchen", "garage", "barn", "cafe", "restaurant",
    "hotel", "hospital", "clinic", "church", "theater", "cinema", "stadium", "gym", "pool", "arcade", "circus",
    "festival", "bazaar", "pharmacy", "bookstore", "florist", "orchard", "vineyard", "ranch", "cellar", "attic",
    "basement", "yard", "backyard", "playground", "workshop", "studio", "gallery", "club"
)
ADJECTIVES = (
    "red", "blue", "green", "yellow", "purple", "orange", "pink", "white", "black", "brown", "small", "large",
    "tiny", "huge", "old", "new", "fresh", "shiny", "wooden", "plastic", "golden", "silver", "striped", "spotted",
    "round", "square", "soft", "hard", "sweet", "sour", "warm", "cold", "bright", "dark", "heavy", "light", "clean",
    "dirty", "fancy", "plain", "rare", "cheap", "spare", "extra", "lucky", "happy", "quiet", "noisy", "wild",
    "tame", "ripe", "crunchy", "sticky", "fluffy", "smooth", "rough", "tall", "short"
)


@dataclass(frozen=True)
class WordLists:
    """The open-class vocabulary of the task family."""

    names: tuple[str, ...]
    objects: tuple[str, ...]
    places: tuple[str, ...]
    adjectives: tuple[str, ...]

    def all_words(self) -> set[str]:
        """Every word type in the lists (lower-cased objects, places and adjectives; names as written)."""
        return set(self.names) | set(self.objects) | set(self.places) | set(self.adjectives)


def build_word_lists(gsm8k_test: Path) -> WordLists:
    """Mine names and plural objects from GSM8K questions (deterministic: sorted output)."""
    questions: list[str] = []
    with gsm8k_test.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            try:
                questions.append(str(json.loads(line)["question"]).replace("\u2019", "'"))
            except (json.JSONDecodeError, KeyError) as exc:
                raise InputError(f"not a GSM8K row: {exc}", file=str(gsm8k_test), line=lineno,
                                 field="question") from exc
    lower = {w for q in questions for w in re.findall(r"\b[a-z]+\b", q)}
    names: set[str] = set()
    objects: set[str] = set()
    for q in questions:
        for m in re.finditer(rf"\b([A-Z][a-z]{{2,}}) (?:{_SUBJECT_VERBS})\b", q):
            if m.group(1).lower() not in lower and m.group(1) not in _NOT_NAMES:
                names.add(m.group(1))
        for m in re.finditer(r"\b\d+ ([a-z]{3,}s)\b", q):
            word = m.group(1)
            if word not in _NOT_OBJECTS and not word.endswith(("ss", "us")):
                objects.add(word)
    return WordLists(names=tuple(sorted(names)), objects=tuple(sorted(objects)),
                     places=tuple(sorted(set(PLACES))), adjectives=tuple(sorted(set(ADJECTIVES))))


def save_word_lists(words: WordLists, path: Path = WORDS_FILE) -> None:
    """Write the lists as JSON (one key per list)."""
    path.write_text(json.dumps({"source": "gsm8k/test.jsonl (openai/grade-school-math, MIT)",
                                "names": words.names, "objects": words.objects, "places": words.places,
                                "adjectives": words.adjectives}, indent=0) + "\n")


def load_word_lists(path: Path = WORDS_FILE) -> WordLists:
    """Read the shipped lists; a missing or empty list is an error naming the file and key."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read word lists: {exc}", file=str(path)) from exc
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("names", "objects", "places", "adjectives"):
        values = raw.get(key)
        if not isinstance(values, list) or not values:
            raise InputError("missing or empty word list", file=str(path), field=key)
        lists[key] = tuple(str(v) for v in values)
    return WordLists(**lists)
