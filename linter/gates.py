"""Cheap tests that tell a text cannot match a pattern set, so spaCy never sees it.

Tokenizing and running a Matcher cost far more per word than scanning a string in
C, and most blocks of an article can match only a few of a rule pack's patterns.
Each compiled pattern set carries gates: words one of which any match must contain
(looked up in the set of word runs of the lowered text), substrings for anchors a
plain word split could miss (tokens holding punctuation, pieces of contractions
such as "ca" in "can't"), and whether any digit is enough. A gate may open on a
text that then does not match; it never stays shut on a text that would.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .shapes import compiled

WORD_RUN = re.compile(r"[^\W\d_]+|\d+")
DIGIT = re.compile(r"\d")


class Scan:
    """A text lowered once, with its word runs; whether it holds a digit, a gate's
    substrings or a chunk (linter.shapes) is worked out on first use."""

    __slots__ = ("lower", "words", "_digit", "_holds", "_finds", "_encoded")

    def __init__(self, text: str) -> None:
        self.lower = text.lower()
        self.words = frozenset(WORD_RUN.findall(self.lower))
        self._digit: bool | None = None
        self._holds: dict[int, bool] = {}  # by id of a gate's substrings: many patterns share one
        self._finds: dict[str, bool] = {}
        self._encoded: bytes | None = None

    @property
    def has_digit(self) -> bool:
        if self._digit is None:
            # LIKE_NUM and IS_DIGIT read digits as str.isdigit() does, which \d misses some of ("²").
            self._digit = DIGIT.search(self.lower) is not None or \
                (not self.lower.isascii() and any(ch.isdigit() for ch in self.lower))
        return self._digit

    def holds_any(self, substrings: tuple[str, ...]) -> bool:
        held = self._holds.get(id(substrings))
        if held is None:
            held = self._holds[id(substrings)] = any(piece in self.lower for piece in substrings)
        return held

    def finds(self, chunk: str) -> bool:
        """Whether the lowered text holds a chunk (linter.shapes), asked once per chunk."""
        found = self._finds.get(chunk)
        if found is None:
            if self._encoded is None:  # a lone surrogate reads as "?": neither a space, a letter nor a digit
                self._encoded = self.lower.encode("utf-8", "replace")
            found = self._finds[chunk] = compiled(chunk).search(self._encoded) is not None
        return found


@dataclass(frozen=True)
class Gate:
    words: frozenset[str] = frozenset()
    substrings: tuple[str, ...] = ()
    digits: bool = False
    always: bool = False
    penalty: int = 0  # how much more often than its size says the gate opens

    def opens(self, scan: Scan) -> bool:
        """Cheapest test first: a set intersection in C, then a digit, then substring searches."""
        return self.always or not self.words.isdisjoint(scan.words) or (self.digits and scan.has_digit) or \
            (bool(self.substrings) and scan.holds_any(self.substrings))

    def __or__(self, other: "Gate") -> "Gate":
        return Gate(self.words | other.words, tuple(sorted({*self.substrings, *other.substrings})),
                    self.digits or other.digits, self.always or other.always, self.penalty + other.penalty)

    @property
    def size(self) -> int:
        """How often the gate may open, roughly: fewer anchors open less often."""
        if self.always:
            return 10**6
        return len(self.words) + len(self.substrings) + (1000 if self.digits else 0) + self.penalty


ALWAYS = Gate(always=True)
SHUT = Gate()


def gate_for(anchors: Iterable[str], split_pieces: dict[str, frozenset[str]], digits: bool = False) -> Gate:
    """A gate opening on texts holding any of `anchors` (lower-case token texts).

    An anchor made of letters or of digits is looked up as a word run; one the
    tokenizer also splits out of longer words (`split_pieces`: "ca" of "cannot")
    opens on those words too; any other anchor is searched as a substring.
    """
    words, substrings = set(), set()
    for anchor in anchors:
        if WORD_RUN.fullmatch(anchor):
            words.add(anchor)
            words.update(split_pieces.get(anchor, ()))
        else:
            substrings.add(anchor)
    return Gate(frozenset(words), tuple(sorted(substrings)), digits)
