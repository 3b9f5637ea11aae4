"""JSON output, version 1: a stable shape CI tools can rely on (schema in docs/json-schema.json)."""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Iterator

from ..finding import Finding, Fix, Position, Report
from . import RenderContext

VERSION = 1


def pieces(report: Report, context: RenderContext) -> Iterator[str]:
    """The document json.dumps(indent=2) would give, one finding at a time."""
    skeleton = _dumps({
        "version": VERSION,
        "findings": [],
        "errors": [{"path": result.path, "message": result.error} for result in report.errors],
        "summary": report.summary(),
    }) + "\n"
    findings = report.findings
    if not findings:
        yield skeleton
        return
    head, tail = skeleton.split('"findings": []', 1)  # the first: keys come before values
    yield head + '"findings": [\n'
    last = len(findings) - 1
    for index, finding in enumerate(findings):
        yield "    " + _finding(finding) + (",\n" if index < last else "\n")
    yield "  ]" + tail


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


# One finding as json.dumps(finding.to_dict(), indent=2) writes it inside the findings list,
# filled in directly (f-strings, twice as fast as str.format with names): json's indenting
# encoder is pure Python, and a report may hold hundreds of thousands of findings
# (tests/test_reporters.py compares the two).
def _finding(finding: Finding) -> str:
    return (f'{{\n      "path": {encode_basestring(finding.path)},\n      "line": {finding.line},\n'
            f'      "column": {finding.column},\n      "end_line": {finding.end_line},\n'
            f'      "end_column": {finding.end_column},\n      "rule": {encode_basestring(finding.rule)},\n'
            f'      "severity": "{finding.severity.label}",\n      "message": {encode_basestring(finding.message)},\n'
            f'      "fix": {_fix(finding.fix)}\n    }}')


def _fix(fix: Fix | None) -> str:
    if fix is None:
        return "null"
    replacement = "null" if fix.replacement is None else encode_basestring(fix.replacement)
    return (f'{{\n        "description": {encode_basestring(fix.description)},\n'
            f'        "replacement": {replacement},\n        "start": {_position(fix.start)},\n'
            f'        "end": {_position(fix.end)}\n      }}')


def _position(position: Position | None) -> str:
    if position is None:
        return "null"
    return f'{{\n          "line": {position.line},\n          "column": {position.column}\n        }}'
