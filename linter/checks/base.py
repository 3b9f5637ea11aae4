"""What every check kind shares: the analysed article it reads, the hits it yields,
and the helpers that validate a kind's options at load time."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..finding import Fix, Severity
from ..gates import BlockScans, Gate, Scan
from ..nlp import Patterns, patterns_for, pipeline, split_sentences
from ..sources import Block, Document

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span


class OptionsError(ValueError):
    """An option that does not validate; the message names the key and what is allowed."""


@dataclass(frozen=True)
class Hit:
    """What a kind found: a span of `Document.text` (None: the whole document, line 1),
    a reason code keying the rule's message, and the message's named parameters."""

    start: int | None
    end: int | None
    reason: str
    params: dict = field(default_factory=dict)
    fix: Fix | None = None
    severity: Severity | None = None


# What `matchable` replaces: the typographic apostrophe, no-break and narrow spaces, hyphens
# that look like the ASCII one.
TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2010": "-",
                             "\u2011": "-"})
TYPOGRAPHIC_FOUND = re.compile("[\u2019\u00a0\u202f\u2007\u2010\u2011]")


def matchable(text: str) -> str:
    """`text` as patterns read it: a typographic apostrophe ("don’t", "CDC’s") as an ASCII one,
    a no-break space as a space and a no-break hyphen as a hyphen ("13 11 14", "9‑8‑8"), which
    the tokenizer and every rule's patterns expect. One character for one, so offsets into the
    document text still hold."""
    return text.translate(TYPOGRAPHIC) if TYPOGRAPHIC_FOUND.search(text) else text


@dataclass
class Sentence:
    block_index: int
    span: Span
    start: int  # offsets in Document.text
    end: int
    scan: Scan

    def contains(self, offset: int) -> bool:
        """Whether a document-text offset (where a match starts) falls inside the sentence."""
        return self.start <= offset < self.end


class Article:
    """A Document analysed on demand and shared by every rule.

    A block is tokenized only when some pattern's gate opens on its text, and split
    into sentences only when a rule or pattern needs them; each at most once.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self._scans: BlockScans | None = None
        self._docs: dict[int, Doc] = {}
        self._split: dict[int, list[tuple[int, int]]] = {}
        self._sentences: dict[int, list[Sentence]] = {}

    @property
    def blocks(self) -> list[Block]:
        return self.document.blocks

    @property
    def scans(self) -> BlockScans:
        """Every block's Scan, made on first use (linter.gates)."""
        if self._scans is None:
            self._scans = BlockScans([Scan(matchable(self.document.block_text(block))) for block in self.blocks])
        return self._scans

    def opening(self, gate: Gate) -> frozenset[int]:
        """Indices of the blocks whose text opens `gate`."""
        return self.scans.opening(gate)

    def candidates(self, patterns: Patterns) -> frozenset[int]:
        """Indices of the blocks where some matcher of `patterns` has all its gates open (linter.gates)."""
        return patterns.candidates(self.scans) if patterns else frozenset()

    def doc(self, index: int, split: bool = False) -> Doc:
        """The block's tokens; with `split`, also split into sentences (IS_SENT_START)."""
        doc = self._docs.get(index)
        if doc is None:
            doc = self._docs[index] = pipeline().make_doc(matchable(self.document.block_text(self.blocks[index])))
        if split and index not in self._split:
            self._split[index] = split_sentences(doc)
        return doc

    def sentences(self, index: int) -> list[Sentence]:
        """The block's sentences, with their offsets in the document text."""
        if index not in self._sentences:
            doc = self.doc(index, split=True)
            base = self.blocks[index].start
            text = self.document.text
            sentences = []
            for start, end in self._split[index]:
                span = doc[start:end]
                first, last = base + span.start_char, base + span.end_char
                sentences.append(Sentence(index, span, first, last, Scan(matchable(text[first:last]))))
            self._sentences[index] = sentences
        return self._sentences[index]

    def token_matches(self, patterns: Patterns, block_index: int) -> list[tuple[int, int]]:
        """Token (start, end) in the block's Doc of every match of `patterns` in one block."""
        runners = patterns.opening(self.scans, block_index)
        if not runners:  # no matcher's gates all open and chunks are all found here: nothing to tokenize
            return []
        return patterns.spans(self.doc(block_index, split=patterns.needs_sentences), self.scans.scans[block_index],
                              runners)

    def match_offsets(self, patterns: Patterns, block_index: int) -> list[tuple[int, int]]:
        """Document-text (start, end) of every match of `patterns` in one block."""
        return [self.text_span(block_index, start, end) for start, end in self.token_matches(patterns, block_index)]

    def text_span(self, block_index: int, start: int, end: int) -> tuple[int, int]:
        """Document-text (start, end) of the tokens start..end of a block's Doc."""
        doc = self.doc(block_index)
        base = self.blocks[block_index].start
        return base + doc[start].idx, base + doc[end - 1].idx + len(doc[end - 1].text)


# Option helpers -----------------------------------------------------------------

def check_keys(raw: Any, allowed: tuple[str, ...], where: str) -> dict:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise OptionsError(f"{where}: expected a mapping (allowed keys: {', '.join(allowed)})")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        raise OptionsError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(allowed)})")
    return raw


def patterns_option(raw: dict, key: str, where: str) -> Patterns:
    try:
        return patterns_for(raw.get(key), f"{where}.{key}")
    except ValueError as error:
        raise OptionsError(str(error)) from None


def string_list(raw: dict, key: str, where: str) -> tuple[str, ...]:
    values = raw.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise OptionsError(f"{where}.{key}: expected a list of strings")
    return tuple(values)


def optional_string(raw: dict, key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise OptionsError(f"{where}.{key}: expected a string")
    return value


def overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)
