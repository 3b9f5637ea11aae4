"""JSON output, version 1: a stable shape CI tools can rely on (schema in docs/json-schema.json)."""
from __future__ import annotations

import json
from typing import Iterator

from ..finding import Report
from . import RenderContext

VERSION = 1


def render(report: Report, context: RenderContext) -> str:
    return "".join(pieces(report, context))


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
        yield "    " + _dumps(finding.to_dict()).replace("\n", "\n    ") + (",\n" if index < last else "\n")
    yield "  ]" + tail


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
