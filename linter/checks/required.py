"""Kind `required`: the article must contain a statement somewhere (document level).

A sentence is the statement when it matches every part of one alternative (for a
disclaimer: a subject that is the content, and a claim that it is informational or
no substitute for advice), and no `unless` pattern. A sentence opening with a word
of `openers` ("It", "This") may take the parts `carried` names from the sentence
before it in its block: "This resource shares general information. It does not
take the place of care from a doctor." A front-matter field can stand in for the
statement, for sites whose templates render it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..nlp import Patterns
from ..sources import parse
from ..sources.placement import insert_at_end
from .base import Article, Hit, OptionsError, check_keys, optional_string, overlaps, patterns_option, string_list

REASONS = ("missing",)
KEYS = ("statements", "parts", "unless", "carried", "openers", "front_matter_field", "fix")


@dataclass(frozen=True)
class Options:
    statements: tuple[tuple[str, ...], ...]
    parts: dict[str, Patterns]
    unless: Patterns
    carried: frozenset[str]  # parts a sentence opening with one of `openers` takes from the sentence before
    openers: frozenset[str]
    front_matter_field: str | None
    fix: str | None

    @classmethod
    def parse(cls, raw, where: str) -> "Options":
        raw = check_keys(raw, KEYS, where)
        parts_raw = raw.get("parts") or {}
        if not isinstance(parts_raw, dict) or not parts_raw:
            raise OptionsError(f"{where}.parts: expected a mapping of part names to pattern sets")
        parts = {name: patterns_option(parts_raw, name, f"{where}.parts") for name in parts_raw}
        statements = raw.get("statements")
        if not isinstance(statements, list) or not statements:
            raise OptionsError(f"{where}.statements: expected a list of lists of part names")
        for index, alternative in enumerate(statements):
            if not isinstance(alternative, list) or not alternative:
                raise OptionsError(f"{where}.statements[{index}]: expected a list of part names")
            _check_part_names(alternative, parts, f"{where}.statements[{index}]")
        carried = string_list(raw, "carried", where)
        _check_part_names(carried, parts, f"{where}.carried")
        return cls(tuple(tuple(a) for a in statements), parts, patterns_option(raw, "unless", where),
                   frozenset(carried), frozenset(word.lower() for word in string_list(raw, "openers", where)),
                   optional_string(raw, "front_matter_field", where), optional_string(raw, "fix", where))


def _check_part_names(names, parts: dict[str, Patterns], where: str) -> None:
    for name in names:
        if name not in parts:
            raise OptionsError(f"{where}: unknown part {name!r} (allowed: {', '.join(parts)})")


def declared_in_front_matter(article: Article, options: Options) -> bool:
    """The front-matter field set to true, or to the statement's own text: "TBD", "n/a" or
    a quoted "false" is neither."""
    field = options.front_matter_field
    value = article.document.front_matter.get(field) if field else None
    if value is True or (isinstance(value, str) and value.strip().lower() == "true"):
        return True
    return isinstance(value, str) and has_statement(Article(parse(value, "txt", article.document.path)), options)


def has_statement(article: Article, options: Options) -> bool:
    blocks = set().union(*(frozenset.intersection(*(article.candidates(options.parts[name]) for name in alternative))
                           for alternative in options.statements))
    for index in sorted(blocks):
        matches: dict[str, list[tuple[int, int]]] = {}

        def found(name: str) -> list[tuple[int, int]]:
            if name not in matches:
                matches[name] = article.match_offsets(options.parts[name], index)
            return matches[name]

        # Only alternatives whose every part may match here (gates and chunks, decided without
        # tokenizing) are tried, and only sentences of blocks where one has every part are examined.
        alternatives = [alternative for alternative in options.statements
                        if all(options.parts[name].opening(article.scans, index) for name in alternative)]
        if not any(all(found(name) for name in alternative) for alternative in alternatives):
            continue
        excluded = article.match_offsets(options.unless, index)
        sentences = article.sentences(index)
        for position, sentence in enumerate(sentences):
            if overlaps((sentence.start, sentence.end), excluded):
                continue
            before = sentences[position - 1] if position and sentence.span[0].lower_ in options.openers else None

            def met(name: str) -> bool:
                where = (sentence, before) if before is not None and name in options.carried else (sentence,)
                return any(held.contains(start) for held in where for start, _ in found(name))

            if any(all(met(name) for name in alternative) for alternative in alternatives):
                return True
    return False


def check(options: Options, article: Article) -> Iterator[Hit]:
    if declared_in_front_matter(article, options):
        return
    if has_statement(article, options):
        return
    fix = insert_at_end(article.document, options.fix, "Insert the suggested text at the end of the article.") \
        if options.fix else None
    yield Hit(None, None, "missing", {}, fix)
