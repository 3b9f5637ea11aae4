"""`healthlint check --fix` and `--diff` through the real CLI: the exact text each fix kind
writes in each format, where inserted text goes, that nothing else in the file changes
(BOM, line endings, final newline), and how refusals are reported.

Each fix-kind case runs with only its rule on, so the expected text is that rule's edit
alone; a combined case per format runs every rule together.
"""
from __future__ import annotations

import difflib
import json
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.config import Config

RULE_IDS = ("affiliate-disclosure", "crisis-resources", "duplicate-list-item", "medical-disclaimer",
            "unsourced-statistic")
LINK = "https://amzn.to/x"


@pytest.fixture(scope="session")
def texts(rules_by_id):
    """The configured texts each insertion fix adds, as the built-in rules ship them: for
    crisis-resources, the block of an article whose only unmet trigger is about suicide."""
    suicide = next(group for group in rules_by_id["crisis-resources"].options.groups if group.name == "suicide")
    return {"C": suicide.fix, **{key: rules_by_id[rule_id].options.fix
                                 for key, rule_id in (("D", "medical-disclaimer"), ("A", "affiliate-disclosure"))}}


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def only(folder: Path, rule_id: str) -> Path:
    """A config that turns every built-in rule off but `rule_id`."""
    config = folder / f"only-{rule_id}.yaml"
    config.write_text("rules:\n" + "".join(f"  {r}: off\n" for r in RULE_IDS if r != rule_id), encoding="utf-8")
    return config


def rules_found(path: Path, config: Path | None = None) -> list[str]:
    args = ["check", "-f", "json", path] + (["--config", config] if config else [])
    return [finding["rule"] for finding in json.loads(run(*args).stdout)["findings"]]


