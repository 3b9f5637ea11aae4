"""JSON output, version 1: a stable shape CI tools can rely on (schema in docs/json-schema.json)."""
from __future__ import annotations

import json

from ..finding import Report
from . import RenderContext

VERSION = 1


def render(report: Report, context: RenderContext) -> str:
    data = {
        "version": VERSION,
        "findings": [finding.to_dict() for finding in report.findings],
        "errors": [{"path": result.path, "message": result.error} for result in report.errors],
        "summary": report.summary(),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
