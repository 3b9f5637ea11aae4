"""Every named case in fixtures/rules/<rule-id>.yaml, run through its rule alone.

pass_* cases must yield no finding; fail_* cases at least one, and exactly the
listed line:col when the case lists them, each message holding the text its entry
or the case gives as `message_contains`.
"""
from __future__ import annotations

import pytest
import yaml

from conftest import FIXTURES

CASE_FILES = sorted((FIXTURES / "rules").glob("*.yaml"))


def _cases():
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}:{case['name']}")


@pytest.mark.parametrize("rule_id, case", list(_cases()))
def test_case(rule_id, case, rules_by_id):
    from linter.config import with_options
    from linter.engine import lint_source

    rule = rules_by_id[rule_id]
    if case.get("config"):
        rule = with_options(rule, case["config"], f"case {case['name']}")
    result = lint_source(case["text"], case.get("format", "md"), "case", [rule])
    assert result.error is None, result.error
    found = [(f.line, f.column) for f in result.findings]
    if case["name"].startswith("pass_"):
        assert found == [], [f.message for f in result.findings]
        return
    assert case["name"].startswith("fail_"), "case names start with pass_ or fail_"
    assert found, "expected at least one finding"
    if "findings" in case:
        assert found == [(f["line"], f["column"]) for f in case["findings"]], [f.message for f in result.findings]
        for listed, finding in zip(case["findings"], result.findings):
            assert listed.get("message_contains", "") in finding.message
    if "message_contains" in case:
        for finding in result.findings:
            assert case["message_contains"] in finding.message


def test_every_rule_has_a_case_table(builtin_rules):
    assert sorted(path.stem for path in CASE_FILES) == sorted(rule.id for rule in builtin_rules)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_table_covers_both_outcomes(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [case["name"] for case in data["cases"]]
    assert data["rule"] == path.stem
    assert len(names) == len(set(names)), "case names are unique"
    assert sum(n.startswith("pass_") for n in names) >= 6
    assert sum(n.startswith("fail_") for n in names) >= 6
