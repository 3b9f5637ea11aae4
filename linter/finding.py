"""The values every layer passes around: severities, positions, fixes, findings, reports.

All are frozen so a finding cannot change after the engine stamps it, and findings
order totally (path, position, rule id) so every output is deterministic.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from enum import IntEnum
from functools import cached_property
from operator import attrgetter
from typing import Callable


class Severity(IntEnum):
    """Ordered: info < warning < error, so `--fail-on` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[str(value).upper()]
        except KeyError:
            allowed = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {value!r} (allowed: {allowed})") from None


@dataclass(frozen=True, order=True)
class Position:
    """1-based line and column (Unicode code points) in the original file."""

    line: int
    column: int


@dataclass(frozen=True)
class Fix:
    """A suggested fix: what to do, and optionally the exact edit.

    With `start`/`end`, replacing that source range by `replacement` applies it;
    without them the fix is advice (for example, the disclaimer text to add).
    """

    description: str
    replacement: str | None = None
    start: Position | None = None
    end: Position | None = None

    def to_dict(self) -> dict:
        data: dict = {"description": self.description, "replacement": self.replacement}
        for name in ("start", "end"):
            pos = getattr(self, name)
            data[name] = None if pos is None else {"line": pos.line, "column": pos.column}
        return data


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    rule: str
    end_line: int
    end_column: int
    severity: Severity
    message: str
    fix: Fix | None = field(default=None, compare=False)

    def to_dict(self) -> dict:
        """The finding as JSON output writes it (json_report fills the same shape into a
        template; tests/test_reporters.py keeps the two equal)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "fix": None if self.fix is None else self.fix.to_dict(),
        }

    @property
    def document_level(self) -> bool:
        """About the whole article, not a span of it: the engine places these at 1:1 with no width."""
        return (self.line, self.column, self.end_line, self.end_column) == (1, 1, 1, 1)


# The fields `order=True` compares, read into one tuple in C: sorting by it is many times
# faster than comparing findings, or than a Python method building the tuple.
SORT_KEY = attrgetter("path", "line", "column", "rule", "end_line", "end_column", "severity", "message")


@dataclass(frozen=True)
class FileResult:
    """What linting one file gave: findings, or the one-line reason it could not be read;
    under --fix, `fixed` counts the fixes applied before the findings were taken."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    fixed: int = 0


@dataclass(frozen=True)
class Report:
    results: tuple[FileResult, ...]

    @cached_property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.results for f in r.findings), key=SORT_KEY)

    @property
    def errors(self) -> list[FileResult]:
        return sorted((r for r in self.results if r.error is not None), key=lambda r: r.path)

    def summary(self) -> dict:
        findings = self.findings
        by_rule = Counter(f.rule for f in findings)
        by_severity = Counter(f.severity for f in findings)
        return {
            "files": len(self.results),
            "findings": len(findings),
            "errors": len(self.errors),
            "by_rule": dict(sorted(by_rule.items())),
            "by_severity": {s.label: by_severity.get(s, 0) for s in sorted(Severity, reverse=True)},
        }

    def worst(self) -> Severity | None:
        return max((f.severity for r in self.results for f in r.findings), default=None)

    def where(self, keep: Callable[[Finding], bool]) -> "Report":
        """The same files, errors and all, with only the findings `keep` accepts (a baseline, changed lines)."""
        return Report(tuple(replace(r, findings=tuple(f for f in r.findings if keep(f))) for r in self.results))
