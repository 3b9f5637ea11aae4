"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

A result's partial fingerprint hashes the path, the rule and the normalised flagged
text (with its ordinal among equal ones), never the line, so a finding keeps its
identity when lines above it move and viewers do not report it as new.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from urllib.parse import quote

from .. import __version__
from ..finding import Finding, Report, Severity
from . import RenderContext, by_file, flagged_text

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT = "healthlint/flaggedText/v1"


def _uri(path: str) -> str:
    return quote(path, safe="/", errors="surrogateescape")  # a name that is not UTF-8 keeps its bytes


def _help(rule) -> str:
    parts = [rule.summary, "", rule.why] + (["", rule.docs] if rule.docs else [])
    for label in ("bad", "good"):
        if rule.example.get(label):
            parts += ["", f"Example ({label}):", str(rule.example[label]).rstrip()]
    return "\n".join(parts)


def _descriptor(rule) -> dict:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why},
        "help": {"text": _help(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(finding: Finding, rule_index: dict, fingerprint: str) -> dict:
    result = {"ruleId": finding.rule}
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    result.update({
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": _uri(finding.path)},
            "region": {"startLine": finding.line, "startColumn": finding.column,
                       "endLine": finding.end_line, "endColumn": finding.end_column},
        }}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    })
    return result


def _results(report: Report, context: RenderContext, rule_index: dict) -> list[dict]:
    results = []
    for path, findings, lines in by_file(report, context):
        seen: Counter = Counter()
        for finding in findings:
            key = "\0".join((path, finding.rule, flagged_text(lines, finding) or finding.message))
            seen[key] += 1
            digest = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()
            results.append(_result(finding, rule_index, digest))
    return results


def render(report: Report, context: RenderContext) -> str:
    rules = sorted(context.rules, key=lambda rule: rule.id)
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    notifications = [{"level": "error", "message": {"text": result.error},
                      "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(result.path)}}}]}
                     for result in report.errors]
    run = {
        "tool": {"driver": {"name": "healthlint", "version": __version__,
                            "rules": [_descriptor(rule) for rule in rules]}},
        "invocations": [{"executionSuccessful": not notifications,
                         "toolExecutionNotifications": notifications}],
        "columnKind": "unicodeCodePoints",
        "results": _results(report, context, rule_index),
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
