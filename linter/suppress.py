"""Inline suppression: the directives in an article silence findings after every rule ran.

Markdown and HTML carry directives in comments (`<!-- healthlint-disable ids -- reason -->`),
plain text on a line of its own, Markdown front matter under `healthlint: {disable: [ids]}`.
Readers only expose the comments and where the front matter stands; this module reads
the directives, drops the findings they silence, and reports directives that are wrong
(an unknown rule or keyword), lack a reason `--require-reason` asks for, or silenced
nothing under `--report-unused-disables`. Kinds never see any of it.
"""
from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .checks import DOCUMENT_LEVEL_KINDS
from .finding import Finding, Position, Severity
from .rulepack import Rule
from .sources import Document

KEYWORDS = ("disable", "enable", "disable-next-line", "disable-file")
FRONT_MATTER = "front-matter"  # the keyword of the front matter's directive
FILE_WIDE = ("disable-file", FRONT_MATTER)
# A comment body: `healthlint-<keyword>`, rule ids (commas or spaces between), then `-- reason`.
DIRECTIVE = re.compile(r"\s*healthlint-(?P<keyword>[^\s,]*)(?P<ids>.*?)(?:(?<!\S)--(?!\S)(?P<reason>.*))?\s*$",
                       re.S)
RULE_ID = re.compile(r"[^\s,]+")
FRONT_MATTER_KEY = "healthlint"
FRONT_MATTER_SETTINGS = ("disable", "reason")


@dataclass(frozen=True)
class SuppressOptions:
    """How directives are checked. `known_rules`: ids a directive may name besides the
    rules run (those the config turned off); the flags are --require-reason and
    --report-unused-disables."""

    known_rules: frozenset[str] = frozenset()
    require_reason: bool = False
    report_unused: bool = False


@dataclass(frozen=True)
class RuleRef:
    """A rule id as a directive writes it; `start`/`end` in `Document.source`."""

    id: str
    start: int
    end: int


@dataclass
class Directive:
    keyword: str  # one of KEYWORDS, or FRONT_MATTER
    start: int  # the whole directive in `Document.source`
    end: int
    position: Position
    rules: tuple[RuleRef, ...]  # empty: every rule
    reason: str
    line: int | None = None  # disable-next-line: the line it covers
    used: set[str] = field(default_factory=set)  # the ids it silenced ("" when it names none)

    def names(self, rule_id: str) -> bool:
        return not self.rules or any(ref.id == rule_id for ref in self.rules)

    def silenced(self, rule_id: str) -> None:
        self.used.add(rule_id if self.rules else "")


@dataclass(frozen=True)
class Problem:
    """A finding about a directive, before it has a position and a message."""

    rule: str
    reason: str
    start: int
    end: int
    params: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def meta_rules() -> dict[str, tuple[Severity, dict[str, str]]]:
    """Severity and messages of each finding about directives, from suppress.yaml."""
    data = yaml.safe_load(Path(__file__).with_name("suppress.yaml").read_text(encoding="utf-8"))
    return {rule_id: (Severity.parse(entry["severity"]), entry["messages"]) for rule_id, entry in data.items()}


def apply_directives(findings: list[Finding], document: Document, rules: list[Rule],
                     options: SuppressOptions = SuppressOptions()) -> list[Finding]:
    """`findings` less those the document's directives silence, plus findings about the directives."""
    directives, problems = read_directives(document)
    if not directives and not problems:
        return findings
    ran = {rule.id for rule in rules}
    document_level = {rule.id for rule in rules if rule.kind in DOCUMENT_LEVEL_KINDS}
    kept = []
    for finding in findings:
        silencer = _silencer(finding, directives, finding.rule in document_level)
        if silencer is None:
            kept.append(finding)
        else:
            silencer.silenced(finding.rule)
    problems += _unknown_rules(directives, options.known_rules | ran)
    if options.require_reason:
        problems += _without_reason(directives)
    if options.report_unused:
        problems += _unused(directives, ran, document_level)
    return kept + [_finding(document, problem) for problem in problems]


