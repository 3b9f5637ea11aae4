"""The `healthlint` command end to end: exit codes, text and JSON output, standard
input, bad inputs, the rules reference, and deterministic output.

Most tests drive the real CLI in-process with click's CliRunner; a few run the
installed `healthlint` script in a subprocess, as a user or CI would.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from linter.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
RULE_IDS = ["affiliate-disclosure", "crisis-resources", "duplicate-list-item", "medical-disclaimer",
            "unsourced-statistic"]

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
CLEAN = f"# Sleep\n\nMagnesium may help some people sleep.\n\n{DISCLAIMER}\n"
WARNING_ONLY = f"# Sleep\n\nAbout 40% of adults sleep less than they should.\n\n{DISCLAIMER}\n"
ERROR_ONLY = "# Sleep\n\nMagnesium may help some people sleep.\n"
FINDING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info) "
                          r"(?P<rule>[a-z]+(?:-[a-z]+)*) (?P<message>\S.*)$")
SUMMARY_LINE = re.compile(r"^\d+ files? checked: \d+ errors?, \d+ warnings?, \d+ infos?(; .*)?$")


def healthlint_script() -> str:
    script = Path(sys.executable).parent / "healthlint"
    return str(script) if script.exists() else shutil.which("healthlint")


def run(*args, input=None, cwd=None):
    """The CLI in-process; returns click's Result (stdout and stderr kept apart)."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def run_process(*args, cwd, input=None):
    return subprocess.run([healthlint_script(), *map(str, args)], cwd=cwd, input=input, capture_output=True,
                          timeout=120)


