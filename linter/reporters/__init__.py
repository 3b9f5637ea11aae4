"""Reporters: pure functions from a Report to the text of one output format.

Each module exposes `render(report, context) -> str`; only the CLI writes the
result out. Modules are imported on demand so a run loads only the format it prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from itertools import groupby
from operator import attrgetter
from typing import Callable, Iterator

REPORTERS = {
    "text": "text",
    "json": "json_report",
    "html": "html_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}
# Formats that describe the rules run, not only the findings (a cached run compiles rules only for these).
NEEDS_RULES = frozenset({"html", "sarif"})


def _no_source(path: str) -> str | None:
    return None


@dataclass(frozen=True)
class RenderContext:
    """What a reporter may need beyond the findings: the rules run, colour, article sources."""

    rules: tuple = ()
    color: bool = False
    read_source: Callable[[str], str | None] = field(default=_no_source)


def render(name: str, report, context: RenderContext | None = None) -> str:
    return "".join(render_pieces(name, report, context))


def render_pieces(name: str, report, context: RenderContext | None = None) -> Iterator[str]:
    """The output in pieces. A reporter module streams with `pieces(report, context)`, so a
    report of a whole repository never sits in memory at once, or returns all of it from
    `render(report, context)`."""
    module = import_module(f"{__name__}.{REPORTERS[name]}")
    context = context or RenderContext()
    if hasattr(module, "pieces"):
        yield from module.pieces(report, context)
    else:
        yield module.render(report, context)


def by_file(report, context: RenderContext) -> Iterator[tuple[str, list, list[str] | None]]:
    """Findings grouped by file, with that file's source lines (None if unreadable), read once."""
    for path, findings in groupby(report.findings, key=attrgetter("path")):
        source = context.read_source(path)
        yield path, list(findings), None if source is None else source.split("\n")


def flagged_spans(lines: list[str], finding) -> list[tuple[int, int, int]]:
    """(line number, start, end) code-point slices of `lines` that a finding covers.

    Shared by the reporters that quote the flagged text; clamped to the lines, since
    the file may have changed after it was linted.
    """
    spans = []
    for number in range(finding.line, min(finding.end_line, len(lines)) + 1):
        text = lines[number - 1]
        start = min(finding.column - 1, len(text)) if number == finding.line else 0
        end = min(finding.end_column - 1, len(text)) if number == finding.end_line else len(text)
        spans.append((number, start, max(start, end)))
    return spans


def flagged_text(lines: list[str] | None, finding) -> str:
    """The finding's source text, whitespace collapsed and case folded: its identity when lines move.

    Empty for a finding about the whole document (no span) or when the source is unreadable.
    """
    if lines is None:
        return ""
    text = "\n".join(lines[n - 1][start:end] for n, start, end in flagged_spans(lines, finding))
    return " ".join(text.casefold().split())
