"""Kind `conditional`: when the article mentions a trigger, it must give a resource.

Triggers come in groups; each group names the resource kinds that satisfy it.
Resources are data per locale, and the configured `locales` restrict which count
(a directory of every country's lines, locale `international`, counts anywhere) and
which the message suggests.
Trigger words inside resource names ("988 Suicide & Crisis Lifeline") are not
triggers. When no resource satisfies a group, the hit says why most usefully: an
outdated number names its replacement, a line named alone ("call Samaritans") needs its
number or address, an emergency number alone is not enough.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from ..finding import Severity
from ..nlp import Patterns
from ..sources import Block
from ..sources.placement import block_at, insert_after
from .base import (Article, Hit, OptionsError, check_keys, optional_string, overlaps,
                   patterns_option, string_list)

REASONS = ("missing", "emergency_only", "outdated", "unnumbered", "unnumbered_emergency_only")
INTERNATIONAL = "international"
LOCALE_CODE = re.compile(r"[A-Za-z0-9_-]+")
KEYS = ("groups", "resources", "names", "emergency", "outdated", "unless", "locales", "example", "fix")


@dataclass(frozen=True)
class Group:
    name: str
    triggers: Patterns
    satisfied_by: tuple[str, ...]
    severity: Severity | None
    enabled: bool
    example: str | None = None  # the group's own resources to suggest ("Poison Control" for an overdose)
    fix: str | None = None  # the group's crisis block, added when the group is unmet


@dataclass(frozen=True)
class Resource:
    name: str
    locales: tuple[str, ...]  # where the line answers, its `locale` key: one code or a list ("988" serves us and ca)
    kind: str
    match: Patterns
    domains: tuple[str, ...]
    called: tuple[str, ...] = ()  # what articles call the line: a clause saying one is not for emergencies sets it aside
    example: str | None = None  # how the message suggests the line to a publisher restricted to its locales
    known_as: tuple[str, ...] = ()  # its names alone ("Samaritans"): so named, the message asks for its number

    def serves(self, locales: tuple[str, ...]) -> bool:
        """Whether the line counts for readers in `locales` (none configured: everywhere)."""
        return not locales or INTERNATIONAL in self.locales or not set(self.locales).isdisjoint(locales)

    def named_in(self, text: str) -> bool:
        """Whether `text` names the line as written ("FRANK", not the adjective "frank")."""
        return bool(self.called) and _any_name(self.called).search(text) is not None


@lru_cache(maxsize=64)
def _any_name(names: tuple[str, ...]) -> re.Pattern:
    """Any of `names` as written, as a whole word, in one pass: the longest first where names
    share a start."""
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(names, key=len, reverse=True)))})(?!\w)")


@dataclass(frozen=True)
class Outdated:
    match: Patterns
    current: str


@dataclass(frozen=True)
class Options:
    groups: tuple[Group, ...]
    resources: tuple[Resource, ...]
    names: Patterns
    emergency: Patterns
    outdated: tuple[Outdated, ...]
    unless: Patterns
    locales: tuple[str, ...]
    example: str | None
    fix: str | None

    @classmethod
    def parse(cls, raw, where: str) -> "Options":
        raw = check_keys(raw, KEYS, where)
        resources = tuple(_resource(item, f"{where}.resources[{i}]")
                          for i, item in enumerate(raw.get("resources") or []))
        kinds = {resource.kind for resource in resources}
        groups_raw = raw.get("groups")
        if not isinstance(groups_raw, dict) or not groups_raw:
            raise OptionsError(f"{where}.groups: expected a mapping of group names to triggers")
        groups = tuple(_group(name, value, f"{where}.groups.{name}", kinds) for name, value in groups_raw.items())
        outdated = []
        for index, item in enumerate(raw.get("outdated") or []):
            item_where = f"{where}.outdated[{index}]"
            item = check_keys(item, ("match", "current"), item_where)
            outdated.append(Outdated(patterns_option(item, "match", item_where),
                                     optional_string(item, "current", item_where) or ""))
        locales = string_list(raw, "locales", where)
        known = {locale for resource in resources for locale in resource.locales}
        for locale in locales:
            if locale not in known:
                raise OptionsError(f"{where}.locales: unknown locale {locale!r} (allowed: {', '.join(sorted(known))})")
        return cls(groups, resources, patterns_option(raw, "names", where),
                   patterns_option(raw, "emergency", where), tuple(outdated),
                   patterns_option(raw, "unless", where), locales,
                   optional_string(raw, "example", where), optional_string(raw, "fix", where))


def _group(name: str, raw, where: str, kinds: set[str]) -> Group:
    raw = check_keys(raw, ("triggers", "satisfied_by", "severity", "enabled", "example", "fix"), where)
    satisfied_by = string_list(raw, "satisfied_by", where)
    for kind in satisfied_by:
        if kind not in kinds:
            raise OptionsError(f"{where}.satisfied_by: unknown resource kind {kind!r} "
                               f"(allowed: {', '.join(sorted(kinds))})")
    severity = raw.get("severity")
    try:
        severity = Severity.parse(severity) if severity is not None else None
    except ValueError as error:
        raise OptionsError(f"{where}.severity: {error}") from None
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise OptionsError(f"{where}.enabled: expected true or false")
    return Group(name, patterns_option(raw, "triggers", where), satisfied_by, severity, enabled,
                 optional_string(raw, "example", where), optional_string(raw, "fix", where))


def _resource(raw, where: str) -> Resource:
    raw = check_keys(raw, ("name", "locale", "kind", "match", "domains", "called", "example", "known_as"), where)
    for key in ("name", "kind"):
        if not isinstance(raw.get(key), str):
            raise OptionsError(f"{where}.{key}: expected a string")
    locale = raw.get("locale")
    locales = [locale] if isinstance(locale, str) else locale if isinstance(locale, list) else []
    if not locales or not all(isinstance(code, str) and LOCALE_CODE.fullmatch(code) for code in locales):
        raise OptionsError(f"{where}.locale: expected a locale code (such as us) or a list of them")
    return Resource(raw["name"], tuple(locales), raw["kind"], patterns_option(raw, "match", where),
                    string_list(raw, "domains", where), string_list(raw, "called", where),
                    optional_string(raw, "example", where), string_list(raw, "known_as", where))


def _triggers(article: Article, options: Options) -> dict[str, tuple[int, int]]:
    """The first mention of each enabled group's triggers, outside resource names."""
    return _first_mentions(article, options, [group for group in options.groups if group.enabled])