# (rule, name, format, source, fixed): {D}, {C}, {A} stand for the configured texts,
# escaped for HTML in HTML cases.
CASES = [
    ("medical-disclaimer", "at-the-end", "md",
     "# Sleep\n\nMagnesium may help.\n",
     "# Sleep\n\nMagnesium may help.\n\n{D}\n"),
    ("medical-disclaimer", "no-final-newline-stays-so", "md",
     "# Sleep\n\nMagnesium may help.",
     "# Sleep\n\nMagnesium may help.\n\n{D}"),
    ("medical-disclaimer", "after-the-last-block-not-in-a-list", "md",
     "# Sleep\n\n- Magnesium\n- Melatonin\n",
     "# Sleep\n\n- Magnesium\n- Melatonin\n\n{D}\n"),
    ("medical-disclaimer", "at-the-end-of-the-file-not-after-a-footnote-defined-earlier", "md",
     "# Sleep\n\nMagnesium[^1] may help.\n\n[^1]: A small trial.\n\nSee your GP.\n",
     "# Sleep\n\nMagnesium[^1] may help.\n\n[^1]: A small trial.\n\nSee your GP.\n\n{D}\n"),
    ("crisis-resources", "after-the-paragraph", "md",
     "# Low mood\n\nSome people think about\nsuicide.\n\nTalk to someone.\n",
     "# Low mood\n\nSome people think about\nsuicide.\n\n{C}\n\nTalk to someone.\n"),
    ("crisis-resources", "after-the-whole-list", "md",
     "- Thoughts of suicide\n- Poor sleep\n\nEnd.\n",
     "- Thoughts of suicide\n- Poor sleep\n\n{C}\n\nEnd.\n"),
    ("crisis-resources", "after-a-setext-heading-underline", "md",
     "Suicide prevention\n==================\n\nText.\n",
     "Suicide prevention\n==================\n\n{C}\n\nText.\n"),
    ("crisis-resources", "after-the-whole-quote", "md",
     "> A reader wrote about suicide.\n> And more.\n\nEnd.\n",
     "> A reader wrote about suicide.\n> And more.\n\n{C}\n\nEnd.\n"),
    ("affiliate-disclosure", "before-the-first-commercial-block", "md",
     f"# Gear\n\nWe like it.\n\nBuy it on [Amazon]({LINK}).\n\nMore [here]({LINK}).\n",
     f"# Gear\n\nWe like it.\n\n{{A}}\n\nBuy it on [Amazon]({LINK}).\n\nMore [here]({LINK}).\n"),
    ("affiliate-disclosure", "before-the-list-not-inside-it", "md",
     f"Intro.\n\n- Plain\n- Buy [this]({LINK})\n",
     f"Intro.\n\n{{A}}\n\n- Plain\n- Buy [this]({LINK})\n"),
    ("affiliate-disclosure", "before-the-table", "md",
     f"| Product | Link |\n| --- | --- |\n| A | [buy]({LINK}) |\n",
     f"{{A}}\n\n| Product | Link |\n| --- | --- |\n| A | [buy]({LINK}) |\n"),
    ("duplicate-list-item", "deletes-the-later-item-line", "md",
     "- Avocado\n- Olive oil\n- Avocados\n\nEnd.\n",
     "- Avocado\n- Olive oil\n\nEnd.\n"),
    ("affiliate-disclosure", "above-even-when-a-disclosure-comes-later", "md",
     f"Buy [this]({LINK}).\n\nWe earn a commission from these links.\n",
     f"{{A}}\n\nBuy [this]({LINK}).\n\nWe earn a commission from these links.\n"),
    ("duplicate-list-item", "loose-list-middle-item-and-its-blank-line", "md",
     "- Avocado\n\n- Avocado\n\n- Olive oil\n",
     "- Avocado\n\n- Olive oil\n"),
    ("duplicate-list-item", "loose-list-last-item-and-the-blank-line-before-it", "md",
     "- Avocado\n\n- Olive oil\n\n- Avocados\n\nNext.\n",
     "- Avocado\n\n- Olive oil\n\nNext.\n"),
    ("duplicate-list-item", "nested-list-item", "md",
     "- Fruit\n  - Apple\n  - Apples\n- Vegetables\n",
     "- Fruit\n  - Apple\n- Vegetables\n"),
    ("duplicate-list-item", "last-line-without-newline", "md",
     "- Avocado\n- Avocado",
     "- Avocado"),
    ("medical-disclaimer", "last-in-main", "html",
     "<html><body>\n<main>\n  <p>Magnesium may help.</p>\n</main>\n<footer><p>Footer</p></footer>\n</body></html>\n",
     "<html><body>\n<main>\n  <p>Magnesium may help.</p>\n  <p>{D}</p>\n</main>\n<footer><p>Footer</p></footer>\n"
     "</body></html>\n"),
    ("medical-disclaimer", "last-in-the-article-before-what-follows-it-in-main", "html",
     "<main>\n  <article>\n    <p>Magnesium may help.</p>\n  </article>\n  <section><p>3 comments</p></section>\n</main>\n",
     "<main>\n  <article>\n    <p>Magnesium may help.</p>\n    <p>{D}</p>\n  </article>\n  <section><p>3 comments</p></section>\n"
     "</main>\n"),
    ("medical-disclaimer", "last-in-the-outermost-article-not-a-comment-inside-it", "html",
     "<article>\n  <p>Magnesium may help.</p>\n  <article><p>Great post</p></article>\n</article>\n",
     "<article>\n  <p>Magnesium may help.</p>\n  <article><p>Great post</p></article>\n  <p>{D}</p>\n</article>\n"),
    ("medical-disclaimer", "last-in-a-page-that-does-not-indent", "html",
     "<main>\n<p>Magnesium may help.</p>\n</main>\n",
     "<main>\n<p>Magnesium may help.</p>\n<p>{D}</p>\n</main>\n"),
    ("medical-disclaimer", "last-in-body", "html",
     "<body><p>Magnesium may help.</p></body>",
     "<body><p>Magnesium may help.</p><p>{D}</p></body>"),
    ("medical-disclaimer", "fragment", "html",
     "<p>Magnesium may help.</p>\n",
     "<p>Magnesium may help.</p>\n<p>{D}</p>\n"),
    ("crisis-resources", "after-the-paragraph", "html",
     "<body>\n  <p>Some think about suicide.</p>\n  <p>Talk.</p>\n</body>\n",
     "<body>\n  <p>Some think about suicide.</p>\n  <p>{C}</p>\n  <p>Talk.</p>\n</body>\n"),
    ("crisis-resources", "after-the-first-mention-in-the-article-not-in-the-menu", "html",
     "<body>\n<nav><a href=\"/suicide\">Suicide</a></nav>\n<article>\n  <h1>Low mood</h1>\n"
     "  <p>Some think about suicide.</p>\n  <p>Talk.</p>\n</article>\n</body>\n",
     "<body>\n<nav><a href=\"/suicide\">Suicide</a></nav>\n<article>\n  <h1>Low mood</h1>\n"
     "  <p>Some think about suicide.</p>\n  <p>{C}</p>\n  <p>Talk.</p>\n</article>\n</body>\n"),
    ("crisis-resources", "after-the-menu-when-the-article-never-mentions-it", "html",
     "<body>\n<nav><a href=\"/suicide\">Suicide</a></nav>\n<main>\n  <p>Sleep well.</p>\n</main>\n</body>\n",
     "<body>\n<nav><a href=\"/suicide\">Suicide</a></nav>\n<p>{C}</p>\n<main>\n  <p>Sleep well.</p>\n</main>\n</body>\n"),
    ("crisis-resources", "after-the-list", "html",
     "<ul>\n  <li>Suicide risk</li>\n  <li>Sleep</li>\n</ul>\n<p>End.</p>\n",
     "<ul>\n  <li>Suicide risk</li>\n  <li>Sleep</li>\n</ul>\n<p>{C}</p>\n<p>End.</p>\n"),
    ("affiliate-disclosure", "before-the-list", "html",
     f'<body>\n  <p>Intro.</p>\n  <ul>\n    <li>Plain</li>\n    <li><a href="{LINK}">Buy</a></li>\n  </ul>\n</body>\n',
     f'<body>\n  <p>Intro.</p>\n  <p>{{A}}</p>\n  <ul>\n    <li>Plain</li>\n    <li><a href="{LINK}">Buy</a></li>\n'
     "  </ul>\n</body>\n"),
    ("affiliate-disclosure", "before-the-table", "html",
     f'<table><tr><td><a href="{LINK}">Buy</a></td></tr></table>',
     f'<p>{{A}}</p>\n<table><tr><td><a href="{LINK}">Buy</a></td></tr></table>'),
    ("affiliate-disclosure", "text-right-in-body", "html",
     f'<body>Buy <a href="{LINK}">this</a>.</body>',
     f'<body><p>{{A}}</p>Buy <a href="{LINK}">this</a>.</body>'),
    ("duplicate-list-item", "deletes-the-item-line", "html",
     "<ul>\n  <li>Avocado</li>\n  <li>Avocados</li>\n</ul>\n",
     "<ul>\n  <li>Avocado</li>\n</ul>\n"),
    ("duplicate-list-item", "on-one-line", "html",
     "<ul><li>Avocado</li><li>Olive oil</li><li>avocado</li></ul>",
     "<ul><li>Avocado</li><li>Olive oil</li></ul>"),
    ("medical-disclaimer", "at-the-end", "txt",
     "Sleep\n\nMagnesium may help.\n",
     "Sleep\n\nMagnesium may help.\n\n{D}\n"),
    ("crisis-resources", "after-the-paragraph", "txt",
     "Low mood\n\nSome people think about suicide.\nMore text.\n- A list right after\n",
     "Low mood\n\nSome people think about suicide.\nMore text.\n\n{C}\n\n- A list right after\n"),
    ("affiliate-disclosure", "before-the-paragraph", "txt",
     f"Intro.\n\nBuy at {LINK} today.\n",
     f"Intro.\n\n{{A}}\n\nBuy at {LINK} today.\n"),
    ("affiliate-disclosure", "before-the-list", "txt",
     f"Intro.\n- Plain\n- Buy at {LINK}\n",
     f"Intro.\n\n{{A}}\n\n- Plain\n- Buy at {LINK}\n"),
    ("duplicate-list-item", "blank-lines-between-items", "txt",
     "- Avocado\n\n- Avocado\n\nEnd.\n",
     "- Avocado\n\nEnd.\n"),
    ("duplicate-list-item", "last-line-without-newline", "txt",
     "- Avocado\n- Olive oil\n- Avocados",
     "- Avocado\n- Olive oil"),
]


