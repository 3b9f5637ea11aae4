"""Kind `duplicate_items`: an item must not repeat an earlier item of the same list.

Items compare after normalising case, whitespace and punctuation (punctuation
becomes a space). Items whose words differ only in inflection are near
duplicates: each word pair must share a lemma ("Avocado"/"Avocados"), which words
of one root but different lemmas ("withdrawing"/"withdrawal") do not.
"""
from __future__ import annotations

import re
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


MEMO_LIMIT = 1 << 16


class _PunctuationToSpace(dict):
    """A str.translate table reading every punctuation or symbol character as a space,
    filled in as characters are met: a per-character Python loop cost more than the check."""

    def __missing__(self, char: int) -> int:
        value = 32 if unicodedata.category(chr(char))[0] in "PS" else char
        if len(self) < MEMO_LIMIT:  # a file of every code point must not grow it without bound
            self[char] = value
        return value


_PUNCTUATION_TO_SPACE = _PunctuationToSpace()


# A task-list checkbox ("- [ ] Pack snacks", "- [x] Pack snacks") is the item's state, not its text.
TASK_BOX = re.compile(r"\A\[[ xX]\]\s")


def normalised_words(text: str) -> tuple[str, ...]:
    """Lower-cased words with every punctuation or symbol character read as a space, after
    any task-list checkbox."""
    return tuple(TASK_BOX.sub("", text).lower().translate(_PUNCTUATION_TO_SPACE).split())


def _same_lemmas(a: tuple[frozenset[str], ...], b: tuple[frozenset[str], ...]) -> bool:
    return len(a) == len(b) and all(x & y for x, y in zip(a, b))


class _SeenItems:
    """The items of one list so far, indexed so that a new item is compared only with
    earlier items sharing a lemma at its most selective word: comparing every pair
    took 46 s for a list of 8,000 items. Only items of the same number of words can be
    near duplicates, so an item's lemmas are looked up once another item has its length."""

    def __init__(self) -> None:
        self.first_by_words: dict[tuple[str, ...], int] = {}
        self.unindexed: dict[int, tuple[tuple[str, ...], int]] = {}  # length -> its only item so far
        self.indexed_lengths: set[int] = set()
        self.lemmas: list[tuple[tuple[frozenset[str], ...], int]] = []  # (lemmas per word, start)
        self.by_lemma: dict[tuple[int, int, str], list[int]] = {}  # (words, position, lemma) -> items

    def first_equal(self, words: tuple[str, ...]) -> int | None:
        return self.first_by_words.get(words)

    def first_near(self, words: tuple[str, ...]) -> int | None:
        """The start of the first earlier item of the same length whose words share lemmas with these."""
        length = len(words)
        if length not in self.indexed_lengths:
            if length not in self.unindexed:
                return None
            self._index(*self.unindexed.pop(length))
            self.indexed_lengths.add(length)
        lemmas = _lemmas(words)

        def sharing(position: int) -> list[list[int]]:
            return [self.by_lemma.get((length, position, lemma), []) for lemma in lemmas[position]]

        position = min(range(length), key=lambda at: sum(map(len, sharing(at))))
        candidates = sorted({item for items in sharing(position) for item in items})
        return next((self.lemmas[item][1] for item in candidates if _same_lemmas(self.lemmas[item][0], lemmas)),
                    None)

    def add(self, words: tuple[str, ...], start: int) -> None:
        self.first_by_words.setdefault(words, start)
        if len(words) in self.indexed_lengths:
            self._index(words, start)
        else:
            self.unindexed.setdefault(len(words), (words, start))

    def _index(self, words: tuple[str, ...], start: int) -> None:
        lemmas = _lemmas(words)
        for position, keys in enumerate(lemmas):
            for lemma in keys:
                self.by_lemma.setdefault((len(lemmas), position, lemma), []).append(len(self.lemmas))
        self.lemmas.append((lemmas, start))


def _lemmas(words: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    return tuple(lemma_keys(word) for word in words)


def check(options: Options, article: Article) -> Iterator[Hit]:
    document = article.document
    seen: dict[int, _SeenItems] = {}
    for block in article.blocks:
        if block.kind != "item" or block.list_id is None:
            continue
        words = normalised_words(document.block_text(block))
        if not words:
            continue
        earlier = seen.setdefault(block.list_id, _SeenItems())
        match = earlier.first_equal(words)
        reason = "duplicate"
        if match is None and options.near:
            match = earlier.first_near(words)
            reason = "near_duplicate"
        earlier.add(words, block.start)
        if match is None:
            continue
        fix = delete_block(document, block, "Delete the repeated item.")
        first = document.position(match)
        # On one line with this item (a list written on one line of HTML), the line alone points nowhere.
        where = f"line {first.line}, column {first.column}" \
            if first.line == document.position(block.start).line else f"line {first.line}"
        # `first_line` stays for rule packs whose messages were written before `first`.
        yield Hit(block.start, block.end, reason,
                  {"first": where, "first_line": first.line, "item": document.block_text(block)}, fix)
