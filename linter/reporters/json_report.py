"""JSON output, version 1: a stable shape CI tools can rely on (schema in docs/json-schema.json)."""
from __future__ import annotations

import json
from json.encoder import encode_basestring
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
        yield "    " + _indented(finding.to_dict(), "    ") + (",\n" if index < last else "\n")
    yield "  ]" + tail


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _indented(value, indent: str) -> str:
    """`value` as json.dumps(indent=2, ensure_ascii=False) writes it at depth `indent`; for
    dicts, lists, strings, integers, booleans and None, many times faster (json's indenting
    encoder is pure Python)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return int.__repr__(value)
    inner = indent + "  "
    if isinstance(value, dict) and value:
        items = (f"{inner}{encode_basestring(str(key))}: {_indented(item, inner)}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(inner + _indented(item, inner) for item in value) + "\n" + indent + "]"
    return _dumps(value)