def expand(template: str, fmt: str, texts: dict) -> str:
    values = {key: escape(value, quote=False) if fmt == "html" else value for key, value in texts.items()}
    return template.format(**values)


@pytest.mark.parametrize("rule_id, name, fmt, source, fixed", CASES,
                         ids=[f"{fmt}-{rule}-{name}" for rule, name, fmt, _, _ in CASES])
def test_each_fix_kind_in_each_format(tmp_path, texts, rule_id, name, fmt, source, fixed):
    article = tmp_path / f"article.{fmt}"
    article.write_bytes(source.encode("utf-8"))
    config = only(tmp_path, rule_id)
    assert rule_id in rules_found(article, config)

    result = run("check", "--fix", "--config", config, article)

    assert article.read_bytes().decode("utf-8") == expand(fixed, fmt, texts)
    assert f"{article}: 1 fix applied\n" in result.stdout
    assert rule_id not in rules_found(article, config)
    assert result.exit_code == 0 and result.stderr == ""


COMBINED = {
    "md": (f"# Sleep\n\nI sometimes think about suicide.\n\nBuy it on [Amazon]({LINK}) now.\n\n"
           "- Avocado\n- Olive oil\n- Avocados\n",
           f"# Sleep\n\nI sometimes think about suicide.\n\n{{C}}\n\n{{A}}\n\nBuy it on [Amazon]({LINK}) now.\n\n"
           "- Avocado\n- Olive oil\n\n{D}\n"),
    "html": (f'<main>\n  <p>I sometimes think about suicide.</p>\n  <ul>\n    <li>Avocado</li>\n'
             f'    <li>Buy <a href="{LINK}">this</a></li>\n    <li>Avocados</li>\n  </ul>\n</main>',
             f'<main>\n  <p>I sometimes think about suicide.</p>\n  <p>{{C}}</p>\n  <p>{{A}}</p>\n  <ul>\n'
             f'    <li>Avocado</li>\n    <li>Buy <a href="{LINK}">this</a></li>\n  </ul>\n  <p>{{D}}</p>\n</main>'),
    "txt": (f"Sleep\n\nI sometimes think about suicide.\n- Avocado\n- Avocados\nBuy it at {LINK} today.",
            f"Sleep\n\nI sometimes think about suicide.\n\n{{C}}\n\n- Avocado\n\n{{A}}\n\nBuy it at {LINK} today."
            "\n\n{D}"),
}