def _silencer(finding: Finding, directives: list[Directive], document_level: bool) -> Directive | None:
    """The directive that silences `finding`, if any.

    File-wide directives silence every finding of the rules they name; findings about the
    whole article only those. Else a disable-next-line covering the finding's first line,
    else the last disable or enable for its rule before it, if that is a disable.
    """
    rule = finding.rule
    file_wide = next((d for d in directives if d.keyword in FILE_WIDE and d.names(rule)), None)
    if file_wide is not None or document_level:
        return file_wide
    next_line = next((d for d in directives
                      if d.keyword == "disable-next-line" and d.line == finding.line and d.names(rule)), None)
    if next_line is not None:
        return next_line
    at, region = Position(finding.line, finding.column), None
    for directive in directives:
        if directive.position >= at:
            break
        if directive.keyword in ("disable", "enable") and directive.names(rule):
            region = directive if directive.keyword == "disable" else None
    return region


# Reading directives ---------------------------------------------------------------

def read_directives(document: Document) -> tuple[list[Directive], list[Problem]]:
    """The document's directives in source order, and problems with the ones that do not read."""
    directives: list[Directive] = []
    problems: list[Problem] = []
    if FRONT_MATTER_KEY in document.front_matter:
        _read_front_matter(document, directives, problems)
    content_lines = None
    for comment in document.comments:
        match = DIRECTIVE.fullmatch(document.source, comment.body_start, comment.body_end)
        if match is None:
            continue
        keyword = match.group("keyword")
        if keyword not in KEYWORDS:
            problems.append(Problem("malformed-directive", "keyword", comment.start, comment.end,
                                    {"keyword": keyword}))
            continue
        rules = tuple(RuleRef(ref.group(), ref.start(), ref.end())
                      for ref in RULE_ID.finditer(document.source, match.start("ids"), match.end("ids")))
        directive = Directive(keyword, comment.start, comment.end, document.position_of_source(comment.start),
                              rules, (match.group("reason") or "").strip())
        if keyword == "disable-next-line":
            if content_lines is None:
                content_lines = _content_lines(document)
            last_line = document.position_of_source(comment.end - 1).line
            index = bisect_right(content_lines, last_line)
            directive.line = content_lines[index] if index < len(content_lines) else None
        directives.append(directive)
    return directives, problems


def _content_lines(document: Document) -> list[int]:
    """The numbers of the lines that hold something besides whitespace and comments."""
    source, pieces, cursor = document.source, [], 0
    for comment in document.comments:
        pieces += [source[cursor:comment.start], re.sub(r"[^\n]", " ", source[comment.start:comment.end])]
        cursor = comment.end
    pieces.append(source[cursor:])
    return [number for number, line in enumerate("".join(pieces).split("\n"), 1) if line.strip()]


def _read_front_matter(document: Document, directives: list[Directive], problems: list[Problem]) -> None:
    """The front matter's `healthlint: {disable: [...], reason: ...}`, a file-wide directive."""
    value = document.front_matter[FRONT_MATTER_KEY]
    nodes = _FrontMatterNodes(document)
    start, end = nodes.span(nodes.key)[0], nodes.span(nodes.value)[1]
    if not isinstance(value, dict):
        problems.append(Problem("malformed-directive", "front_matter", start, end))
        return
    for name in value:
        if name not in FRONT_MATTER_SETTINGS:
            key_start, key_end = nodes.span(nodes.child_key(name))
            problems.append(Problem("malformed-directive", "front_matter_key", key_start, key_end, {"key": name}))
            return
    ids = value.get("disable")
    ids = [ids] if isinstance(ids, str) else ids
    reason = value.get("reason") or ""
    if not ids or not isinstance(ids, list) or not all(isinstance(i, str) for i in ids) \
            or not isinstance(reason, str):
        problems.append(Problem("malformed-directive", "front_matter", start, end))
        return
    items = nodes.items("disable")
    spans = [nodes.span(items[n] if n < len(items) else None) for n in range(len(ids))]
    directives.append(Directive(FRONT_MATTER, start, end, document.position_of_source(start),
                                tuple(RuleRef(rule_id, *span) for rule_id, span in zip(ids, spans)),
                                reason.strip()))