@pytest.fixture
def articles(tmp_path):
    """A folder of three articles: clean, one warning, one error."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "clean.md").write_text(CLEAN, encoding="utf-8")
    (folder / "warn.md").write_text(WARNING_ONLY, encoding="utf-8")
    (folder / "err.md").write_text(ERROR_ONLY, encoding="utf-8")
    return folder


def findings(result) -> list[dict]:
    return json.loads(result.stdout)["findings"]


# Exit codes and --fail-on -------------------------------------------------------

def test_clean_article_exits_0(articles):
    result = run("check", articles / "clean.md")
    assert result.exit_code == 0
    assert result.stdout == "1 file checked: 0 errors, 0 warnings, 0 infos\n"
    assert result.stderr == ""


def test_error_finding_exits_1(articles):
    result = run("check", articles / "err.md")
    assert result.exit_code == 1
    assert "error medical-disclaimer" in result.stdout


@pytest.mark.parametrize("fail_on, expected", [(None, 0), ("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on_sets_the_threshold(articles, fail_on, expected):
    args = ["check", articles / "warn.md"] + (["--fail-on", fail_on] if fail_on else [])
    result = run(*args)
    assert [f["severity"] for f in json.loads(run(*args, "--format", "json").stdout)["findings"]] == ["warning"]
    assert result.exit_code == expected


def test_fail_on_warning_still_exits_1_for_errors(articles):
    assert run("check", "--fail-on", "warning", articles / "err.md").exit_code == 1


def test_usage_errors_exit_2(articles):
    assert run("check").exit_code == 2
    assert run("check", "--fail-on", "never", articles / "clean.md").exit_code == 2
    assert run("check", "--format", "yaml", articles / "clean.md").exit_code == 2


def test_input_error_exits_2_even_with_findings(articles):
    result = run("check", articles / "err.md", articles / "missing.md")
    assert result.exit_code == 2
    assert "medical-disclaimer" in result.stdout


# Text output --------------------------------------------------------------------

def test_text_lines_are_sorted_and_end_with_a_summary(tmp_path):
    (tmp_path / "b.md").write_text(ERROR_ONLY + "\nAbout 40% of adults snore. And 7 in 10 products fail.\n",
                                   encoding="utf-8")
    (tmp_path / "a.md").write_text(WARNING_ONLY, encoding="utf-8")
    result = run("check", "b.md", "a.md", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert SUMMARY_LINE.match(lines[-1]), lines[-1]
    assert lines[-1].startswith("2 files checked: 1 error, 3 warnings, 0 infos")
    parsed = [FINDING_LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    keys = [(m["path"], int(m["line"]), int(m["column"]), m["rule"]) for m in parsed]
    assert keys == sorted(keys)
    assert [k[0] for k in keys] == ["a.md", "b.md", "b.md", "b.md"]
    assert keys[1][1:] == (1, 1, "medical-disclaimer")


def test_text_line_matches_json_finding(articles):
    text = run("check", articles / "warn.md").stdout.splitlines()[0]
    [finding] = findings(run("check", "--format", "json", articles / "warn.md"))
    assert text == (f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['severity']} "
                    f"{finding['rule']} {finding['message']}")
    assert (finding["line"], finding["column"]) == (3, 7)


def test_no_colour_when_not_a_tty_and_colour_on_request(articles):
    plain = run("check", articles / "err.md")
    assert "\x1b[" not in plain.stdout
    coloured = run("check", "--color", articles / "err.md")
    assert "\x1b[" in coloured.stdout
    process = run_process("check", "err.md", cwd=articles)
    assert process.returncode == 1
    assert b"\x1b[" not in process.stdout and process.stdout.startswith(b"err.md:1:1: error medical-disclaimer ")


# JSON output --------------------------------------------------------------------

def test_json_report_matches_the_schema_and_exact_shape(articles):
    result = run("check", "--format", "json", "articles", "missing.md", cwd=articles.parent)
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert list(report) == ["version", "findings", "errors", "summary"]
    assert report["version"] == 1
    for finding in report["findings"]:
        assert list(finding) == ["path", "line", "column", "end_line", "end_column", "rule", "severity",
                                 "message", "fix"]
    assert report["errors"] == [{"path": "missing.md", "message": "no such file"}]
    assert report["summary"] == {
        "files": 4, "findings": 2, "errors": 1,
        "by_rule": {"medical-disclaimer": 1, "unsourced-statistic": 1},
        "by_severity": {"error": 1, "warning": 1, "info": 0},
    }
    assert [f["path"] for f in report["findings"]] == ["articles/err.md", "articles/warn.md"]
    statistic = report["findings"][1]
    assert (statistic["line"], statistic["column"], statistic["end_line"]) == (3, 7, 3)
    assert statistic["end_column"] > statistic["column"]
    assert statistic["fix"] is None
    disclaimer = report["findings"][0]
    assert disclaimer["fix"]["replacement"].startswith("\nThis article is for informational purposes only")
    assert disclaimer["fix"]["start"] == disclaimer["fix"]["end"] == {"line": 4, "column": 1}  # after the last line


def test_json_schema_rejects_a_wrong_shape(articles):
    report = json.loads(run("check", "--format", "json", articles / "err.md").stdout)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    validator.validate(report)
    broken = json.loads(json.dumps(report))
    broken["findings"][0]["col"] = broken["findings"][0].pop("column")
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(report))
    broken["findings"][0]["severity"] = "fatal"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(report))
    del broken["summary"]["by_rule"]
    assert not validator.is_valid(broken)


def test_json_path_is_as_given(articles):
    result = run("check", "--format", "json", "./err.md", cwd=articles)
    assert [f["path"] for f in findings(result)] == ["./err.md"]


# Standard input -----------------------------------------------------------------

HTML_WITH_HIDDEN_DISCLAIMER = f"<p>Magnesium may help.</p><!-- {DISCLAIMER} -->\n"


def test_stdin_filename_picks_the_format_and_names_the_findings():
    as_html = run("check", "--format", "json", "-", "--stdin-filename", "page.html", input=HTML_WITH_HIDDEN_DISCLAIMER)
    as_text = run("check", "--format", "json", "-", "--stdin-filename", "page.txt", input=HTML_WITH_HIDDEN_DISCLAIMER)
    # In HTML the disclaimer is a comment, not text; in plain text it is prose.
    assert [(f["path"], f["rule"]) for f in findings(as_html)] == [("page.html", "medical-disclaimer")]
    assert findings(as_text) == []
    assert (as_html.exit_code, as_text.exit_code) == (1, 0)


def test_stdin_with_input_format_and_files_together(articles):
    result = run("check", "--format", "json", "-", "--input-format", "html", articles / "err.md",
                 input=HTML_WITH_HIDDEN_DISCLAIMER)
    assert {f["path"] for f in findings(result)} == {"<stdin>", str(articles / "err.md")}


def test_stdin_undecodable_is_an_input_error():
    result = run("check", "-", "--stdin-filename", "note.txt", input=b"caf\xe9\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["healthlint: note.txt: not UTF-8 (invalid byte at offset 3) and no "
                                          "declared charset"]


def test_stdin_through_a_pipe():
    process = run_process("check", "-", "--stdin-filename", "page.html", "--format", "json", cwd=ROOT,
                          input=HTML_WITH_HIDDEN_DISCLAIMER.encode())
    assert process.returncode == 1
    assert [f["path"] for f in json.loads(process.stdout)["findings"]] == ["page.html"]


# Bad inputs: one stderr line each, exit 2, other files still linted ------------

def _bad_binary(folder: Path) -> tuple[str, str]:
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    return "image.md", "not text (binary content)"


def _bad_utf8(folder: Path) -> tuple[str, str]:
    (folder / "latin.txt").write_bytes("Caf\u00e9 au lait.\n".encode("latin-1"))
    return "latin.txt", "not UTF-8 (invalid byte at offset 3) and no declared charset"


def _bad_declared_charset(folder: Path) -> tuple[str, str]:
    (folder / "page.html").write_bytes(b'<meta charset="utf-7x"><p>Body.</p>')
    return "page.html", "unknown declared charset 'utf-7x'"


def _missing(folder: Path) -> tuple[str, str]:
    return "missing.md", "no such file"


def _empty_folder(folder: Path) -> tuple[str, str]:
    (folder / "drafts").mkdir()
    (folder / "drafts" / "notes.docx").write_bytes(b"PK")
    return "drafts", "a folder with no articles in it"


def _bad_front_matter(folder: Path) -> tuple[str, str]:
    (folder / "front.md").write_text("---\ntitle: Sleep\ntags: [a, b\n---\n\nBody.\n", encoding="utf-8")
    return "front.md", "malformed front matter at line 3"


@pytest.mark.parametrize("make_bad", [_bad_binary, _bad_utf8, _bad_declared_charset, _missing, _empty_folder,
                                      _bad_front_matter], ids=lambda f: f.__name__.strip("_"))
def test_bad_input_is_one_line_exit_2_and_other_files_still_linted(tmp_path, make_bad):
    (tmp_path / "good.md").write_text(ERROR_ONLY, encoding="utf-8")
    bad, reason = make_bad(tmp_path)
    result = run("check", "--format", "json", bad, "good.md", cwd=tmp_path)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"healthlint: {bad}: {reason}"), line
    report = json.loads(result.stdout)
    assert [(f["path"], f["rule"]) for f in report["findings"]] == [("good.md", "medical-disclaimer")]
    assert [e["path"] for e in report["errors"]] == [bad]
    assert report["errors"][0]["message"].startswith(reason)
    text = run("check", bad, "good.md", cwd=tmp_path)
    assert text.exit_code == 2 and "could not be checked" in text.stdout.splitlines()[-1]


def test_declared_non_utf8_charset_is_honoured(tmp_path):
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 \u2013 about 40% of adults snore.</p>'
    (tmp_path / "page.html").write_bytes(page.encode("cp1252"))
    result = run("check", "--format", "json", "page.html", cwd=tmp_path)
    assert result.stderr == "" and json.loads(result.stdout)["errors"] == []
    statistic = [f for f in findings(result) if f["rule"] == "unsourced-statistic"]
    assert [(f["line"], f["column"]) for f in statistic] == [(1, page.index("40%") + 1)]


def test_folder_is_searched_recursively_skipping_hidden_and_other_files(tmp_path):
    for name in ("a.md", "b.markdown", "c.html", "d.htm", "e.txt", "sub/f.md", ".hidden/g.md", "h.docx"):
        path = tmp_path / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ERROR_ONLY, encoding="utf-8")
    report = json.loads(run("check", "--format", "json", "site", cwd=tmp_path).stdout)
    assert [f["path"] for f in report["findings"]] == [
        "site/a.md", "site/b.markdown", "site/c.html", "site/d.htm", "site/e.txt", "site/sub/f.md"]


# Rules reference ----------------------------------------------------------------

def test_rules_lists_the_five_rules():
    result = run("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == RULE_IDS
    assert [line.split()[1] for line in lines] == ["error", "error", "warning", "error", "warning"]
    assert all(len(line.split(maxsplit=2)) == 3 for line in lines)


def test_rules_prints_one_rules_documentation():
    result = run("rules", "unsourced-statistic")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("unsourced-statistic (warning, kind: sourced_claim)\n")
    for heading in ("Why:", "Example (bad):", "Example (good):", "Messages:", "Options"):
        assert f"\n{heading}" in text, heading
    assert text.index("Why:") < text.index("Example (bad):") < text.index("Example (good):") < text.index("Options")
    assert "Statistics" in text.split("Why:")[0]


def test_rules_unknown_id_exits_2():
    result = run("rules", "no-such-rule")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "no-such-rule" in line and "medical-disclaimer" in line


# Determinism --------------------------------------------------------------------

def test_output_is_byte_identical_across_runs(articles):
    (articles / "page.html").write_text("<ul><li>Avocado</li><li>Avocados</li></ul><p>About 7 in 10 adults.</p>",
                                        encoding="utf-8")
    for fmt in ("text", "json"):
        first = run_process("check", "--format", fmt, ".", cwd=articles)
        second = run_process("check", "--format", fmt, "page.html", "warn.md", "err.md", "clean.md", cwd=articles)
        again = run_process("check", "--format", fmt, ".", cwd=articles)
        assert first.stdout == again.stdout
        assert first.returncode == again.returncode == 1
        assert first.stdout.replace(b"./", b"") == second.stdout