@pytest.mark.parametrize("fmt", sorted(COMBINED))
def test_every_fix_together_then_the_article_is_clean(tmp_path, texts, fmt):
    source, fixed = COMBINED[fmt]
    article = tmp_path / f"article.{fmt}"
    article.write_bytes(source.encode("utf-8"))
    result = run("check", "--fix", article)
    assert article.read_bytes().decode("utf-8") == expand(fixed, fmt, texts)
    assert result.stdout.splitlines() == [f"{article}: 4 fixes applied", "1 file checked: 0 errors, 0 warnings, 0 infos"]
    assert result.exit_code == 0
    assert rules_found(article) == []


def test_crisis_block_after_the_last_paragraph_comes_before_the_disclaimer(tmp_path, texts):
    article = tmp_path / "a.md"
    article.write_text("# Low mood\n\nSome people think about suicide.\n", encoding="utf-8")
    run("check", "--fix", article)
    assert article.read_text(encoding="utf-8") == (f"# Low mood\n\nSome people think about suicide.\n\n"
                                                   f"{texts['C']}\n\n{texts['D']}\n")


@pytest.mark.parametrize("source, block", [
    ("Can you overdose on nicotine?\n", "overdose"),
    ("Some think about suicide; others overdose.\n", None),
    ("Some think about suicide; others overdose. Poison Control: 1-800-222-1222.\n", "suicide"),
], ids=["overdose-alone-gets-its-own-block", "both-unmet-get-both-in-reading-order", "suicide-alone-unmet"])
def test_crisis_block_fits_the_triggers_left_unmet(tmp_path, rules_by_id, source, block):
    fixes = {group.name: group.fix for group in rules_by_id["crisis-resources"].options.groups}
    expected = fixes[block] if block else f"{fixes['suicide']} {fixes['overdose']}"
    article = tmp_path / "a.md"
    article.write_text(source, encoding="utf-8")
    config = only(tmp_path, "crisis-resources")
    run("check", "--fix", "--config", config, article)
    assert article.read_text(encoding="utf-8") == f"{source}\n{expected}\n"
    assert "crisis-resources" not in rules_found(article, config)


