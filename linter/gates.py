"""Cheap tests that tell a text cannot match a pattern set, so spaCy never sees it.

Tokenizing and running a Matcher cost far more per word than scanning a string in
C, and most blocks of an article can match only a few of a rule pack's patterns.
Each compiled pattern set carries gates: words one of which any match must contain
(looked up in the set of word runs of the lowered text), substrings for anchors a
plain word split could miss (tokens holding punctuation, pieces of contractions
such as "ca" in "can't"), and whether any digit is enough. A gate may open on a
text that then does not match; it never stays shut on a text that would. An
article's gates are decided for all its blocks at once (BlockScans).
"""
from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence, TypeVar

from .shapes import compiled

WORD_RUN = re.compile(r"[^\W\d_]+|\d+")
# The same runs in lowered ASCII text, found in two thirds of the time.
ASCII_WORD_RUN = re.compile(r"[a-z]+|[0-9]+")
DIGIT = re.compile(r"\d")


class Scan:
    """A text lowered once, with its word runs; whether it holds a digit, a gate's
    substrings or a chunk (linter.shapes) is worked out on first use."""

    __slots__ = ("lower", "words", "_digit", "_holds", "_finds", "_encoded")

    def __init__(self, text: str) -> None:
        self.lower = text.lower()
        self.words = frozenset((ASCII_WORD_RUN if self.lower.isascii() else WORD_RUN).findall(self.lower))
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
    penalty: int = 0  # how much more often than its size says the gate opens

    def opens(self, scan: Scan) -> bool:
        """Cheapest test first: a set intersection in C, then a digit, then substring searches."""
        return not self.words.isdisjoint(scan.words) or (self.digits and scan.has_digit) or \
            (bool(self.substrings) and scan.holds_any(self.substrings))

    @property
    def size(self) -> int:
        """How often the gate may open, roughly: fewer anchors open less often."""
        return len(self.words) + len(self.substrings) + (1000 if self.digits else 0) + self.penalty


T = TypeVar("T")
NOWHERE: frozenset[int] = frozenset()


class BlockScans:
    """The Scans of a document's blocks, and which blocks each gate opens on.

    A gate is decided for every block at once, by set operations in C, rather than by
    a call per block and pattern set: an article has dozens of blocks and a rule pack
    dozens of gates, most of which open on few blocks. What is worked out is kept for
    the document; entries hold their key, so no id is reused while the document lives.
    """

    def __init__(self, scans: Sequence[Scan]) -> None:
        self.scans = scans
        self.everywhere = frozenset(range(len(scans)))
        # Which blocks hold each word, in one pass: gates ask about a fifth of an article's
        # words, and finding each one's blocks by testing every block cost more than this.
        self._by_word: dict[str, list[int]] = {}
        for index, scan in enumerate(scans):
            for word in scan.words:
                held = self._by_word.get(word)
                if held is None:
                    self._by_word[word] = [index]
                else:
                    held.append(index)
        self._words = frozenset(self._by_word)
        # The blocks' texts joined, to find a substring's blocks in a few searches.
        self._lower = "\n".join(scan.lower for scan in scans)
        self._starts = list(itertools.accumulate((len(scan.lower) + 1 for scan in scans[:-1]), initial=0))
        self._holding: dict[str, list[int]] = {}
        self._memo: dict[int, tuple[object, object]] = {}

    def memo(self, key: object, work: Callable[["BlockScans"], T]) -> T:
        """`work(self)`, done once per `key` (by identity) for this document."""
        held = self._memo.get(id(key))
        if held is None:
            held = self._memo[id(key)] = (key, work(self))
        return held[1]  # type: ignore[return-value]

    def opening(self, gate: Gate) -> frozenset[int]:
        """Indices of the blocks `gate` opens on."""
        return self.memo(gate, lambda _: self._decide(gate))

    def opening_all(self, gates: tuple[Gate, ...]) -> frozenset[int]:
        """Indices of the blocks every one of `gates` opens on (none: every block). Gates
        come narrowest first, as a runner lists them: the first is decided for the whole
        document, the others only on the few blocks it leaves."""
        if gates and self._shut(gates[0]):  # most runners' gates, told without a call more
            return NOWHERE

        def decide(_) -> frozenset[int]:
            if not gates:
                return self.everywhere
            found = self.opening(gates[0])
            for gate in gates[1:]:
                found = frozenset(index for index in found if gate.opens(self.scans[index]))
            return found
        return self.memo(gates, decide)

    def _shut(self, gate: Gate) -> bool:
        """Whether `gate` opens on no block for want of its words, the usual case."""
        return not gate.digits and not gate.substrings and gate.words.isdisjoint(self._words)

    def _decide(self, gate: Gate) -> frozenset[int]:
        found: set[int] = set()
        for word in gate.words & self._words:
            found.update(self._by_word[word])
        if gate.digits:
            found.update(i for i, scan in enumerate(self.scans) if scan.has_digit)
        for piece in gate.substrings:
            held = self._holding.get(piece)
            if held is None:  # many gates share a substring ("%", "'s")
                held = self._holding[piece] = list(self._blocks_holding(piece))
            found.update(held)
        return frozenset(found)

    def _blocks_holding(self, piece: str) -> Iterable[int]:
        """The blocks whose text holds `piece`: one search per block found, not per block."""
        if not piece:  # every text holds the empty string
            yield from range(len(self.scans))
            return
        position = self._lower.find(piece)
        while position >= 0:
            index = bisect_right(self._starts, position) - 1
            end = self._starts[index] + len(self.scans[index].lower)
            if position + len(piece) <= end:
                yield index
                position = end  # on to the next block
            else:
                position += 1  # across the joint between two blocks: no block holds this one
            position = self._lower.find(piece, position)


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
