"""JUnit XML, for CI systems that show test results: one test case per file, one failure per finding.

ElementTree escapes markup; characters XML 1.0 forbids are dropped first, so any
path or message gives a well-formed document.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..finding import Report
from . import RenderContext

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def render(report: Report, context: RenderContext) -> str:
    results = sorted(report.results, key=lambda result: result.path)
    counts = {"tests": str(len(results)),
              "failures": str(sum(1 for result in results if result.findings)),
              "errors": str(len(report.errors))}
    root = ET.Element("testsuites", {"name": "healthlint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "healthlint", **counts, "skipped": "0"})
    for result in results:
        path = _clean(result.path)
        case = ET.SubElement(suite, "testcase", {"classname": "healthlint", "name": path, "file": path})
        for f in sorted(result.findings):
            failure = ET.SubElement(case, "failure", {"message": _clean(f"{f.rule}: {f.message}"),
                                                      "type": f.severity.label})
            failure.text = _clean(f"{f.path}:{f.line}:{f.column}: {f.severity.label} {f.rule} {f.message}")
        if result.error is not None:
            error = ET.SubElement(case, "error", {"message": _clean(result.error), "type": "input-error"})
            error.text = _clean(f"{result.path}: {result.error}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
