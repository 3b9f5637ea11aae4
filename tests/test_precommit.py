"""The pre-commit hook for real: `pre-commit try-repo` installs healthlint from this
repository into a hook environment and runs it on the staged articles of a temporary
git repository.

try-repo installs into a fresh temporary store on every run (it does not reuse
PRE_COMMIT_HOME), so each try-repo test installs healthlint once; one PRE_COMMIT_HOME per
session keeps pre-commit's own files out of the user's cache. With CI=true a missing git,
pre-commit or project repository fails these tests; locally they skip.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter.sources import LINTED_SUFFIXES

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
COMPLIANT_MD = f"# Sleep\n\nMagnesium may help some people sleep.\n\n{DISCLAIMER}\n"
COMPLIANT_HTML = f"<html><body><h1>Naps</h1><p>Short naps can help.</p><p>{DISCLAIMER}</p></body></html>\n"
FAULTY_MD = "# Sleep\n\nMagnesium may help some people sleep.\n"


def _require(what: str, present: bool) -> None:
    if not present:
        message = f"the pre-commit tests need {what}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory):
    _require("git", shutil.which("git") is not None)
    _require("pre-commit (the test extras)", importlib.util.find_spec("pre_commit") is not None)
    _require(f"{ROOT} to be a git repository", (ROOT / ".git").exists())
    home = tmp_path_factory.mktemp("pre-commit-home")
    yield home
    shutil.rmtree(home, ignore_errors=True)


def try_repo(repo_path: Path, home: Path) -> subprocess.CompletedProcess:
    """`pre-commit try-repo <project> healthlint` in `repo_path`, outside any git state the tests run in."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "healthlint", "--verbose",
                           "--color", "never"], cwd=repo_path, env=env, capture_output=True, text=True,
                          timeout=900)


def test_manifest_is_valid_and_selects_exactly_the_article_types():
    _require("pre-commit (the test extras)", importlib.util.find_spec("pre_commit") is not None)
    from identify.identify import tags_from_filename
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(MANIFEST))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "healthlint", "healthlint check", "python", True)

    def selected(name: str) -> bool:
        return bool(re.search(hook["files"], name) and tags_from_filename(name) & set(hook["types_or"]))

    assert all(selected(f"article{suffix}") and selected(f"ARTICLE{suffix.upper()}") for suffix in LINTED_SUFFIXES)
    assert not any(selected(name) for name in ("config.yaml", "setup.py", "notes.rst", "data.json", "page.xhtml",
                                               "README", "LICENSE", "CHANGELOG", "md", "notes.md.bak"))


def test_hook_fails_on_a_staged_faulty_article(git_repo, pre_commit_home):
    git_repo.write("articles/sleep.md", FAULTY_MD)
    git_repo("add", "articles/sleep.md")
    result = try_repo(git_repo.path, pre_commit_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "articles/sleep.md:1:1: error medical-disclaimer " in result.stdout
    assert "healthlint....." in result.stdout and "Failed" in result.stdout


def test_hook_passes_compliant_staged_articles_and_sees_nothing_unstaged(git_repo, pre_commit_home):
    git_repo.write("articles/sleep.md", COMPLIANT_MD)
    git_repo.write("articles/naps.html", COMPLIANT_HTML)
    git_repo.write("notes.rst", FAULTY_MD)  # staged, but not an article type
    git_repo.write("README", FAULTY_MD)  # identify calls it plain text; healthlint would not search it out
    git_repo("add", "articles", "notes.rst", "README")
    git_repo.write("articles/sleep.md", FAULTY_MD)  # an unstaged edit: pre-commit checks what is staged
    git_repo.write("articles/draft.md", FAULTY_MD)  # untracked
    result = try_repo(git_repo.path, pre_commit_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout
    assert "2 files checked: 0 errors, 0 warnings, 0 infos" in result.stdout
    assert (git_repo.path / "articles" / "sleep.md").read_text(encoding="utf-8") == FAULTY_MD  # edit restored
