"""Regenerate the word tables that spare a run loading lemminflect's own (a fifth of a second):
linter/inflections.json, lemminflect's forms of every word the built-in rules inflect, and
linter/lemmas.json, its lemmas of every word it knows (duplicate-list-item's near duplicates).

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


def lemma_table() -> dict[str, object]:
    """Every word in lemminflect's lemma lookup, lower-cased: those with other lemmas, and those
    that are their own only lemma (a word in neither is guessed at run time)."""
    from lemminflect.core.Lemmatizer import Lemmatizer

    lemmatizer = Lemmatizer()
    words = {word.lower() for word in [*lemmatizer._getLemmaDict(), *lemmatizer._getOverridesDict()]}
    forms, lemmas = {}, []
    for word in sorted(words):
        keys = nlp.lemminflect_lemma_keys(word)
        others = sorted(keys - {word})
        assert not any(" " in lemma for lemma in others), (word, others)
        if others:
            forms[word] = " ".join(others)
        else:
            lemmas.append(word)
    return {"forms": forms, "lemmas": lemmas}


if __name__ == "__main__":
    nlp.INFLECTIONS.write_text(json.dumps(table(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    nlp.LEMMAS.write_text(json.dumps(lemma_table(), separators=(",", ":"), sort_keys=True) + "\n",
                          encoding="utf-8")
    print(f"wrote {nlp.INFLECTIONS} and {nlp.LEMMAS}")
