"""GitHub Actions workflow commands: one annotation per finding on the pull request's diff.

Values are escaped the way the runner unescapes them, so a path or message cannot end
the command early or start a second one.
"""
from __future__ import annotations

from ..finding import Report, Severity
from . import RenderContext

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(name: str, properties: dict, message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}\n"


def render(report: Report, context: RenderContext) -> str:
    lines = [_command(COMMANDS[f.severity], {"file": f.path, "line": f.line, "col": f.column,
                                             "endLine": f.end_line, "endColumn": f.end_column,
                                             "title": f.rule}, f.message)
             for f in report.findings]
    lines += [_command("error", {"file": r.path, "title": "healthlint"}, r.error) for r in report.errors]
    return "".join(lines)
