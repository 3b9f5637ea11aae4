"""Baselines through the real CLI: `--write-baseline` records today's findings, `--baseline`
reports only the ones that are not recorded, and the file is stable, sorted JSON.

A finding is keyed by path, rule and flagged text with a count, so moving lines does not
bring it back, while one more identical finding in the same file does.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from linter.cli import main

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
ADULTS = "About 40% of adults sleep less than they should."
TEENS = "Nearly 30% of teens stay up past midnight."
PARENTS = "One in four parents say bedtime is a battle."
PLAIN = "Magnesium may help some people sleep."


def article(*paragraphs: str, disclaimer: bool = True) -> str:
    return "\n\n".join(("# Sleep", *paragraphs, *([DISCLAIMER] if disclaimer else []))) + "\n"


def run(*args, cwd):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def reported(result) -> list[tuple[str, int, str]]:
    return [(f["path"], f["line"], f["rule"]) for f in json.loads(result.stdout)["findings"]]


def entries(path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["findings"]


@pytest.fixture
def site(tmp_path):
    """A content folder with old findings: two statistics, a missing disclaimer, a duplicate item."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "sleep.md").write_text(article(ADULTS, PLAIN, TEENS), encoding="utf-8")
    (content / "lists.txt").write_text("Tips\n\n• Dark room\n• Cool room\n• Dark room\n", encoding="utf-8")
    return tmp_path


def write_baseline(site):
    result = run("check", "--write-baseline", "healthlint-baseline.json", "content", cwd=site)
    assert result.exit_code == 0, result.output
    return site / "healthlint-baseline.json"


def check(site, *extra):
    return run("check", "-f", "json", "--fail-on", "warning", "--baseline", "healthlint-baseline.json", *extra,
               "content", cwd=site)


# Writing ------------------------------------------------------------------------

def test_write_records_every_finding_keyed_by_path_rule_and_text(site):
    baseline = write_baseline(site)
    assert json.loads(baseline.read_text(encoding="utf-8")) == {"version": 1, "findings": [
        {"path": "content/lists.txt", "rule": "duplicate-list-item", "text": "dark room", "count": 1},
        {"path": "content/lists.txt", "rule": "medical-disclaimer", "text": "", "count": 1},
        {"path": "content/sleep.md", "rule": "unsourced-statistic", "text": "30% of", "count": 1},
        {"path": "content/sleep.md", "rule": "unsourced-statistic", "text": "40% of", "count": 1},
    ]}


def test_write_reports_a_summary_not_the_findings_and_exits_0(site):
    result = run("check", "--write-baseline", "b.json", "content", cwd=site)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "b.json: recorded 4 findings from 2 files checked\n", "")


def test_baseline_file_is_stable_sorted_indented_json(site):
    first = write_baseline(site).read_bytes()
    assert write_baseline(site).read_bytes() == first
    text = first.decode("utf-8")
    assert text.endswith("}\n") and '\n  "findings": [\n    {\n      "path"' in text
    keys = [(e["path"], e["rule"], e["text"]) for e in json.loads(text)["findings"]]
    assert keys == sorted(keys)


def test_identical_findings_in_one_file_are_one_entry_with_a_count(site):
    (site / "content" / "sleep.md").write_text(article(ADULTS, "About 40% of teens nap.", PLAIN), encoding="utf-8")
    statistics = [e for e in entries(write_baseline(site)) if e["rule"] == "unsourced-statistic"]
    assert statistics == [{"path": "content/sleep.md", "rule": "unsourced-statistic", "text": "40% of", "count": 2}]


def test_paths_are_relative_to_the_baseline_folder_whatever_the_working_directory(site):
    nested = site / "ci"
    nested.mkdir()
    result = run("check", "--write-baseline", "ci/baseline.json", str(site / "content"), cwd=site)
    assert result.exit_code == 0, result.output
    assert {e["path"] for e in entries(nested / "baseline.json")} == {"../content/sleep.md", "../content/lists.txt"}
    from_inside = run("check", "-f", "json", "--fail-on", "info", "--baseline", "baseline.json", "../content",
                      cwd=nested)
    assert (from_inside.exit_code, reported(from_inside)) == (0, [])


# Checking against a baseline ------------------------------------------------------

