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
# filled in directly: json's indenting encoder is pure Python, and a report may hold
# hundreds of thousands of findings (tests/test_reporters.py compares the two).
_FINDING = """{{
      "path": {path},
      "line": {line},
      "column": {column},
      "end_line": {end_line},
      "end_column": {end_column},
      "rule": {rule},
      "severity": "{severity}",
      "message": {message},
      "fix": {fix}
    }}"""
_FIX = """{{
        "description": {description},
        "replacement": {replacement},
        "start": {start},
        "end": {end}
      }}"""
_POSITION = """{{
          "line": {line},
          "column": {column}
        }}"""


def _finding(finding: Finding) -> str:
    return _FINDING.format(path=encode_basestring(finding.path), line=finding.line, column=finding.column,
                           end_line=finding.end_line, end_column=finding.end_column,
                           rule=encode_basestring(finding.rule), severity=finding.severity.label,
                           message=encode_basestring(finding.message), fix=_fix(finding.fix))


def _fix(fix: Fix | None) -> str:
    if fix is None:
        return "null"
    return _FIX.format(description=encode_basestring(fix.description),
                       replacement="null" if fix.replacement is None else encode_basestring(fix.replacement),
                       start=_position(fix.start), end=_position(fix.end))


def _position(position: Position | None) -> str:
    return "null" if position is None else _POSITION.format(line=position.line, column=position.column)
