"""`--changed-since REF` with real git: which articles are linted and which findings are kept.

Each test builds a temporary repository, changes it the way a writer would (commits,
staged and unstaged edits, new, deleted, renamed and ignored files), and runs the CLI.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from linter.changes import added_lines
from linter.cli import main

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
ADULTS = "About 40% of adults sleep less than they should."
TEENS = "Nearly 30% of teens stay up past midnight."
PARENTS = "One in four parents say bedtime is a battle."
PLAIN = ["Magnesium may help some people sleep.", "A cool, dark room helps too.",
         "Screens before bed can delay sleep.", "Naps longer than an hour can backfire."]


def article(*paragraphs: str, disclaimer: bool = True) -> str:
    return "\n\n".join(("# Sleep", *paragraphs, *([DISCLAIMER] if disclaimer else []))) + "\n"


BASE = article(ADULTS, *PLAIN)  # the statistic on line 3, plain paragraphs on lines 5 to 11, disclaimer on 13


def run(*args, cwd):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def changed(repo, *args, cwd=None):
    """Findings of `check --changed-since`, as (path, line, rule), with the exit code."""
    result = run("check", "-f", "json", "--fail-on", "warning", "--changed-since", *args, cwd=cwd or repo.path)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, [(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"]]


@pytest.fixture
def repo(git_repo):
    """A repository whose one commit holds two articles with an old statistic each, and a non-article."""
    git_repo.write("content/sleep.md", BASE)
    git_repo.write("content/naps.md", BASE)
    git_repo.write("notes.rst", "About 40% of adults.\n")
    git_repo.commit("base")
    return git_repo


def edit(repo, name: str, line: int, text: str) -> None:
    path = repo.path / name
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


# What is reported -----------------------------------------------------------------

def test_no_change_lints_nothing(repo):
    result = run("check", "--changed-since", "HEAD", ".", cwd=repo.path)
    assert (result.exit_code, result.stdout) == (0, "0 files checked: 0 errors, 0 warnings, 0 infos\n")


def test_only_findings_on_added_or_modified_lines_are_reported(repo):
    edit(repo, "content/sleep.md", 7, TEENS)
    assert changed(repo, "HEAD", ".") == (1, [("content/sleep.md", 7, "unsourced-statistic")])
    everything = run("check", "-f", "json", "content/sleep.md", cwd=repo.path)
    assert len(json.loads(everything.stdout)["findings"]) == 2  # the old statistic on line 3 is still there


def test_an_edit_with_no_finding_on_its_lines_reports_nothing(repo):
    edit(repo, "content/sleep.md", 5, "Magnesium may help some adults sleep.")
    result = run("check", "--fail-on", "warning", "--changed-since", "HEAD", ".", cwd=repo.path)
    assert (result.exit_code, result.stdout) == (0, "1 file checked: 0 errors, 0 warnings, 0 infos\n")


def test_committed_staged_and_unstaged_changes_all_count(repo):
    repo("tag", "base")
    edit(repo, "content/sleep.md", 5, TEENS)
    repo.commit("committed")
    edit(repo, "content/naps.md", 7, PARENTS)
    repo("add", "content/naps.md")
    edit(repo, "content/sleep.md", 9, ADULTS)
    assert changed(repo, "base", ".")[1] == [("content/naps.md", 7, "unsourced-statistic"),
                                             ("content/sleep.md", 5, "unsourced-statistic"),
                                             ("content/sleep.md", 9, "unsourced-statistic")]
    assert changed(repo, "HEAD", ".")[1] == [("content/naps.md", 7, "unsourced-statistic"),
                                             ("content/sleep.md", 9, "unsourced-statistic")]


def test_a_finding_whose_span_touches_a_modified_line_is_reported(repo):
    repo.write("content/sleep.md", article("About 40%\nof adults sleep less than they should.", *PLAIN))
    repo.commit()
    edit(repo, "content/sleep.md", 4, "of grown adults sleep less than they should.")
    assert changed(repo, "HEAD", ".")[1] == [("content/sleep.md", 3, "unsourced-statistic")]


def test_document_level_findings_are_kept_whenever_the_file_changed(repo):
    repo.write("content/sleep.md", article(ADULTS, *PLAIN, disclaimer=False))  # only deletes lines
    assert changed(repo, "HEAD", ".") == (1, [("content/sleep.md", 1, "medical-disclaimer")])


def test_untracked_articles_are_new_throughout_and_ignored_ones_are_skipped(repo):
    repo.write(".gitignore", "drafts/\n")
    repo.write("content/new.md", article(ADULTS, disclaimer=False))
    repo.write("drafts/wip.md", article(ADULTS, disclaimer=False))
    assert changed(repo, "HEAD", ".")[1] == [("content/new.md", 1, "medical-disclaimer"),
                                             ("content/new.md", 3, "unsourced-statistic")]


def test_deleted_articles_are_skipped(repo):
    (repo.path / "content" / "naps.md").unlink()
    repo("rm", "-q", "--cached", "content/sleep.md")
    (repo.path / "content" / "sleep.md").unlink()
    result = run("check", "--changed-since", "HEAD", ".", cwd=repo.path)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "0 files checked: 0 errors, 0 warnings, 0 infos\n", "")


def test_a_renamed_and_edited_article_is_followed_to_its_new_path(repo):
    repo("mv", "content/sleep.md", "content/sleep-guide.md")
    edit(repo, "content/sleep-guide.md", 9, TEENS)
    assert changed(repo, "HEAD", ".")[1] == [("content/sleep-guide.md", 9, "unsourced-statistic")]


def test_a_pure_rename_changes_no_text(repo):
    repo("mv", "content/sleep.md", "content/sleep-guide.md")
    repo.commit("move")
    result = run("check", "--changed-since", "HEAD~1", ".", cwd=repo.path)
    assert result.stdout == "0 files checked: 0 errors, 0 warnings, 0 infos\n"


def test_only_articles_under_the_given_paths(repo):
    repo.write("notes.rst", "About 40% of adults.\nNearly 30% of teens.\n")
    repo.write("other/story.md", article(TEENS, disclaimer=False))
    edit(repo, "content/naps.md", 5, TEENS)
    assert changed(repo, "HEAD", "content")[1] == [("content/naps.md", 5, "unsourced-statistic")]
    assert changed(repo, "HEAD", "content/sleep.md") == (0, [])


def test_paths_are_reported_relative_to_the_working_directory(repo):
    edit(repo, "content/naps.md", 5, TEENS)
    assert changed(repo, "HEAD", ".", cwd=repo.path / "content")[1] == [("naps.md", 5, "unsourced-statistic")]


def test_commits_that_landed_on_the_ref_after_branching_are_not_this_change(repo):
    repo("checkout", "-q", "-b", "feature")
    edit(repo, "content/naps.md", 5, TEENS)
    repo.commit("feature work")
    repo("checkout", "-q", "main")
    edit(repo, "content/sleep.md", 5, PARENTS)
    repo.commit("someone else's work on main")
    repo("checkout", "-q", "feature")
    assert changed(repo, "main", ".")[1] == [("content/naps.md", 5, "unsourced-statistic")]
    summary = run("check", "--changed-since", "main", ".", cwd=repo.path).stdout.splitlines()[-1]
    assert summary == "1 file checked: 0 errors, 1 warning, 0 infos"  # sleep.md is main's change, not ours


def test_a_baseline_applies_before_the_changed_lines(repo):
    """A copy of a recorded finding added on a new line is new, though the old one is recorded."""
    assert run("check", "--write-baseline", "baseline.json", ".", cwd=repo.path).exit_code == 0
    edit(repo, "content/sleep.md", 9, "About 40% of teens nap.")
    assert changed(repo, "HEAD", "--baseline", "baseline.json", ".")[1] == [
        ("content/sleep.md", 9, "unsourced-statistic")]


def test_a_named_path_that_does_not_exist_is_an_error_and_the_rest_is_linted(repo):
    edit(repo, "content/naps.md", 5, TEENS)
    result = run("check", "--changed-since", "HEAD", "content", "missing.md", cwd=repo.path)
    assert result.exit_code == 2
    assert result.stderr == "healthlint: missing.md: no such file\n"
    assert result.stdout.startswith("content/naps.md:5:")


def test_a_changed_binary_article_is_an_input_error_and_other_files_are_not_linted(repo):
    for name in ("content/photo.png", "content/broken.md"):
        (repo.path / name).write_bytes(b"\x89PNG\x00\x01")
    repo.commit()
    for name in ("content/photo.png", "content/broken.md"):
        (repo.path / name).write_bytes(b"\x89PNG\x00\x02")
    edit(repo, "content/naps.md", 5, TEENS)
    result = run("check", "--changed-since", "HEAD", ".", cwd=repo.path)
    assert result.exit_code == 2
    assert result.stderr == "healthlint: content/broken.md: not text (binary content)\n"
    assert result.stdout.startswith("content/naps.md:5:") and "photo" not in result.stdout


def test_file_names_with_spaces_quotes_and_accents(repo):
    names = ["content/with space.md", 'content/say "hi".md', "content/crème brûlée.md", "content/back\\slash.md"]
    for name in names:
        repo.write(name, BASE)
    repo.commit()
    for name in names:
        edit(repo, name, 11, PARENTS)
    assert changed(repo, "HEAD", ".")[1] == sorted((name, 11, "unsourced-statistic") for name in names)


# Errors ------------------------------------------------------------------------------

def test_unknown_ref_is_one_line_and_exit_2(repo):
    result = run("check", "--changed-since", "no-such-branch", ".", cwd=repo.path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "healthlint: --changed-since: unknown git ref 'no-such-branch'\n"


def test_a_ref_that_looks_like_an_option_is_a_ref(repo):
    result = run("check", "--changed-since", "--output=x", ".", cwd=repo.path)
    assert result.exit_code == 2 and "unknown git ref '--output=x'" in result.stderr
    assert not (repo.path / "x").exists()


def test_outside_a_git_repository_is_one_line_and_exit_2(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "a.md").write_text(BASE, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
        result = run("check", "--changed-since", "HEAD", ".", cwd=folder)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"healthlint: --changed-since: {folder} is not inside a git repository")
    assert result.stderr.count("\n") == 1


def test_a_ref_with_no_shared_history_is_one_line_and_exit_2(repo):
    repo("checkout", "-q", "--orphan", "unrelated")
    repo.commit("a fresh start")
    result = run("check", "--changed-since", "main", ".", cwd=repo.path)
    assert result.exit_code == 2
    assert result.stderr.startswith("healthlint: --changed-since: 'main' and HEAD share no history")


@pytest.mark.parametrize("args", [["-", "--stdin-filename", "a.md"], ["--write-baseline", "b.json", "."]])
def test_options_that_cannot_go_with_changed_since_exit_2(repo, args):
    result = run("check", "--changed-since", "HEAD", *args, cwd=repo.path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "--changed-since" in result.stderr


# The diff parser on real git output ---------------------------------------------------

def test_added_lines_reads_real_git_hunks_and_ignores_lines_that_look_like_headers(repo):
    edit(repo, "content/sleep.md", 5, "++ b/content/fake.md")
    edit(repo, "content/sleep.md", 9, "+++ b/content/fake.md")
    repo.write("content/naps.md", BASE.replace(PLAIN[1], "one\ntwo\nthree"))
    patch = repo("diff", "--unified=0", "HEAD").encode()
    assert added_lines(patch) == {"content/sleep.md": frozenset({5, 9}), "content/naps.md": frozenset({7, 8, 9})}


def test_changed_since_through_the_installed_command(repo):
    edit(repo, "content/sleep.md", 7, TEENS)
    result = subprocess.run([sys.executable, "-m", "linter", "check", "-f", "github", "--changed-since", "HEAD",
                             "."], cwd=repo.path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0  # a warning, below the default fail level
    assert result.stdout.startswith("::warning file=content/sleep.md,line=7,")
    assert result.stdout.count("\n") == 1