def test_nothing_is_reported_right_after_writing(site):
    write_baseline(site)
    result = check(site)
    assert (result.exit_code, reported(result)) == (0, [])
    text = run("check", "--baseline", "healthlint-baseline.json", "content", cwd=site)
    assert (text.exit_code, text.stdout) == (0, "2 files checked: 0 errors, 0 warnings, 0 infos\n")


def test_without_the_baseline_the_old_findings_are_still_there(site):
    write_baseline(site)
    result = run("check", "-f", "json", "content", cwd=site)
    assert result.exit_code == 1 and len(reported(result)) == 4


def test_edits_above_a_finding_do_not_bring_it_back(site):
    write_baseline(site)
    (site / "content" / "sleep.md").write_text(
        article("A new opening paragraph.\n\nSpread over\nthree lines.", ADULTS, PLAIN, "One more.", TEENS),
        encoding="utf-8")
    (site / "content" / "lists.txt").write_text("Sleep tips\n\nRead these first.\n\n• Dark room\n• Cool room\n"
                                                "• Dark room\n", encoding="utf-8")
    result = check(site)
    assert (result.exit_code, reported(result)) == (0, [])


def test_whitespace_and_case_changes_in_the_flagged_text_keep_it_recorded(site):
    write_baseline(site)
    (site / "content" / "lists.txt").write_text("Tips\n\n• Dark room\n• Cool room\n• DARK   room\n", encoding="utf-8")
    assert reported(check(site)) == []


def test_a_new_finding_is_reported_and_sets_the_exit_code(site):
    write_baseline(site)
    (site / "content" / "sleep.md").write_text(article(ADULTS, PARENTS, PLAIN, TEENS), encoding="utf-8")
    result = check(site)
    assert (result.exit_code, reported(result)) == (1, [("content/sleep.md", 5, "unsourced-statistic")])
    assert check(site, "--fail-on", "error").exit_code == 0  # a new warning alone is below the error level


def test_a_second_identical_finding_in_the_same_file_is_new(site):
    write_baseline(site)
    (site / "content" / "sleep.md").write_text(article(ADULTS, PLAIN, TEENS, "About 40% of parents agree."),
                                               encoding="utf-8")
    assert reported(check(site)) == [("content/sleep.md", 9, "unsourced-statistic")]


def test_the_same_finding_in_another_file_is_new(site):
    write_baseline(site)
    (site / "content" / "naps.md").write_text(article(ADULTS), encoding="utf-8")
    assert reported(check(site)) == [("content/naps.md", 3, "unsourced-statistic")]


def test_a_document_level_finding_is_keyed_on_path_and_rule(site):
    write_baseline(site)
    (site / "content" / "lists.txt").write_text("Other tips entirely\n\n• Dark room\n• Cool room\n• Dark room\n",
                                                encoding="utf-8")
    assert reported(check(site)) == []
    (site / "content" / "sleep.md").write_text(article(ADULTS, PLAIN, TEENS, disclaimer=False), encoding="utf-8")
    assert reported(check(site)) == [("content/sleep.md", 1, "medical-disclaimer")]


def test_input_errors_are_still_reported_with_a_baseline(site):
    write_baseline(site)
    (site / "content" / "broken.txt").write_bytes(b"caf\xe9\n")
    result = check(site)
    assert result.exit_code == 2 and reported(result) == []
    assert result.stderr == ("healthlint: content/broken.txt: not UTF-8 (invalid byte at offset 3) and no "
                             "declared charset\n")


# Rewriting -----------------------------------------------------------------------

def test_rewriting_prunes_fixed_findings_and_keeps_the_rest(site):
    write_baseline(site)
    (site / "content" / "sleep.md").write_text(article(ADULTS, PLAIN), encoding="utf-8")
    keys = {(e["path"], e["text"]) for e in entries(write_baseline(site))}
    assert ("content/sleep.md", "30% of") not in keys
    assert ("content/sleep.md", "40% of") in keys and ("content/lists.txt", "dark room") in keys


