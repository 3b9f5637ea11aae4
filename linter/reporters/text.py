"""Text output: one `path:line:col: severity rule-id message` line per finding, a
`path: N fixes applied` line per file --fix changed, then a summary."""
from __future__ import annotations

from typing import Iterator

from ..finding import Report, Severity
from . import RenderContext

COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
RESET = "\033[0m"
BOLD = "\033[1m"


def pieces(report: Report, context: RenderContext) -> Iterator[str]:
    """The output line by line."""
    color = context.color
    for finding in report.findings:
        severity = finding.severity.label
        location = f"{finding.path}:{finding.line}:{finding.column}:"
        if color:
            severity = f"{COLOURS[finding.severity]}{severity}{RESET}"
            location = f"{BOLD}{location}{RESET}"
        yield f"{location} {severity} {finding.rule} {finding.message}\n"
    for result in sorted((r for r in report.results if r.fixed), key=lambda r: r.path):
        yield f"{result.path}: {result.fixed} fix{'es' if result.fixed != 1 else ''} applied\n"
    summary = report.summary()
    counts = ", ".join(f"{n} {label}{'s' if n != 1 else ''}" for label, n in summary["by_severity"].items())
    files = summary["files"]
    line = f"{files} file{'s' if files != 1 else ''} checked: {counts}"
    if summary["errors"]:
        line += f"; {summary['errors']} file{'s' if summary['errors'] != 1 else ''} could not be checked"
    yield line + "\n"
