"""Regenerate linter/inflections.json: lemminflect's forms of every word the built-in rules inflect.

Run after changing a `lemmas` list or a LEMMA pattern in rules/ or a preset:
    python tests/update_inflections.py
tests/test_meta.py fails while the table is stale.
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
    nlp.inflections.cache_clear()
    return asked


def table() -> dict[str, list[str]]:
    return {word: list(nlp.lemminflect_forms(word)) for word in sorted(inflected_words())}


if __name__ == "__main__":
    nlp.INFLECTIONS.write_text(json.dumps(table(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {nlp.INFLECTIONS}")