def _first_mentions(article: Article, options: Options, groups: list[Group],
                    within: Callable[[int], bool] = lambda index: True) -> dict[str, tuple[int, int]]:
    """The first mention of each group's triggers, outside resource names, in the blocks `within` accepts."""
    first: dict[str, tuple[int, int]] = {}
    blocks = set().union(*(article.candidates(group.triggers) for group in groups))
    for index in sorted(blocks):
        if len(first) == len(groups):  # every group's first mention is found
            break
        if not within(index):
            continue
        name_spans = None
        for group in groups:
            if group.name in first:
                continue
            found = article.match_offsets(group.triggers, index)
            if not found:
                continue
            if name_spans is None:
                name_spans = article.match_offsets(options.names, index)
            mentions = [span for span in found if not overlaps(span, name_spans)]
            if mentions:
                first[group.name] = mentions[0]
    return first


def _fix_anchor(article: Article, options: Options, groups: list[Group], first_mention: int) -> int:
    """Where the crisis block follows: the first mention, unless a page's menu or header holds it
    (an "Overdose" link in the site's nav, before its article): then the first in the article body."""
    document = article.document
    if document.body is None:
        return first_mention
    body_start, body_end = document.body

    def in_body(block: Block) -> bool:
        return body_start <= block.source_start and block.source_end <= body_end

    if in_body(block_at(document, first_mention)):
        return first_mention
    in_article = _first_mentions(article, options, groups, lambda index: in_body(document.blocks[index]))
    return min((start for start, _ in in_article.values()), default=first_mention)


