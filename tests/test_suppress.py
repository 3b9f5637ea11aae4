"""Inline suppression: every directive form in Markdown, HTML and plain text, what it
silences and what stays reported, and the findings about directives themselves
(unknown rule ids, malformed directives, --require-reason, --report-unused-disables).

Behaviour is driven through the engine (`lint_source`) for the many cases, and through
the real CLI (click's CliRunner, and one subprocess) for options, exit codes and every
output format.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from linter import lint_text
from linter.cli import main
from linter.engine import lint_source
from linter.reporters import REPORTERS
from linter.sources import parse
from linter.suppress import SuppressOptions

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
FORMATS = ["md", "html", "txt"]

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
STAT = "About 40% of adults sleep less than they should."
OTHER_STAT = "About 30% of adults snore at night."
TRIGGER = "Long nights can bring thoughts of suicide."
URL = "https://amzn.to/3xYzAbc"
LINK = {"md": f"[this magnesium]({URL})", "html": f'<a href="{URL}">this magnesium</a>',
        "txt": f"this magnesium: {URL}"}


def mixed(fmt: str) -> str:
    """One line that gives two rules a finding: an unsourced statistic and an undisclosed affiliate link."""
    return f"About 20% of adults take a supplement for sleep. Many of them nap. Our pick is {LINK[fmt]}."


def article(fmt: str, *parts: str, separator: str = "\n\n") -> str:
    """An article in `fmt`: each part is a directive (it starts with `healthlint-`), a paragraph,
    or an empty line."""
    lines = []
    for part in parts:
        if not part:
            lines.append("")
        elif part.startswith("healthlint-"):
            lines.append(part if fmt == "txt" else f"<!-- {part} -->")
        else:
            lines.append(f"<p>{part}</p>" if fmt == "html" else part)
    return separator.join(lines) + "\n"


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def position_of(text: str, needle: str) -> tuple[int, int]:
    offset = text.index(needle)
    return text[:offset].count("\n") + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.fixture(scope="module")
def rules():
    from linter import default_rules
    return default_rules()


def lint(text: str, fmt: str, rules, **options) -> list[tuple[str, int]]:
    """(rule, line) of every finding, through the engine."""
    result = lint_source(text, fmt, f"article.{fmt}", rules, SuppressOptions(**options))
    assert result.error is None, result.error
    return [(finding.rule, finding.line) for finding in result.findings]


def lint_findings(text: str, fmt: str, rules, **options):
    return list(lint_source(text, fmt, f"article.{fmt}", rules, SuppressOptions(**options)).findings)


def run(folder: Path, *args):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def cli_findings(folder: Path, *args) -> tuple[int, list[dict]]:
    result = run(folder, "check", "-f", "json", *args)
    return result.exit_code, json.loads(result.stdout)["findings"]


# disable-next-line ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_disable_next_line_silences_its_rule_on_the_next_line_only(fmt, rules):
    plain = article(fmt, STAT, OTHER_STAT, DISCLAIMER)
    assert lint(plain, fmt, rules) == [("unsourced-statistic", 1), ("unsourced-statistic", 3)]
    text = article(fmt, "healthlint-disable-next-line unsourced-statistic -- figure from the press kit",
                   STAT, OTHER_STAT, DISCLAIMER)
    assert lint(text, fmt, rules) == [("unsourced-statistic", line_of(text, OTHER_STAT))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_disable_next_line_without_ids_silences_every_rule_on_that_line(fmt, rules):
    plain = article(fmt, mixed(fmt), DISCLAIMER)
    assert sorted(rule for rule, _ in lint(plain, fmt, rules)) == ["affiliate-disclosure", "unsourced-statistic"]
    assert lint(article(fmt, "healthlint-disable-next-line -- reviewed by legal", mixed(fmt), DISCLAIMER),
                fmt, rules) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_disable_next_line_keeps_the_rules_it_does_not_name(fmt, rules):
    text = article(fmt, "healthlint-disable-next-line affiliate-disclosure", mixed(fmt), DISCLAIMER)
    assert lint(text, fmt, rules) == [("unsourced-statistic", line_of(text, "About 20%"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_disable_next_line_skips_blank_lines_and_stacked_directives(fmt, rules):
    text = article(fmt, "healthlint-disable-next-line unsourced-statistic",
                   "healthlint-disable-next-line affiliate-disclosure", "", mixed(fmt), DISCLAIMER, separator="\n")
    assert lint(text, fmt, rules) == []


def test_disable_next_line_covers_a_finding_by_its_first_line(rules):
    page = ("<ul>\n<li>Leafy greens such as spinach</li>\n{before}<li>Leafy greens such as\n{inside}spinach</li>\n"
            "</ul>\n<p>" + DISCLAIMER + "</p>\n")
    directive = "<!-- healthlint-disable-next-line duplicate-list-item -->\n"
    [finding] = lint_findings(page.format(before="", inside=""), "html", rules)
    assert (finding.rule, finding.line, finding.end_line) == ("duplicate-list-item", 3, 4)
    assert lint(page.format(before=directive, inside=""), "html", rules) == []
    assert lint(page.format(before="", inside=directive), "html", rules) == [("duplicate-list-item", 3)]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_directive_after_text_on_its_line_covers_the_following_line(fmt, rules):
    text = article(fmt, STAT, OTHER_STAT, DISCLAIMER).replace(
        STAT, f"{STAT} <!-- healthlint-disable-next-line unsourced-statistic -->")
    assert lint(text, fmt, rules) == [("unsourced-statistic", 1)]


# disable ... enable ---------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_region_runs_from_disable_to_enable(fmt, rules):
    text = article(fmt, STAT, "healthlint-disable unsourced-statistic -- survey figures checked by the desk",
                   mixed(fmt), OTHER_STAT, "healthlint-enable unsourced-statistic", STAT.replace("40", "45"),
                   DISCLAIMER)
    assert lint(text, fmt, rules) == [("unsourced-statistic", 1),
                                      ("affiliate-disclosure", line_of(text, "About 20%")),
                                      ("unsourced-statistic", line_of(text, "About 45%"))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_region_without_enable_runs_to_the_end_but_never_silences_document_level_findings(fmt, rules):
    text = article(fmt, TRIGGER, "healthlint-disable", STAT, mixed(fmt))
    assert lint(text, fmt, rules) == [("medical-disclaimer", 1), ("crisis-resources", 1)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_enable_of_one_rule_inside_a_disable_of_all(fmt, rules):
    text = article(fmt, "healthlint-disable", STAT, "healthlint-enable unsourced-statistic", mixed(fmt),
                   "healthlint-enable", OTHER_STAT, DISCLAIMER)
    assert lint(text, fmt, rules) == [("unsourced-statistic", line_of(text, "About 20%")),
                                      ("unsourced-statistic", line_of(text, OTHER_STAT))]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_text_before_a_disable_on_the_same_line_stays_reported(fmt, rules):
    text = article(fmt, STAT, OTHER_STAT, DISCLAIMER).replace(STAT, f"{STAT} <!-- healthlint-disable -->")
    assert lint(text, fmt, rules) == [("unsourced-statistic", 1)]


# disable-file and front matter ----------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_disable_file_silences_its_rules_everywhere_including_document_level(fmt, rules):
    text = article(fmt, TRIGGER, STAT, "healthlint-disable-file medical-disclaimer, crisis-resources -- template")
    assert lint(text, fmt, rules) == [("unsourced-statistic", line_of(text, STAT))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_disable_file_without_ids_silences_everything(fmt, rules):
    text = article(fmt, "healthlint-disable-file -- syndicated copy, edited upstream", TRIGGER, STAT, mixed(fmt))
    assert len(lint(article(fmt, TRIGGER, STAT, mixed(fmt)), fmt, rules)) == 5
    assert lint(text, fmt, rules) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_document_level_findings_ignore_next_line_directives(fmt, rules):
    text = article(fmt, "healthlint-disable-next-line crisis-resources, medical-disclaimer", TRIGGER, STAT)
    assert lint(text, fmt, rules) == [("medical-disclaimer", 1), ("crisis-resources", line_of(text, TRIGGER)),
                                      ("unsourced-statistic", line_of(text, STAT))]


FRONT_MATTER_CASES = {
    "flow": "healthlint: {disable: [medical-disclaimer, crisis-resources], reason: template adds both}",
    "block": "healthlint:\n  disable:\n    - medical-disclaimer\n    - crisis-resources\n  reason: template adds both",
}


@pytest.mark.parametrize("case", sorted(FRONT_MATTER_CASES))
def test_front_matter_disables_rules_for_the_whole_file(case, rules):
    text = f"---\ntitle: Sleep\n{FRONT_MATTER_CASES[case]}\n---\n{TRIGGER}\n\n{STAT}\n"
    assert lint(text, "md", rules) == [("unsourced-statistic", line_of(text, STAT))]


def test_front_matter_takes_one_id_as_a_string_and_keeps_the_disclaimer_field(rules):
    text = f"---\ndisclaimer: true\nhealthlint: {{disable: unsourced-statistic}}\n---\n{STAT}\n\n{mixed('md')}\n"
    assert lint(text, "md", rules) == [("affiliate-disclosure", line_of(text, "About 20%"))]


@pytest.mark.parametrize("value, line, reason", [
    ("healthlint: [medical-disclaimer]", 3, "must be a mapping"),
    ("healthlint: off", 3, "must be a mapping"),
    ("healthlint: {disable: []}", 3, "must be a mapping"),
    ("healthlint: {disable: [1]}", 3, "must be a mapping"),
    ("healthlint: {disable: [medical-disclaimer], reason: [a]}", 3, "must be a mapping"),
    ("healthlint:\n  disabled: [medical-disclaimer]", 4, "no 'disabled' setting"),
])
def test_malformed_front_matter_directive_is_reported_and_silences_nothing(value, line, reason, rules):
    text = f"---\ntitle: Sleep\n{value}\n---\n{STAT}\n"
    findings = lint_findings(text, "md", rules)
    assert [(f.rule, f.line) for f in findings] == [("medical-disclaimer", 1), ("malformed-directive", line),
                                                    ("unsourced-statistic", text.count("\n"))]
    assert reason in findings[1].message


# Directives in code are text ------------------------------------------------------

def test_markdown_code_spans_and_code_blocks_hold_no_directives(rules):
    text = (f"`<!-- healthlint-disable-file -->` and `<!-- healthlint-disabel -->`\n\n"
            f"```html\n<!-- healthlint-disable-file unknown-rule -->\n```\n\n"
            f"    <!-- healthlint-disable-file -->\n\n"
            f"~~~\nhealthlint-disable-file\n~~~\n\n{STAT}\n")
    assert lint(text, "md", rules, require_reason=True, report_unused=True) == [
        ("medical-disclaimer", 1), ("unsourced-statistic", line_of(text, STAT))]


def test_html_escaped_or_scripted_comments_are_no_directives(rules):
    text = (f"<pre><code>&lt;!-- healthlint-disable-file --&gt;</code></pre>\n"
            f"<script>// <!-- healthlint-disable-file --></script>\n"
            f"<style>/* <!-- healthlint-disable-file --> */</style>\n<p>{STAT}</p>\n")
    assert lint(text, "html", rules) == [("medical-disclaimer", 1), ("unsourced-statistic", 4)]


def test_plain_text_directive_must_start_its_line(rules):
    text = article("txt", f"Editors write healthlint-disable-file when a page is syndicated. {STAT}")
    assert lint(text, "txt", rules) == [("medical-disclaimer", 1), ("unsourced-statistic", 1)]


# Unknown rule ids -----------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_rule_id_is_reported_at_the_id_and_the_known_ids_still_work(fmt, rules):
    text = article(fmt, "healthlint-disable-next-line affiliate-disclosure, unsourced-statistc -- press kit",
                   mixed(fmt), DISCLAIMER)
    findings = lint_findings(text, fmt, rules)
    assert [(f.rule, f.line, f.column, f.end_column) for f in findings] == [
        ("unknown-rule-in-directive", 1, position_of(text, "unsourced-statistc")[1],
         position_of(text, "unsourced-statistc")[1] + len("unsourced-statistc")),
        ("unsourced-statistic", line_of(text, "About 20%"), position_of(text, "20%")[1], findings[1].end_column)]
    assert findings[0].severity.label == "warning"
    assert "did you mean 'unsourced-statistic'" in findings[0].message


def test_unknown_rule_id_with_nothing_close_points_to_the_rule_list(rules):
    [finding] = lint_findings(article("md", "healthlint-enable house-style", DISCLAIMER), "md", rules)
    assert finding.rule == "unknown-rule-in-directive"
    assert "did you mean" not in finding.message and "healthlint rules" in finding.message


def test_unknown_rule_id_in_front_matter_is_reported_at_the_id(rules):
    text = f"---\nhealthlint:\n  disable:\n    - medical-disclaimer\n    - crisis-resource\n---\n{STAT}\n"
    findings = lint_findings(text, "md", rules)
    assert [(f.rule, f.line, f.column) for f in findings] == [("unknown-rule-in-directive", 5, 7),
                                                              ("unsourced-statistic", 7, 7)]


def test_rules_turned_off_by_the_config_and_pack_rules_are_known(tmp_path):
    from test_custom_pack import REVIEWED_RULE, write_pack  # a pack rule over the `required` kind

    write_pack(tmp_path / "house", {"medically-reviewed.yaml": REVIEWED_RULE})
    (tmp_path / ".healthlint.yaml").write_text("rules:\n  duplicate-list-item: off\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(article("md", "healthlint-disable-file duplicate-list-item, medically-reviewed",
                                           STAT, DISCLAIMER), encoding="utf-8")
    code, findings = cli_findings(tmp_path, "--rules", "house", "--report-unused-disables", "a.md")
    assert [(f["rule"], f["line"]) for f in findings] == [("unsourced-statistic", 3)]
    assert code == 0
    code, findings = cli_findings(tmp_path, "a.md")
    assert [(f["rule"], f["line"]) for f in findings] == [("unknown-rule-in-directive", 1),
                                                          ("unsourced-statistic", 3)]
    assert "medically-reviewed" in findings[0]["message"]


# Malformed directives -------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_misspelt_directive_is_reported_and_silences_nothing(fmt, rules):
    text = article(fmt, "healthlint-disabel-next-line unsourced-statistic", STAT, DISCLAIMER)
    findings = lint_findings(text, fmt, rules)
    assert [(f.rule, f.line, f.column) for f in findings] == [("malformed-directive", 1, 1),
                                                              ("unsourced-statistic", 3, findings[1].column)]
    assert "'healthlint-disabel-next-line' is not a directive" in findings[0].message


def test_comments_that_do_not_start_with_a_directive_are_ignored(rules):
    text = article("md", STAT, DISCLAIMER).replace(
        STAT, f"<!-- TODO: healthlint-disable-next-line was discussed -->\n<!-- healthlint is great -->\n{STAT}")
    assert lint(text, "md", rules, require_reason=True, report_unused=True) == [("unsourced-statistic", 3)]


# --require-reason -----------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_require_reason_reports_each_directive_without_one(fmt, tmp_path):
    text = article(fmt, "healthlint-disable-next-line unsourced-statistic", STAT,
                   "healthlint-disable affiliate-disclosure --", mixed(fmt), "healthlint-enable",
                   "healthlint-disable-next-line unsourced-statistic -- figure from the press kit", OTHER_STAT,
                   "healthlint-disable-file medical-disclaimer")
    (tmp_path / f"a.{fmt}").write_text(text, encoding="utf-8")
    code, findings = cli_findings(tmp_path, f"a.{fmt}")
    assert (code, [f["rule"] for f in findings]) == (0, ["unsourced-statistic"])
    code, findings = cli_findings(tmp_path, "--require-reason", f"a.{fmt}")
    assert code == 1
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in findings] == [
        ("directive-without-reason", 1, 1, "error"),
        ("directive-without-reason", line_of(text, "healthlint-disable affiliate"), 1, "error"),
        ("unsourced-statistic", line_of(text, "About 20%"), findings[2]["column"], "warning"),
        ("directive-without-reason", line_of(text, "healthlint-disable-file"), 1, "error")]
    assert "add one after ' -- '" in findings[0]["message"]


def test_require_reason_applies_to_front_matter(tmp_path):
    (tmp_path / "bare.md").write_text(f"---\nhealthlint: {{disable: [medical-disclaimer]}}\n---\n{STAT}\n",
                                      encoding="utf-8")
    (tmp_path / "why.md").write_text("---\nhealthlint: {disable: [medical-disclaimer], reason: template}\n---\n"
                                     f"{STAT}\n", encoding="utf-8")
    code, findings = cli_findings(tmp_path, "--require-reason", "bare.md", "why.md")
    assert code == 1
    assert [(f["path"], f["rule"], f["line"]) for f in findings] == [
        ("bare.md", "directive-without-reason", 2), ("bare.md", "unsourced-statistic", 4),
        ("why.md", "unsourced-statistic", 4)]
    assert "add a 'reason'" in findings[0]["message"]


# --report-unused-disables ---------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_report_unused_disables(fmt, tmp_path):
    text = article(fmt, "healthlint-disable-next-line unsourced-statistic, affiliate-disclosure -- checked",
                   STAT,
                   "healthlint-disable-next-line -- nothing to silence below", DISCLAIMER,
                   "healthlint-disable duplicate-list-item, unsourced-statistic -- checked", OTHER_STAT,
                   "healthlint-enable",
                   "healthlint-disable-file medical-disclaimer -- template",
                   "healthlint-disable-next-line crisis-resources -- about the next line", TRIGGER,
                   "healthlint-disable-file crisis-resources -- resources in the sidebar")
    (tmp_path / f"a.{fmt}").write_text(text, encoding="utf-8")
    code, findings = cli_findings(tmp_path, f"a.{fmt}")
    assert (code, findings) == (0, [])
    code, findings = cli_findings(tmp_path, "--report-unused-disables", f"a.{fmt}")
    assert code == 0
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == [
        ("unused-directive", 1, position_of(text, "affiliate-disclosure")[1]),
        ("unused-directive", line_of(text, "nothing to silence"), 1),
        ("unused-directive", line_of(text, "duplicate-list-item"), position_of(text, "duplicate-list-item")[1]),
        ("unused-directive", line_of(text, "healthlint-disable-file medical"), 1),
        ("unused-directive", line_of(text, "about the next line"), position_of(text, "crisis-resources")[1])]
    messages = [f["message"] for f in findings]
    assert "'affiliate-disclosure' in this directive silenced no finding" in messages[0]
    assert messages[1] == "The directive silenced no finding; remove it."
    assert "only healthlint-disable-file or the front matter" in messages[4]
    assert run(tmp_path, "check", "--report-unused-disables", "--fail-on", "warning", f"a.{fmt}").exit_code == 1


def test_unused_ids_of_rules_the_config_turned_off_are_not_reported(tmp_path):
    (tmp_path / ".healthlint.yaml").write_text("rules:\n  affiliate-disclosure: off\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(article("md", "healthlint-disable-next-line affiliate-disclosure -- checked",
                                           mixed("md"), DISCLAIMER), encoding="utf-8")
    code, findings = cli_findings(tmp_path, "--report-unused-disables", "a.md")
    assert (code, [f["rule"] for f in findings]) == (0, ["unsourced-statistic"])


def test_disable_next_line_with_no_line_after_it_is_unused(rules):
    text = article("md", DISCLAIMER, "healthlint-disable-next-line -- last line")
    assert lint(text, "md", rules, report_unused=True) == [("unused-directive", 3)]


# Readers expose comments ----------------------------------------------------------

def bodies(document) -> list[tuple[str, str, int]]:
    """(comment with markup, body, line) of each comment the reader kept."""
    return [(document.source[c.start:c.end], document.source[c.body_start:c.body_end],
             document.position_of_source(c.start).line) for c in document.comments]


def test_markdown_reader_keeps_inline_block_and_quoted_comments():
    source = ("Text <!-- inline --> more `<!-- code -->`.\n\n"
              "<!-- block\nspans -->\n\n> <!-- quoted -->\n\n```\n<!-- fenced -->\n```\n")
    document = parse(source, "md", "a.md")
    assert bodies(document) == [("<!-- inline -->", " inline ", 1), ("<!-- block\nspans -->", " block\nspans ", 3),
                                ("<!-- quoted -->", " quoted ", 6)]
    assert "inline" not in document.text and "<!--" in document.text  # the code span stays text


def test_html_reader_keeps_comments_in_head_and_body_with_their_places():
    source = "<html><head><!-- in head --></head>\n<body><p>One <!-- two\nlines --> three</p></body></html>"
    document = parse(source, "html", "a.html")
    assert bodies(document) == [("<!-- in head -->", " in head ", 1), ("<!-- two\nlines -->", " two\nlines ", 2)]
    assert document.text == "One three"


def test_text_reader_keeps_directive_lines_as_comments_and_reads_around_them():
    with_directives = ("Intro line one\n  healthlint-disable-next-line unsourced-statistic  \nline two.\n\n"
                       "- Avocado\nhealthlint-disable-next-line duplicate-list-item\n- Avocados\n")
    without = with_directives.replace("  healthlint-disable-next-line unsourced-statistic  \n", "").replace(
        "healthlint-disable-next-line duplicate-list-item\n", "")
    document, plain = parse(with_directives, "txt", "a.txt"), parse(without, "txt", "a.txt")
    assert bodies(document) == [("healthlint-disable-next-line unsourced-statistic",
                                 "healthlint-disable-next-line unsourced-statistic", 2),
                                ("healthlint-disable-next-line duplicate-list-item",
                                 "healthlint-disable-next-line duplicate-list-item", 6)]
    assert document.position_of_source(document.comments[0].start).column == 3
    assert document.text == plain.text
    assert [(b.kind, b.list_id) for b in document.blocks] == [(b.kind, b.list_id) for b in plain.blocks]


def test_markdown_reader_marks_where_the_front_matter_stands():
    source = "---\ntitle: Sleep\nhealthlint: {disable: [medical-disclaimer]}\n---\n# Sleep\n"
    document = parse(source, "md", "a.md")
    start, end = document.front_matter_span
    assert source[start:end] == "title: Sleep\nhealthlint: {disable: [medical-disclaimer]}"
    assert parse("# Sleep\n", "md", "a.md").front_matter_span is None


# Through the real CLI, every output format ----------------------------------------

@pytest.fixture
def flagged(tmp_path) -> Path:
    (tmp_path / "a.md").write_text(article("md", "healthlint-disable-next-line unsourced-statistc", STAT,
                                           "healthlint-disable-file -- syndicated", DISCLAIMER), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("output_format", sorted(REPORTERS))
def test_findings_about_directives_appear_in_every_output_format(flagged, output_format):
    result = run(flagged, "check", "-f", output_format, "--require-reason", "a.md")
    assert result.exit_code == 1
    for rule in ("unknown-rule-in-directive", "directive-without-reason"):
        assert rule in result.stdout, (output_format, rule)


def test_json_with_directive_findings_matches_the_schema(flagged):
    result = run(flagged, "check", "-f", "json", "--require-reason", "--report-unused-disables", "a.md")
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    assert report["summary"]["by_rule"] == {"directive-without-reason": 1, "unknown-rule-in-directive": 1}


def test_real_command_in_a_subprocess(tmp_path):
    (tmp_path / "a.txt").write_text(textwrap.dedent(f"""\
        healthlint-disable-next-line unsourced-statistic
        {STAT}

        healthlint-disable-next-line affiliate-disclosure -- sidebar discloses it
        {OTHER_STAT}

        {DISCLAIMER}
        """), encoding="utf-8")
    command = [sys.executable, "-m", "linter", "check", "a.txt"]
    plain = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0
    [line] = plain.stdout.splitlines()[:-1]
    assert line.startswith("a.txt:5:7: warning unsourced-statistic ")
    strict = subprocess.run(command + ["--require-reason", "--report-unused-disables"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert strict.returncode == 1
    assert [line.split(" ", 3)[:3] for line in strict.stdout.splitlines()[:-1]] == [
        ["a.txt:1:1:", "error", "directive-without-reason"],
        ["a.txt:4:1:", "warning", "unused-directive"],
        ["a.txt:5:7:", "warning", "unsourced-statistic"]]
    assert strict.stdout.splitlines()[-1] == "1 file checked: 1 error, 2 warnings, 0 infos"


def test_lint_text_honours_directives():
    text = article("md", "healthlint-disable-file medical-disclaimer -- template", STAT)
    assert [f.rule for f in lint_text(text)] == ["unsourced-statistic"]
