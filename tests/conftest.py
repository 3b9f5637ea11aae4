"""Shared test fixtures: the built-in rules load once per session (compiling patterns is the slow part)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="session")
def builtin_rules():
    from linter import default_rules
    return default_rules()


@pytest.fixture(scope="session")
def rules_by_id(builtin_rules):
    return {rule.id: rule for rule in builtin_rules}


def check(folder: Path, *args: str):
    """`healthlint check --format json ARGS` run from `folder`; returns (exit code, report, stderr)."""
    from linter.cli import main

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(main, ["check", "--format", "json", *args], catch_exceptions=False)
    report = json.loads(result.stdout) if result.stdout else None
    return result.exit_code, report, result.stderr


def found(report) -> list[tuple[str, str, str]]:
    """(path, rule, severity) of every finding in a JSON report."""
    return [(f["path"], f["rule"], f["severity"]) for f in report["findings"]]
