"""HTML report: one self-contained page an editor reads in a browser, offline or printed.

Article text is data: the template autoescapes everything and never puts data in a
script. A CSP meta tag allows only the page's own inline script and style, pinned by
their sha256 hashes, so nothing injected could run and runs stay byte-identical.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from ..finding import Finding, Report
from . import RenderContext, by_file, flagged_spans

CONTEXT_LINES = 2     # source lines shown above and below a finding
MAX_SPAN_LINES = 8    # a longer flagged span is cut in the excerpt
BAR_WIDTH = 220       # chart pixels for the largest count
ROW_HEIGHT = 22

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   keep_trailing_newline=True)
_ENV.filters["csp_hash"] = lambda text: "sha256-" + base64.b64encode(
    hashlib.sha256(str(text).encode("utf-8")).digest()).decode("ascii")


def _excerpt(lines: list[str] | None, finding: Finding) -> list[dict]:
    """Source lines around a finding, each split into before / flagged / after."""
    if lines is None:
        return []
    spans = {number: (start, end) for number, start, end in flagged_spans(lines, finding)}
    first = max(1, finding.line - CONTEXT_LINES)
    last = min(len(lines), min(finding.end_line, finding.line + MAX_SPAN_LINES - 1) + CONTEXT_LINES)
    rows = []
    for number in range(first, last + 1):
        text = lines[number - 1]
        start, end = spans.get(number, (len(text), len(text)))
        rows.append({"number": number, "hit": number in spans,
                     "before": text[:start], "flagged": text[start:end], "after": text[end:]})
    return rows


def _chart(title: str, counts: dict, css: str) -> dict:
    """Bar geometry for one inline SVG chart; counts in the order given."""
    top = max(counts.values(), default=0) or 1
    bars = [{"label": label, "count": count, "css": css.format(label=label),
             "y": index * ROW_HEIGHT, "width": round(BAR_WIDTH * count / top)}
            for index, (label, count) in enumerate(counts.items())]
    return {"title": title, "bars": bars, "height": max(len(bars), 1) * ROW_HEIGHT}


def _rule_view(rule) -> dict:
    return {"id": rule.id, "severity": rule.severity.label, "summary": rule.summary, "why": rule.why,
            "docs": [part for part in re.split(r"\n\s*\n", rule.docs) if part.strip()],
            "examples": [(label, str(rule.example[label]).rstrip())
                         for label in ("bad", "good") if rule.example.get(label)]}


def render(report: Report, context: RenderContext) -> str:
    summary = report.summary()
    files = [{"path": path,
              "findings": [{"finding": f, "severity": f.severity.label, "excerpt": _excerpt(lines, f)}
                           for f in findings]}
             for path, findings, lines in by_file(report, context)]
    return _ENV.get_template("report.html.j2").render(
        version=__version__,
        summary=summary,
        charts=[_chart("By severity", summary["by_severity"], "sev-{label}"),
                _chart("By rule", summary["by_rule"], "rule")],
        files=files,
        clean=sorted(result.path for result in report.results if result.error is None and not result.findings),
        errors=report.errors,
        rules=[_rule_view(rule) for rule in sorted(context.rules, key=lambda rule: rule.id)],
        known_rules={rule.id for rule in context.rules},
    )