TRUNK_PREFIX = re.compile(r"(?:\+?1[-. ]?)?$")  # before a North American number
# After a line's name, what shows another line of that name: a further capitalised word ("Lifeline
# Fiji") or a phone number healthlint does not know as the line's ("TELL Lifeline (English):
# 03-5774-0992" is not Australia's Lifeline).
ANOTHER_LINE = re.compile(r" [A-Z]\w|[^\n]{0,40}?\d[\d ().\-–]{4,}\d")
# A sentence opening with one of these speaks of the line the sentence before named last.
REFERRING_OPENERS = frozenset(("it", "this", "that", "they", "these"))
# Where a clause ends inside a sentence: a semicolon, a colon (not in "14:00" or "https://"), a
# dash, "but" before a new subject ("Samaritans answer day and night, but Childline is not an
# emergency service"; not "..., but it cannot help in an emergency", where "it" is the line
# itself), or ", and" or ", or" before a new name ("call SADAG on 0800 567 567, and PNDSA on
# 082 882 0072 (not a crisis line)"). The lookbehind keeps a long run of spaces from being
# tried at every position.
CLAUSE_BREAK = re.compile(r"[;—]|:(?!\d|//)|\s[–-]\s|(?<!\s),?\s+but\s+(?=[A-Z][a-z]|[0-9])"
                          r"|(?<!\s),\s+(?:and|or)\s+(?=[A-Z][A-Za-z])")


