"""Regenerate the word tables that spare a run loading lemminflect's own (a fifth of a second):
linter/inflections.json, lemminflect's forms of every word the built-in rules inflect, and
linter/lemmas.tsv, its lemmas of every word it knows (duplicate-list-item's near duplicates).

Run after changing a `lemmas` list or a LEMMA pattern in rules/ or a preset, or lemminflect:
    python tests/update_inflections.py
tests/test_meta.py fails while a table is stale.
"""
from __future__ import annotations

import json
from unittest import mock

from linter import nlp
from linter.config import PRESETS_DIR, load


def inflected_words() -> set[str]:
    """The words compiling the built-in rules (and each preset) asks to inflect, table ignored."""
    asked: set[str] = set()
    forms = nlp.lemminflect_forms

    def record(word: str) -> tuple[str, ...]:
        asked.add(word)
        return forms(word)

    with mock.patch.object(nlp, "shipped_inflections", dict), mock.patch.object(nlp, "lemminflect_forms", record):
        nlp.inflections.cache_clear()
        for preset in sorted(PRESETS_DIR.glob("*.yaml")):
            load(preset).rules_for()
        nlp.compile_waiting()  # the built-in packs' sets wait for first use: compile them here
    nlp.inflections.cache_clear()
    return asked


def table() -> dict[str, list[str]]:
    return {word: list(nlp.lemminflect_forms(word)) for word in sorted(inflected_words())}


def lemma_table() -> str:
    """Every word in lemminflect's lemma lookup, lower-cased, a line each in the order of their
    UTF-8 bytes (linter.nlp searches it by bisection): the word, then a tab and its other
    lemmas when it has any (a word not listed is guessed at run time)."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    words = {word.lower() for word in [*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()]}
    lines = []
    for word in sorted(words, key=lambda word: word.encode("utf-8")):
        assert not any(char in word for char in "\t\n"), word
        others = sorted(nlp.lemminflect_lemma_keys(word) - {word})
        assert not any(" " in lemma for lemma in others), (word, others)
        lines.append(f"{word}\t{' '.join(others)}" if others else word)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    nlp.INFLECTIONS.write_text(json.dumps(table(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    nlp.LEMMAS.write_bytes(lemma_table().encode("utf-8"))
    print(f"wrote {nlp.INFLECTIONS} and {nlp.LEMMAS}")
