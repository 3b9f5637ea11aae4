"""What every check kind shares: the analysed article it reads, the hits it yields,
and the helpers that validate a kind's options at load time."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator

from spacy.tokens import Doc, Span

from ..finding import Fix, Severity
from ..nlp import Patterns, compile_patterns
from ..sources import Block, Document


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


@dataclass
class Sentence:
    block_index: int
    span: Span
    start: int  # offsets in Document.text
    end: int


@dataclass
class Article:
    """A Document with one spaCy Doc per block, built once and shared by every rule."""

    document: Document
    docs: list[Doc]

    @property
    def blocks(self) -> list[Block]:
        return self.document.blocks

    @cached_property
    def sentences(self) -> list[list[Sentence]]:
        """The sentences of each block, with their offsets in the document text."""
        result = []
        for index, (block, doc) in enumerate(zip(self.blocks, self.docs)):
            result.append([Sentence(index, sent, block.start + sent.start_char, block.start + sent.end_char)
                           for sent in doc.sents])
        return result

    def match_offsets(self, patterns: Patterns, block_index: int) -> list[tuple[int, int]]:
        """Document-text (start, end) of every match of `patterns` in one block."""
        if not patterns:
            return []
        doc = self.docs[block_index]
        base = self.blocks[block_index].start
        return [(base + doc[s].idx, base + doc[e - 1].idx + len(doc[e - 1].text))
                for s, e in patterns.spans(doc)]


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
        return compile_patterns(raw.get(key), f"{where}.{key}")
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


def within(offset: int, start: int, end: int) -> bool:
    return start <= offset < end


Check = Iterator[Hit]