def _clauses(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The clauses of the sentence text[start:end] that hold `spans`; its breaks are found once."""
    breaks = [(found.start(), found.end()) for found in CLAUSE_BREAK.finditer(text, start, end)]
    break_ends = [stop for _, stop in breaks]
    break_starts = [begin for begin, _ in breaks]
    clauses = set()
    for span_start, span_end in spans:
        before = bisect_right(break_ends, span_start)
        after = bisect_left(break_starts, span_end)
        clauses.add((break_ends[before - 1] if before else start,
                     break_starts[after] if after < len(breaks) else end))
    return clauses


def _first_match(article: Article, patterns: Patterns, excluded) -> tuple[int, int] | None:
    """The first span the patterns match outside the excluded clauses, or None."""
    for index in sorted(article.candidates(patterns)):
        for span in article.match_offsets(patterns, index):
            if not overlaps(span, excluded.get(index, ())):
                return span
    return None


def _resource_kinds(article: Article, options: Options, excluded, needed: set[str]) -> set[str]:
    """The kinds among `needed` that some resource in the article gives."""
    # Where a resource's web address may stand: its links, or the text itself ("chat at hopeforwellness.ca").
    addresses = [link.href.lower() for link in article.document.links] + [article.document.text.lower()]
    # A line the article itself says is not for emergencies ("FRANK's advisers can't help in an
    # emergency") does not count anywhere in it, even where its number stands in another sentence.
    disclaimed = [article.document.text[start:end] for spans in excluded.values() for start, end in spans]
    kinds = set()
    for resource in options.resources:
        if not resource.serves(options.locales):
            continue
        if resource.kind not in needed or resource.kind in kinds or \
                any(resource.named_in(text) for text in disclaimed):
            continue
        if any(domain in address for domain in resource.domains for address in addresses) or \
                _first_match(article, resource.match, excluded) is not None:
            kinds.add(resource.kind)
    return kinds


def _named_alone(article: Article, options: Options, group: Group) -> str | None:
    """The first line that would meet `group` which the article names without its number or
    address ("call Samaritans"), as written; None when it names none. A line given with its
    number is not named alone, even where the article says it is not for emergencies."""
    lines: dict[str, list[Resource]] = {}
    for resource in options.resources:
        if resource.kind in group.satisfied_by and resource.serves(options.locales):
            for name in resource.known_as:
                lines.setdefault(name, []).append(resource)
    if not lines:
        return None
    text = article.document.text
    for found in _any_name(tuple(sorted(lines))).finditer(text):
        if ANOTHER_LINE.match(text, found.end()) is None and \
                any(_first_match(article, resource.match, {}) is None for resource in lines[found.group()]):
            return found.group()
    return None


def _example(options: Options, group: Group) -> str:
    """The lines the message suggests: with `locales` configured, one of each needed kind per
    locale, then the international directory."""
    if options.locales:
        suggested = []
        for locale in (*options.locales, INTERNATIONAL):
            for kind in group.satisfied_by:
                line = next((resource.example for resource in options.resources if resource.kind == kind
                             and resource.example and locale in resource.locales), None)
                if line and line not in suggested:
                    suggested.append(line)
        if len(suggested) > 1:
            return f"{', '.join(suggested[:-1])} or {suggested[-1]}"
        if suggested:
            return suggested[0]
    return group.example or options.example or ""


def check(options: Options, article: Article) -> Iterator[Hit]:
    triggered = _triggers(article, options)
    if not triggered:
        return
    # A clause that says a line is not for emergencies does not offer a resource.
    excluded: dict[int, list[tuple[int, int]]] = {}
    for index in article.candidates(options.unless):
        negated = article.match_offsets(options.unless, index)
        clauses: set[tuple[int, int]] = set()
        prose = article.document.text
        sentences = article.sentences(index)
        for position, sentence in enumerate(sentences):
            inside = [span for span in negated if sentence.contains(span[0])]
            if inside:
                clauses |= _clauses(prose, sentence.start, sentence.end, inside)
                # "FRANK: 0300 123 6600. It is not an emergency service.": the line named just before.
                if position and sentence.span[0].lower_ in REFERRING_OPENERS:
                    before = sentences[position - 1]
                    clauses |= _clauses(prose, before.start, before.end, [(before.end - 1, before.end)])
        excluded[index] = sorted(clauses)
    groups = [group for group in options.groups if group.name in triggered]
    kinds = _resource_kinds(article, options, excluded, {kind for group in groups for kind in group.satisfied_by})
    # The unmet groups in the order of their first mentions: the first is reported.
    unmet = sorted(((triggered[group.name], group) for group in groups if not kinds.intersection(group.satisfied_by)),
                   key=lambda pair: pair[0])
    if not unmet:
        return
    (start, end), group = unmet[0]
    # Suggest what meets every unmet group when one group's resources do: a crisis line serves
    # an overdose too, so an article naming overdose first and suicide later is pointed to one.
    covering = next((each for _, each in unmet if all(set(each.satisfied_by) <= set(other.satisfied_by)
                                                      for _, other in unmet)), group)
    params = {"trigger": article.document.text[start:end], "example": _example(options, covering)}
    blocks = dict.fromkeys(each.fix for _, each in unmet if each.fix)
    text = options.fix or " ".join(blocks)  # a configured block stands for every group's
    anchor = _fix_anchor(article, options, [each for _, each in unmet], start)
    fix = insert_after(article.document, block_at(article.document, anchor), text,
                       "Insert the suggested text after the paragraph of the first mention.") if text else None
    outdated = next(((o, span) for o in options.outdated if (span := _first_match(article, o.match, excluded))), None)
    if outdated is not None:
        old, (number_start, number_end) = outdated
        document = article.document
        # Quote the number as dialled: the pattern matches from its area code ("1-800-273-8255").
        number_start -= len(TRUNK_PREFIX.search(document.text, max(0, number_start - 3), number_start).group())
        yield Hit(start, end, "outdated", {**params, "current": old.current,
                                            "number": document.text[number_start:number_end],
                                            "line": str(document.position(number_start).line)}, fix, group.severity)
        return
    named = _named_alone(article, options, group)
    emergency = _first_match(article, options.emergency, {}) is not None  # "..., so call 999" is one still
    if named is not None:
        yield Hit(start, end, "unnumbered_emergency_only" if emergency else "unnumbered", {**params, "named": named},
                  fix, group.severity)
    else:
        yield Hit(start, end, "emergency_only" if emergency else "missing", params, fix, group.severity)
