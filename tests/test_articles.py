"""Whole realistic articles must yield exactly the findings in their sidecars:
an extra finding fails as surely as a missing one."""
from __future__ import annotations

import pytest
import yaml

from conftest import FIXTURES

ARTICLES = sorted(p for p in (FIXTURES / "articles").iterdir() if p.suffix in (".md", ".html", ".txt"))


def findings_of(path, rules):
    from linter.engine import lint_file

    result = lint_file(str(path), rules)
    assert result.error is None, result.error
    return [{"rule": f.rule, "line": f.line, "column": f.column, "severity": f.severity.label}
            for f in result.findings]


def test_there_are_three_articles_per_format():
    for suffix in (".md", ".html", ".txt"):
        assert sum(p.suffix == suffix for p in ARTICLES) >= 3


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_article_matches_its_sidecar(path, builtin_rules):
    sidecar = path.with_name(path.stem + ".expected.yaml")
    expected = yaml.safe_load(sidecar.read_text(encoding="utf-8"))["findings"] or []
    expected = [{key: f[key] for key in ("rule", "line", "column", "severity")} for f in expected]
    assert findings_of(path, builtin_rules) == expected
