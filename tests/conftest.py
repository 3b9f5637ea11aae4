"""Shared test fixtures: the built-in rules load once per session (compiling patterns is the slow part),
and throwaway git repositories for the tests that drive real git."""
from __future__ import annotations

import json
import shutil
import subprocess
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


class GitRepo:
    """A throwaway git repository driven by the real `git`, isolated from the user's identity and hooks."""

    SETTINGS = ("-c", "user.name=healthlint tests", "-c", "user.email=tests@healthlint.invalid",
                "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", "-c", "core.hooksPath=/dev/null")

    def __init__(self, path: Path):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self("init", "-q")

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["git", *self.SETTINGS, *args], cwd=self.path, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str = "change") -> None:
        self("add", "-A")
        self("commit", "-q", "-m", message)


@pytest.fixture
def git_repo(tmp_path):
    """An empty git repository in a temporary folder; fails, not skips, when git is missing."""
    if shutil.which("git") is None:
        pytest.fail("git is not installed; these tests drive real git")
    return GitRepo(tmp_path / "repo")