def test_remaining_findings_decide_the_exit_code(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Sleep\n\nAbout 40% of adults sleep less than they should.\n", encoding="utf-8")
    result = run("check", "--fix", "--fail-on", "warning", article)
    assert [line.split()[2] for line in result.stdout.splitlines()[:-2]] == ["unsourced-statistic"]
    assert result.stdout.splitlines()[-2:] == [f"{article}: 1 fix applied",
                                              "1 file checked: 0 errors, 1 warning, 0 infos"]
    assert result.exit_code == 1
    assert run("check", "--fix", article).exit_code == 0  # nothing left to fix; the warning is below error
    assert "fix applied" not in run("check", "--fix", article).stdout


# Preserving the file ------------------------------------------------------------

@pytest.mark.parametrize("ending", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_bom_and_line_endings_are_kept_byte_for_byte(tmp_path, texts, ending, bom):
    lines = ["# Sleep", "", "Some people think about suicide.", "", "- Avocado", "- Avocado", "", "End."]
    article = tmp_path / "a.md"
    article.write_bytes(bom + ending.join(lines).encode("utf-8") + ending.encode())
    run("check", "--fix", article)
    fixed = lines[:4] + [texts["C"], ""] + lines[4:5] + lines[6:] + ["", texts["D"]]
    assert article.read_bytes() == bom + ending.join(fixed).encode("utf-8") + ending.encode()


def test_mixed_line_endings_stay_and_inserted_lines_take_the_most_common(tmp_path, texts):
    article = tmp_path / "a.txt"
    article.write_bytes(b"Sleep\r\n\r\nMagnesium may help.\nOther line.\r\n")
    run("check", "--fix", article)
    assert article.read_bytes() == ("Sleep\r\n\r\nMagnesium may help.\nOther line.\r\n\r\n"
                                    f"{texts['D']}\r\n").encode("utf-8")


def test_html_with_crlf_and_bom_keeps_both(tmp_path, texts):
    article = tmp_path / "a.html"
    article.write_bytes(b"\xef\xbb\xbf<main>\r\n  <p>Magnesium may help.</p>\r\n</main>\r\n")
    run("check", "--fix", article)
    assert article.read_bytes() == (f"\ufeff<main>\r\n  <p>Magnesium may help.</p>\r\n  <p>{texts['D']}</p>\r\n"
                                    "</main>\r\n").encode("utf-8")


def test_a_file_that_is_not_utf8_is_not_fixed_and_others_are(tmp_path):
    declared = tmp_path / "latin.html"
    declared.write_bytes(b'<meta charset="windows-1252"><p>Caf\xe9 talk about suicide.</p>')
    other = tmp_path / "other.md"
    other.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    before = declared.read_bytes()

    result = run("check", "--fix", declared, other)

    assert declared.read_bytes() == before
    assert result.stderr == f"healthlint: {declared}: not fixed: not UTF-8, and --fix writes only UTF-8\n"
    assert f"{other}: 1 fix applied" in result.stdout
    assert f"{declared}:1:" in result.stdout  # its findings are still reported
    assert result.exit_code == 2


def test_undecodable_file_is_an_input_error_and_is_not_touched(tmp_path):
    article = tmp_path / "bad.md"
    article.write_bytes(b"# Caf\xe9 and suicide\n")
    result = run("check", "--fix", article)
    assert article.read_bytes() == b"# Caf\xe9 and suicide\n"
    assert result.stderr.splitlines() == [f"healthlint: {article}: not UTF-8 (invalid byte at offset 5) "
                                          "and no declared charset"]
    assert result.exit_code == 2


def test_read_only_file_is_one_line_exit_2_and_other_files_still_fixed(tmp_path):
    locked = tmp_path / "locked.md"
    locked.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    locked.chmod(0o444)
    other = tmp_path / "other.md"
    other.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")

    result = run("check", "--fix", locked, other)

    assert locked.read_text(encoding="utf-8") == "# Sleep\n\nMagnesium may help.\n"
    assert result.stderr == f"healthlint: {locked}: not fixed: cannot write (read-only file)\n"
    assert f"{other}: 1 fix applied" in result.stdout
    assert "This article is for informational purposes only" in other.read_text(encoding="utf-8")
    assert f"{locked}:1:1: error medical-disclaimer" in result.stdout
    assert result.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.md", "other.md"]


def test_permission_bits_and_symlinks_are_kept(tmp_path):
    target = tmp_path / "target.md"
    target.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    run("check", "--fix", link)
    assert link.is_symlink()
    assert "informational purposes only" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640


# --diff, and nothing written without --fix -------------------------------------

def test_diff_prints_what_fix_would_change_and_writes_nothing(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    sources = {"a.md": "# Sleep\n\nMagnesium may help.", "b.html": "<ul><li>Avocado</li><li>Avocados</li></ul>\n",
               "clean.txt": "Sleep\n\nThis article is for informational purposes only and is not a substitute "
                            "for professional medical advice.\n"}
    for name, text in sources.items():
        (folder / name).write_text(text, encoding="utf-8")
    stamps = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}

    result = run("check", "--diff", folder)
    with_fix = run("check", "--fix", "--diff", folder)  # --diff wins: still nothing written

    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == stamps
    assert with_fix.stdout == result.stdout
    fixed = tmp_path / "fixed"
    fixed.mkdir()
    for name, text in sources.items():
        (fixed / name).write_text(text, encoding="utf-8")
    run("check", "--fix", fixed)
    expected = ""
    for name in sorted(sources):
        before = sources[name].splitlines(keepends=True)
        after = (fixed / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for line in difflib.unified_diff(before, after, str(folder / name), str(folder / name)):
            expected += line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
    assert result.stdout == expected and expected.count("\n--- ") == 1
    assert result.exit_code == 1


def test_diff_of_a_clean_article_is_empty_and_exits_0(tmp_path):
    article = tmp_path / "clean.md"
    article.write_text("# Sleep\n\nThis article is for informational purposes only and is not a substitute for "
                       "professional medical advice.\n", encoding="utf-8")
    result = run("check", "--diff", article)
    assert (result.stdout, result.exit_code) == ("", 0)


def test_plain_check_writes_nothing_to_articles(tmp_path):
    article = tmp_path / "a.md"
    article.write_bytes(b"\xef\xbb\xbf# Sleep\r\n\r\nMagnesium may help.")
    stamp = (article.read_bytes(), article.stat().st_mtime_ns)
    for fmt in ("text", "json", "html", "sarif", "github", "junit"):
        run("check", "-f", fmt, article)
    assert (article.read_bytes(), article.stat().st_mtime_ns) == stamp
    assert [p.name for p in tmp_path.iterdir()] == ["a.md"]


def test_output_file_naming_an_article_is_refused(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    result = run("check", "-o", article, tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"healthlint: {article}: -o names an article being checked; choose another file for " \
                            "the report\n"
    assert article.read_text(encoding="utf-8") == "# Sleep\n\nMagnesium may help.\n"


# Standard input -----------------------------------------------------------------

def run_process(*args, input: bytes):
    return subprocess.run([sys.executable, "-m", "linter", *map(str, args)], input=input, capture_output=True,
                          timeout=120)


def test_fix_on_stdin_prints_the_fixed_text_and_reports_on_stderr(texts):
    source = b"\xef\xbb\xbf# Sleep\r\n\r\nMagnesium may help."
    result = run_process("check", "--fix", "-", "--stdin-filename", "draft.md", input=source)
    assert result.stdout == source + f"\r\n\r\n{texts['D']}".encode("utf-8")
    assert result.stderr.decode().splitlines() == ["draft.md: 1 fix applied",
                                                   "1 file checked: 0 errors, 0 warnings, 0 infos"]
    assert result.returncode == 0


def test_fix_on_stdin_that_cannot_be_fixed_passes_it_through_unchanged():
    source = b"<meta charset='windows-1252'><p>Caf\xe9 and suicide.</p>"
    result = run_process("check", "--fix", "-", "--stdin-filename", "draft.html", input=source)
    assert result.stdout == source
    assert "healthlint: draft.html: not fixed: not UTF-8, and --fix writes only UTF-8" in result.stderr.decode()
    assert "draft.html:1:1: error medical-disclaimer" in result.stderr.decode()
    assert result.returncode == 2


@pytest.mark.parametrize("source, reason", [
    (b"word " * (4 * 1048576 + 1), "input too large (the limit is 20 MiB)"),
    (b"  \n", "empty (no text to lint)"),
])
def test_fix_on_stdin_refuses_what_check_refuses_and_passes_it_through(source, reason):
    result = run_process("check", "--fix", "-", "--stdin-filename", "draft.md", input=source)
    assert result.stdout == source
    assert f"healthlint: draft.md: {reason}\n" in result.stderr.decode()
    assert result.returncode == 2


def test_a_fixed_file_is_read_once(tmp_path, monkeypatch):
    from linter import autofix

    article = tmp_path / "a.md"
    article.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    reads = []
    monkeypatch.setattr(autofix, "read_bytes", lambda path: reads.append(path) or Path(path).read_bytes())

    outcome = autofix.fix_file(str(article), Config().rules_for(str(article)))

    assert reads == [str(article)] and outcome.changed and outcome.error is None
    assert article.read_text(encoding="utf-8") == outcome.fixed


def test_diff_on_stdin(texts):
    result = run_process("check", "--diff", "-", "--stdin-filename", "draft.md", input=b"# Sleep\n\nText.\n")
    assert result.stdout.decode() == (f"--- draft.md\n+++ draft.md\n@@ -1,3 +1,5 @@\n # Sleep\n \n Text.\n+\n"
                                      f"+{texts['D']}\n")
    assert result.returncode == 1


# Applying edits: overlaps, ties, line endings (fixes.apply_fixes directly) ------------

def edit(fix_start, fix_end, replacement, span=((1, 1), (1, 5)), rule="r"):
    """A finding at `span` whose fix replaces `fix_start`..`fix_end` (line, column) by `replacement`."""
    from linter.finding import Finding, Fix, Position, Severity
    (line, column), (end_line, end_column) = span
    return Finding("a.md", line, column, rule, end_line, end_column, Severity.WARNING, "m",
                   Fix("d", replacement, Position(*fix_start), Position(*fix_end)))


def test_an_overlapping_fix_is_left_out_and_the_first_applies():
    from linter.fixes import apply_fixes
    assert apply_fixes("abcdef\n", [edit((1, 2), (1, 4), ""), edit((1, 3), (1, 6), "")]) == ("adef\n", 1)
    assert apply_fixes("abcdef\n", [edit((1, 2), (1, 5), ""), edit((1, 3), (1, 3), "X")]) == ("aef\n", 1)


def test_fixes_that_only_touch_all_apply_and_identical_ones_apply_once():
    from linter.fixes import apply_fixes
    assert apply_fixes("abcdef\n", [edit((1, 2), (1, 4), ""), edit((1, 2), (1, 2), "X"),
                                    edit((1, 4), (1, 4), "Y")]) == ("aXYdef\n", 3)
    assert apply_fixes("ab\n", [edit((2, 1), (2, 1), "D"), edit((2, 1), (2, 1), "D")]) == ("ab\nD", 1)


def test_at_one_point_a_passage_fix_goes_before_a_document_level_one():
    from linter.fixes import apply_fixes
    document_level = edit((2, 1), (2, 1), "D\n", span=((1, 1), (1, 1)))
    passage = edit((2, 1), (2, 1), "C\n", span=((1, 3), (1, 9)))
    assert apply_fixes("ab\n", [document_level, passage]) == ("ab\nC\nD\n", 2)


def test_positions_map_past_a_bom_and_crlf_and_inserted_breaks_take_the_files_style():
    from linter.fixes import apply_fixes
    text = "\ufeffab\r\ncd\r\n"
    assert apply_fixes(text, [edit((1, 3), (1, 3), "\nX")]) == ("\ufeffab\r\nX\r\ncd\r\n", 1)
    assert apply_fixes(text, [edit((2, 1), (3, 1), "")]) == ("\ufeffab\r\n", 1)


def test_a_user_rules_fix_applies_too_after_the_builtin_one_at_the_same_point(tmp_path, texts):
    pack = tmp_path / "house"
    pack.mkdir()
    (pack / "medically-reviewed.yaml").write_text(
        "id: medically-reviewed\nkind: required\nseverity: warning\nsummary: Say who reviewed it.\n"
        "why: Readers look for a named reviewer.\nmessages:\n  missing: \"Add a 'Medically reviewed by' line.\"\n"
        "options:\n  fix: \"Medically reviewed by [name].\"\n  statements: [[reviewed]]\n  parts:\n"
        "    reviewed:\n      lemmas: [\"medically reviewed by\"]\n", encoding="utf-8")
    article = tmp_path / "a.md"
    article.write_text("# Sleep\n\nMagnesium may help.\n", encoding="utf-8")
    result = run("check", "--fix", "--rules", pack, article)
    assert article.read_text(encoding="utf-8") == ("# Sleep\n\nMagnesium may help.\n\n"
                                                   f"{texts['D']}\n\nMedically reviewed by [name].\n")
    assert f"{article}: 2 fixes applied" in result.stdout