def test_rewriting_lowers_a_count_when_one_of_two_identical_findings_is_fixed(site):
    sleep = site / "content" / "sleep.md"
    sleep.write_text(article(ADULTS, "About 40% of teens nap."), encoding="utf-8")
    write_baseline(site)
    sleep.write_text(article(ADULTS, "Some teens nap."), encoding="utf-8")
    [entry] = [e for e in entries(write_baseline(site)) if e["rule"] == "unsourced-statistic"]
    assert entry["count"] == 1


def test_a_moved_file_is_new_until_the_baseline_is_rewritten(site):
    """Decision (README): entries are keyed by path, so a move reports the file's findings again."""
    write_baseline(site)
    (site / "content" / "archive").mkdir()
    (site / "content" / "sleep.md").rename(site / "content" / "archive" / "sleep.md")
    assert sorted(reported(check(site))) == [("content/archive/sleep.md", 3, "unsourced-statistic"),
                                             ("content/archive/sleep.md", 7, "unsourced-statistic")]
    paths = {e["path"] for e in entries(write_baseline(site))}
    assert paths == {"content/archive/sleep.md", "content/lists.txt"}
    assert reported(check(site)) == []


def test_write_with_unreadable_files_records_the_rest_and_exits_2(site):
    (site / "content" / "broken.txt").write_bytes(b"\x00\x01binary")
    result = run("check", "--write-baseline", "b.json", "content", cwd=site)
    assert result.exit_code == 2
    assert result.stderr == "healthlint: content/broken.txt: not text (binary content)\n"
    assert len(entries(site / "b.json")) == 4


# Bad baselines and option clashes -------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (None, "baseline file not found"),
    (b'{"version": 1,\n "findings": [}', ":2: not a healthlint baseline (invalid JSON: Expecting value)"),
    (b"\xff\xfe", ": not a healthlint baseline (not UTF-8)"),
    (b'["findings"]', ": not a healthlint baseline (expected an object with exactly 'version' and a 'findings' list)"),
    (b'{"version": 1, "findings": [], "extra": 1}', ": not a healthlint baseline (expected an object with exactly"),
    (b'{"version": 2, "findings": []}', ": unsupported baseline version 2 (this healthlint reads version 1)"),
    (b'{"version": 1, "findings": [3]}', ": findings[0]: expected an object with path, rule, text, count"),
    (b'{"version": 1, "findings": [{"path": "a.md", "rule": "r", "text": "", "count": "2"}]}',
     ": findings[0]: 'count' must be an integer"),
    (b'{"version": 1, "findings": [{"path": "a.md", "rule": "r", "text": "", "count": true}]}',
     ": findings[0]: 'count' must be an integer"),
    (b'{"version": 1, "findings": [{"path": "a.md", "rule": "r", "text": "", "count": 0}]}',
     ": findings[0]: 'count' must be at least 1"),
    (b'{"version": 1, "findings": [{"path": "a.md", "rule": "r", "text": "", "count": 1, "line": 3}]}',
     ": findings[0]: unknown key 'line' (allowed: path, rule, text, count)"),
])
def test_a_missing_or_invalid_baseline_is_one_line_and_exit_2(site, content, message):
    if content is not None:
        (site / "healthlint-baseline.json").write_bytes(content)
    result = check(site)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("healthlint: healthlint-baseline.json") and result.stderr.count("\n") == 1
    assert message in result.stderr


def test_write_baseline_cannot_be_combined_with_baseline(site):
    result = run("check", "--write-baseline", "a.json", "--baseline", "b.json", "content", cwd=site)
    assert result.exit_code == 2 and "cannot be combined" in result.stderr
    assert not (site / "a.json").exists()


def test_baseline_through_the_installed_command(site):
    """The same round trip as a CI job runs it: a separate process, and a new finding fails the run."""
    def healthlint(*args):
        return subprocess.run([sys.executable, "-m", "linter", "check", *args], cwd=site, capture_output=True,
                              text=True, timeout=120)

    assert healthlint("--write-baseline", "base.json", "content").returncode == 0
    (site / "content" / "new.md").write_text(article(PLAIN, disclaimer=False), encoding="utf-8")
    result = healthlint("--baseline", "base.json", "content")
    assert result.returncode == 1
    assert result.stdout.startswith("content/new.md:1:1: error medical-disclaimer ")
    assert result.stdout.count("\n") == 2  # that one finding and the summary: the old ones stay silent
