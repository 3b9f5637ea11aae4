"""Kind `duplicate_items`: an item must not repeat an earlier item of the same list.

Items compare after normalising case, whitespace and punctuation (punctuation
becomes a space). Items whose words differ only in inflection are near
duplicates: each word pair must share a lemma ("Avocado"/"Avocados"), which words
of one root but different lemmas ("withdrawing"/"withdrawal") do not.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterator

from ..nlp import lemma_keys
from ..sources.placement import delete_block
from .base import Article, Hit, OptionsError, check_keys

REASONS = ("duplicate", "near_duplicate")
KEYS = ("near",)


@dataclass(frozen=True)
class Options:
    near: bool

    @classmethod
    def parse(cls, raw, where: str) -> "Options":
        raw = check_keys(raw, KEYS, where)
        near = raw.get("near", True)
        if not isinstance(near, bool):
            raise OptionsError(f"{where}.near: expected true or false")
        return cls(near)


def normalised_words(text: str) -> tuple[str, ...]:
    """Lower-cased words with every punctuation or symbol character read as a space."""
    chars = (" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text.lower())
    return tuple("".join(chars).split())


def _same_lemmas(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same length, and each pair of words is one word or shares a lemma (looked up only for
    pairs that differ: loading the lemma tables is the costliest step of a one-file run)."""
    return len(a) == len(b) and all(x == y or lemma_keys(x) & lemma_keys(y) for x, y in zip(a, b))


def check(options: Options, article: Article) -> Iterator[Hit]:
    document = article.document
    seen: dict[int, list[tuple[tuple[str, ...], int]]] = {}
    for block in article.blocks:
        if block.kind != "item" or block.list_id is None:
            continue
        words = normalised_words(document.block_text(block))
        if not words:
            continue
        earlier = seen.setdefault(block.list_id, [])
        match = next((start for w, start in earlier if w == words), None)
        reason = "duplicate"
        if match is None and options.near:
            match = next((start for w, start in earlier if _same_lemmas(w, words)), None)
            reason = "near_duplicate"
        earlier.append((words, block.start))
        if match is None:
            continue
        fix = delete_block(document, block, "Delete the repeated item.")
        yield Hit(block.start, block.end, reason,
                  {"first_line": document.position(match).line, "item": document.block_text(block)}, fix)
