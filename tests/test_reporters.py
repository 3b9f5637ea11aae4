"""Reporters: golden outputs byte for byte, and each format's contract on hostile input.

Goldens come from the CLI over fixtures/reports/input (see tests/update_goldens.py);
the other tests build small reports by hand so hostile paths and messages are exact.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from linter.finding import FileResult, Finding, Report, Severity
from linter.reporters import REPORTERS, RenderContext, render
from update_goldens import GOLDENS, REPORTS, ROOT, render_golden

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
HOSTILE_PATH = "dir, with: 100%\r\n/<img src=x onerror=alert(1)>.md"
HOSTILE_MESSAGE = "50% off\r\n::error file=x::pwned, really: <script>alert(1)</script> {{ 7*7 }} {% raw %}"
HOSTILE_SOURCE = (
    "# <script>window.pwned = 1</script> Title\n"
    "Click <a href=\"javascript:alert(1)\">here</a> <img src=x onerror=alert(2)>\n"
    "</textarea></style></script><iframe src=javascript:alert(3)></iframe> {{ 7*7 }} {% if %}\n"
    "\x00\x0b control \ud800 characters and ]]> too\n"
)


def _finding(line=2, column=7, end_line=2, end_column=20, rule="unsourced-statistic",
             severity=Severity.WARNING, message=HOSTILE_MESSAGE, path=HOSTILE_PATH) -> Finding:
    return Finding(path, line, column, rule, end_line, end_column, severity, message)


def _hostile_report() -> Report:
    findings = (
        _finding(),
        _finding(1, 3, 3, 10, "affiliate-disclosure", Severity.ERROR),
        _finding(4, 1, 4, 5, "medical-disclaimer", Severity.INFO, "Control \x00\x0b\x1b and \ud800 in a message"),
    )
    return Report((FileResult(HOSTILE_PATH, tuple(sorted(findings))),
                   FileResult("clean.md"),
                   FileResult("bad <input>.txt", error="not UTF-8 & \x00 <b>unreadable</b>")))


def _hostile_context(rules=()) -> RenderContext:
    return RenderContext(tuple(rules), False, {HOSTILE_PATH: HOSTILE_SOURCE}.get)


# Goldens

def test_every_reporter_has_a_golden():
    assert set(GOLDENS) == set(REPORTERS)


@pytest.mark.parametrize("fmt", sorted(GOLDENS))
def test_cli_output_matches_golden(fmt, tmp_path):
    output = tmp_path / GOLDENS[fmt]
    assert render_golden(fmt, output) == 2, "the input set holds one unreadable file, so the exit code is 2"
    expected = (REPORTS / GOLDENS[fmt]).read_bytes()
    assert output.read_bytes() == expected, f"run tests/update_goldens.py and read the diff of {GOLDENS[fmt]}"
    assert str(ROOT).encode() not in expected, "reports keep paths as given, never absolute"


def test_output_is_byte_identical_between_runs(builtin_rules):
    from linter import lint_paths

    report = lint_paths([str(REPORTS / "input")], builtin_rules)
    context = RenderContext(tuple(builtin_rules), False, lambda path: Path(path).read_text("utf-8"))
    for fmt in REPORTERS:
        assert render(fmt, report, context) == render(fmt, report, context), fmt


# JSON

def test_json_shape():
    data = json.loads((REPORTS / GOLDENS["json"]).read_text("utf-8"))
    assert set(data) == {"version", "findings", "errors", "summary"}
    assert data["version"] == 1
    keys = {"path", "line", "column", "end_line", "end_column", "rule", "severity", "message", "fix"}
    assert data["findings"] and all(set(finding) == keys for finding in data["findings"])
    assert data["errors"] == [{"path": "fixtures/reports/input/not-utf8.txt", "message": data["errors"][0]["message"]}]
    assert set(data["summary"]) == {"files", "findings", "errors", "by_rule", "by_severity"}
    assert list(data["summary"]["by_severity"]) == ["error", "warning", "info"]


# SARIF

def test_sarif_golden_is_valid():
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads((REPORTS / GOLDENS["sarif"]).read_text("utf-8")))


def test_sarif_describes_rules_and_results(rules_by_id):
    rules = list(rules_by_id.values())
    sarif = json.loads(render("sarif", _hostile_report(), _hostile_context(rules)))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    run = sarif["runs"][0]
    assert sarif["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    descriptors = run["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors] == sorted(rules_by_id)
    for descriptor in descriptors:
        rule = rules_by_id[descriptor["id"]]
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.why
        assert rule.summary in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning",
                                                                "info": "note"}[rule.severity.label]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    first = results[0]
    assert descriptors[first["ruleIndex"]]["id"] == first["ruleId"] == "affiliate-disclosure"
    assert first["message"]["text"] == HOSTILE_MESSAGE
    location = first["locations"][0]["physicalLocation"]
    assert location["region"] == {"startLine": 1, "startColumn": 3, "endLine": 3, "endColumn": 10}
    assert " " not in location["artifactLocation"]["uri"] and "<" not in location["artifactLocation"]["uri"]
    notification = run["invocations"][0]["toolExecutionNotifications"][0]
    assert notification["message"]["text"].startswith("not UTF-8")
    assert run["invocations"][0]["executionSuccessful"] is False


def _fingerprints(text: str, rules) -> list[tuple[str, str]]:
    from linter import lint_text

    report = Report((FileResult("article.md", tuple(lint_text(text, "md", "article.md", rules))),))
    sarif = json.loads(render("sarif", report, RenderContext(tuple(rules), False, {"article.md": text}.get)))
    return [(r["ruleId"], next(iter(r["partialFingerprints"].values()))) for r in sarif["runs"][0]["results"]]


def test_sarif_fingerprints_survive_moved_lines(builtin_rules):
    article = "# Sleep\n\nAbout 35% of adults sleep badly.\n\n- Tea\n- Milk\n- Tea\n"
    before = _fingerprints(article, builtin_rules)
    after = _fingerprints(article.replace("# Sleep\n", "# Sleep\n\nA new opening paragraph.\n\n"), builtin_rules)
    assert {"unsourced-statistic", "duplicate-list-item"} <= {rule for rule, _ in before}
    assert before == after
    changed = _fingerprints(article.replace("35% of adults", "40% of adults"), builtin_rules)
    assert dict(changed)["unsourced-statistic"] != dict(before)["unsourced-statistic"]
    assert len({fingerprint for _, fingerprint in before}) == len(before)


def test_sarif_fingerprint_falls_back_to_message_without_source():
    report = Report((FileResult("a.md", (_finding(path="a.md"), _finding(path="a.md", message="Other."))),))
    results = json.loads(render("sarif", report, RenderContext()))["runs"][0]["results"]
    assert "ruleIndex" not in results[0]
    assert results[0]["partialFingerprints"] != results[1]["partialFingerprints"]


# GitHub annotations

def test_github_escapes_hostile_paths_and_messages():
    report = Report((FileResult(HOSTILE_PATH, (_finding(),)),))
    assert render("github", report, RenderContext()) == (
        "::warning file=dir%2C with%3A 100%25%0D%0A/<img src=x onerror=alert(1)>.md,"
        "line=2,col=7,endLine=2,endColumn=20,title=unsourced-statistic"
        "::50%25 off%0D%0A::error file=x::pwned, really: <script>alert(1)</script> {{ 7*7 }} {%25 raw %25}\n"
    )


def test_github_one_line_per_finding_and_error():
    output = render("github", _hostile_report(), _hostile_context())
    lines = output.split("\n")
    assert lines.pop() == "" and "\r" not in output
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::notice", "::error"]
    assert lines[-1] == "::error file=bad <input>.txt,title=healthlint::not UTF-8 & \x00 <b>unreadable</b>"


# JUnit

def test_junit_parses_for_hostile_text():
    root = ET.fromstring(render("junit", _hostile_report(), _hostile_context()).encode("utf-8"))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {"bad <input>.txt", "clean.md", HOSTILE_PATH}
    failures = cases[HOSTILE_PATH].findall("failure")
    assert [f.get("type") for f in failures] == ["error", "warning", "info"]
    assert failures[1].get("message") == "unsourced-statistic: " + HOSTILE_MESSAGE
    assert failures[2].get("message") == "medical-disclaimer: Control  and  in a message"
    assert cases["bad <input>.txt"].find("error").get("message") == "not UTF-8 &  <b>unreadable</b>"
    assert list(cases["clean.md"]) == []


# HTML (the browser tests in test_html_report_browser.py drive it for real)

class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_article_content(rules_by_id):
    html = render("html", _hostile_report(), _hostile_context(rules_by_id.values()))
    parser = _Tags()
    parser.feed(html)
    tags = [tag for tag, _ in parser.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert not {"img", "iframe", "textarea"} & set(tags)
    for tag, attrs in parser.tags:
        assert not [name for name in attrs if name.startswith("on")], tag
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), tag
    text = "".join(parser.text)
    for payload in ("<script>window.pwned = 1</script>", "</textarea></style></script><iframe", "{{ 7*7 }}",
                    "{% if %}", HOSTILE_PATH, "<b>unreadable</b>"):
        assert payload in text, payload


def test_html_csp_pins_the_inline_script_and_style():
    html = render("html", _hostile_report(), _hostile_context())
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)

    def digest(text):
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert f"script-src '{digest(script)}'" in policy and f"style-src '{digest(style)}'" in policy
    assert "default-src 'none'" in policy


def test_html_highlights_the_flagged_span():
    report = Report((FileResult("a.md", (_finding(2, 3, 3, 5, path="a.md", message="m"),)),))
    html = render("html", report, RenderContext(read_source={"a.md": "one\ntwo words\nthree\nfour"}.get))
    assert '<span class="ln">2</span>tw<mark>o words</mark></div>' in html
    assert '<span class="ln">3</span><mark>thre</mark>e</div>' in html
    assert '<span class="ln">4</span>four</div>' in html


def test_streamed_json_equals_the_indented_json_document_for_any_text():
    """The JSON reporter writes findings one at a time with its own indenting; the result
    must be exactly what json.dumps(indent=2) gives for the whole document."""
    from linter.finding import FileResult, Finding, Fix, Position, Report, Severity
    from linter.reporters import json_report

    odd = 'quote " backslash \\ tab \t newline \n nul \x00 bidi \u202e emoji 🩺 é ∑ \ud800'
    findings = (
        Finding("a.md", 1, 1, "medical-disclaimer", 1, 1, Severity.ERROR, odd,
                Fix(odd, "\n\nText.\n", Position(3, 1), Position(3, 1))),
        Finding(odd, 2, 5, "unsourced-statistic", 2, 9, Severity.WARNING, "plain"),
        Finding(odd, 3, 1, "affiliate-disclosure", 3, 4, Severity.INFO, "advice", Fix("Add a disclosure.")),
    )
    report = Report((FileResult("a.md", findings[:1]), FileResult(odd, findings[1:]),
                     FileResult("b.md", error=odd)))
    expected = {"version": json_report.VERSION, "findings": [f.to_dict() for f in report.findings],
                "errors": [{"path": "b.md", "message": odd}], "summary": report.summary()}
    assert render("json", report) == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
    empty = Report((FileResult("c.md"),))
    assert json.loads(render("json", empty))["findings"] == []