class _FrontMatterNodes:
    """The YAML nodes of the front matter's `healthlint` key, for the places of its parts.

    Positions only: the values come from the reader's parse. Where a node cannot be
    found, its place is the whole front matter.
    """

    def __init__(self, document: Document) -> None:
        self.base, self.end = document.front_matter_span or (0, 0)
        try:
            root = yaml.compose(document.source[self.base:self.end], Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            root = None
        self.key, self.value = self._pair(root, FRONT_MATTER_KEY)

    @staticmethod
    def _pair(node, name: str) -> tuple:
        if not isinstance(node, yaml.MappingNode):
            return None, None
        return next(((key, value) for key, value in reversed(node.value) if key.value == name), (None, None))

    def child_key(self, name: str):
        return self._pair(self.value, name)[0]

    def items(self, name: str) -> list:
        node = self._pair(self.value, name)[1]
        if isinstance(node, yaml.SequenceNode):
            return node.value
        return [node] if isinstance(node, yaml.ScalarNode) else []

    def span(self, node) -> tuple[int, int]:
        if node is None:
            return self.base, self.end
        return self.base + node.start_mark.index, self.base + node.end_mark.index


# Findings about directives --------------------------------------------------------

def _unknown_rules(directives: list[Directive], known: set[str] | frozenset[str]) -> list[Problem]:
    problems = []
    for directive in directives:
        for ref in directive.rules:
            if ref.id in known:
                continue
            similar = difflib.get_close_matches(ref.id, sorted(known), n=1)
            problems.append(Problem("unknown-rule-in-directive", "similar" if similar else "unknown",
                                    ref.start, ref.end, {"rule": ref.id, "suggestion": "".join(similar)}))
    return problems


def _without_reason(directives: list[Directive]) -> list[Problem]:
    return [Problem("directive-without-reason", "front_matter" if d.keyword == FRONT_MATTER else "comment",
                    d.start, d.end)
            for d in directives if d.keyword != "enable" and not d.reason]


def _unused(directives: list[Directive], ran: set[str], document_level: set[str]) -> list[Problem]:
    """Disables that silenced nothing: the whole directive, or the ids in it that did not.

    Ids of rules that did not run (turned off in the config) are left alone: they may
    matter under another config. An enable silences nothing, so it is never reported.
    """
    problems = []
    for directive in directives:
        if directive.keyword == "enable":
            continue
        if not directive.rules:
            if not directive.used:
                problems.append(Problem("unused-directive", "directive", directive.start, directive.end))
            continue
        idle = [(ref, "document_level" if ref.id in document_level and directive.keyword not in FILE_WIDE
                 else "rule") for ref in directive.rules if ref.id in ran and ref.id not in directive.used]
        if len(idle) == len(directive.rules) and all(reason == "rule" for _, reason in idle):
            problems.append(Problem("unused-directive", "directive", directive.start, directive.end))
            continue
        problems += [Problem("unused-directive", reason, ref.start, ref.end, {"rule": ref.id})
                     for ref, reason in idle]
    return problems


def _finding(document: Document, problem: Problem) -> Finding:
    severity, messages = meta_rules()[problem.rule]
    start = document.position_of_source(problem.start)
    last = document.position_of_source(max(problem.end - 1, problem.start))
    return Finding(document.path, start.line, start.column, problem.rule, last.line, last.column + 1, severity,
                   messages[problem.reason].format_map(problem.params))
