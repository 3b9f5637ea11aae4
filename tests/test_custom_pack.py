"""A user's own rule pack reuses the built-in check kinds: a rule that is not one of
the five ("medically reviewed by"), loaded with `--rules DIR`, and the one-line
errors a broken pack gives."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.rulepack import RuleError, load_pack

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")

REVIEWED_RULE = """\
id: medically-reviewed
kind: required
severity: warning
summary: Every article must say which clinician medically reviewed it.
why: Readers and search engines weigh health content by who checked it.
example:
  bad: "Magnesium may help some people sleep."
  good: "Medically reviewed by Dr. Ana Ruiz, MD."
messages:
  missing: "The article has no 'medically reviewed by' line; add one naming the clinician who reviewed it."
options:
  fix: "Medically reviewed by [name, credentials]."
  statements:
    - [reviewed]
  parts:
    reviewed:
      phrases: ["medically reviewed by", "clinically reviewed by"]
      patterns:
        - [{LOWER: reviewed}, {LOWER: for}, {LOWER: medical}, {LOWER: accuracy}, {LOWER: by}]
"""


def write_pack(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def run(folder: Path, *args: str):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return CliRunner().invoke(main, [*args], catch_exceptions=False)


@pytest.fixture
def site(tmp_path):
    write_pack(tmp_path / "house", {"editorial/medically-reviewed.yaml": REVIEWED_RULE})
    (tmp_path / "unreviewed.md").write_text(f"# Sleep\n\nMagnesium may help.\n\n{DISCLAIMER}\n", encoding="utf-8")
    (tmp_path / "reviewed.md").write_text(
        f"# Sleep\n\nMedically reviewed by Dr. Ana Ruiz, MD.\n\nMagnesium may help.\n\n{DISCLAIMER}\n",
        encoding="utf-8")
    (tmp_path / "reviewed-pattern.html").write_text(
        f"<p>Magnesium may help.</p><p>Reviewed for medical accuracy by Dr. Lee.</p><p>{DISCLAIMER}</p>",
        encoding="utf-8")
    return tmp_path


def test_custom_rule_fires_without_the_line_and_not_with_it(site):
    result = run(site, "check", "--format", "json", "--rules", "house", "unreviewed.md", "reviewed.md",
                 "reviewed-pattern.html")
    report = json.loads(result.stdout)
    assert [(f["path"], f["rule"], f["severity"], f["line"]) for f in report["findings"]] == [
        ("unreviewed.md", "medically-reviewed", "warning", 1)]
    [finding] = report["findings"]
    assert finding["message"].startswith("The article has no 'medically reviewed by' line")
    # The exact edit: its own paragraph after the last one (line 6 is the end of the file).
    assert finding["fix"]["replacement"] == "\nMedically reviewed by [name, credentials].\n"
    assert finding["fix"]["start"] == finding["fix"]["end"] == {"line": 6, "column": 1}
    assert result.exit_code == 0  # a warning is below the default fail level


def test_custom_rule_is_absent_without_its_pack(site):
    result = run(site, "check", "--format", "json", "unreviewed.md")
    assert json.loads(result.stdout)["findings"] == []


def test_custom_rule_is_listed_and_documented(site):
    listing = run(site, "rules", "--rules", "house")
    assert "medically-reviewed" in [line.split()[0] for line in listing.stdout.splitlines()]
    assert len(listing.stdout.splitlines()) == 6
    doc = run(site, "rules", "--rules", "house", "medically-reviewed")
    assert doc.exit_code == 0
    assert "Readers and search engines" in doc.stdout and "medically reviewed by" in doc.stdout


def test_custom_rule_can_be_configured_like_a_builtin(site):
    (site / ".healthlint.yaml").write_text("packs: [house]\nrules:\n  medically-reviewed:\n    severity: error\n",
                                           encoding="utf-8")
    result = run(site, "check", "unreviewed.md")
    assert result.exit_code == 1
    assert "unreviewed.md:1:1: error medically-reviewed " in result.stdout


def test_bad_spacy_pattern_is_a_one_line_error_with_file_and_line(tmp_path):
    text = REVIEWED_RULE.replace("{LOWER: accuracy}", "{LOWR: accuracy}")
    write_pack(tmp_path / "house", {"medically-reviewed.yaml": text})
    (tmp_path / "a.md").write_text("Body.\n", encoding="utf-8")
    result = run(tmp_path, "check", "--rules", "house", "a.md")
    assert result.exit_code == 2
    assert "a.md:1:1: error medical-disclaimer" in result.stdout  # still linted, with the built-in rules
    [line] = result.stderr.splitlines()
    path = Path("house") / "medically-reviewed.yaml"
    patterns_line = text.splitlines().index("      patterns:") + 1
    assert line.startswith(f"healthlint: {path}:{patterns_line}: options.parts.reviewed.patterns[0]: "
                           "invalid token pattern"), line
    assert "LOWR" in line


@pytest.mark.parametrize("old, new, line, expected", [
    ("severity: warning", "severity: loud", 3, "unknown severity 'loud' (allowed: info, warning, error)"),
    ("kind: required", "kind: demanded", 2, "unknown kind 'demanded' (allowed: "),
    ("    - [reviewed]", "    - [reviewd]", 13, "options.statements[0]: unknown part 'reviewd' (allowed: reviewed)"),
    ("  fix:", "  fixes:", 11, "options: unknown key 'fixes' (allowed: "),
    ("  statements:", "  carried: [reviewer]\n  statements:", 13,
     "options.carried: unknown part 'reviewer' (allowed: reviewed)"),
    ("messages:\n  missing:", "messages:\n  absent:", 9, "messages must have exactly the keys missing"),
])
def test_bad_rule_fields_name_file_line_and_allowed_values(tmp_path, old, new, line, expected):
    assert old in REVIEWED_RULE
    write_pack(tmp_path / "house", {"medically-reviewed.yaml": REVIEWED_RULE.replace(old, new)})
    with pytest.raises(RuleError) as raised:
        load_pack(tmp_path / "house")
    assert str(raised.value).startswith(f"{tmp_path / 'house' / 'medically-reviewed.yaml'}:{line}: {expected}")


def test_rule_id_must_equal_its_file_stem(tmp_path):
    write_pack(tmp_path / "house", {"reviewed-by.yaml": REVIEWED_RULE})
    (tmp_path / "a.md").write_text("Body.\n", encoding="utf-8")
    result = run(tmp_path, "check", "--rules", "house", "a.md")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line == (f"healthlint: {Path('house') / 'reviewed-by.yaml'}:1: id 'medically-reviewed' must equal "
                    "the file name 'reviewed-by'")


def test_duplicate_rule_ids_in_one_pack_are_rejected(tmp_path):
    write_pack(tmp_path / "house", {"a/medically-reviewed.yaml": REVIEWED_RULE,
                                    "b/medically-reviewed.yaml": REVIEWED_RULE})
    with pytest.raises(RuleError, match="already defined"):
        load_pack(tmp_path / "house")


def test_missing_pack_folder_exits_2(tmp_path):
    (tmp_path / "a.md").write_text("Body.\n", encoding="utf-8")
    result = run(tmp_path, "check", "--rules", "nowhere", "a.md")
    assert result.exit_code == 2
    assert "nowhere" in result.stderr


@pytest.mark.parametrize("locale", ["us", "ca", "uk", "ie", "au", "nz", "in", "za", "ke", "sg", "ph", "my", "hk", "jm"])
def test_the_shipped_crisis_block_satisfies_every_locale(tmp_path, locale):
    (tmp_path / "a.md").write_text("Thoughts of suicide can pass.\n", encoding="utf-8")
    (tmp_path / ".healthlint.yaml").write_text(f"locales: [{locale}]\n", encoding="utf-8")
    assert "crisis-resources" in run(tmp_path, "check", "--no-cache", "a.md").stdout
    run(tmp_path, "check", "--no-cache", "--fix", "a.md")
    result = run(tmp_path, "check", "--no-cache", "a.md")
    assert "crisis-resources" not in result.stdout, result.stdout


def test_a_crisis_resource_counts_in_each_locale_it_lists(tmp_path):
    source = Path(__file__).resolve().parent.parent / "rules" / "health" / "crisis-resources.yaml"
    article = "If you have thoughts of suicide, call or text 988 any time.\n"
    (tmp_path / "a.md").write_text(article, encoding="utf-8")
    for locales, reported in (("[ca]", False), ("[us]", False), ("[uk]", True)):
        (tmp_path / ".healthlint.yaml").write_text(f"locales: {locales}\n", encoding="utf-8")
        result = run(tmp_path, "check", "--no-cache", "a.md")
        assert ("crisis-resources" in result.stdout) is reported, (locales, result.stdout)
    for bad in ("988", "''", "[]", "'us, ca'", "[us, '']"):
        text = source.read_text(encoding="utf-8").replace("locale: [us, ca]", f"locale: {bad}", 1)
        write_pack(tmp_path / "house", {"crisis-resources.yaml": text})
        with pytest.raises(RuleError) as raised:
            load_pack(tmp_path / "house")
        assert "options.resources[0].locale: expected a locale code (such as us) or a list of them" \
            in str(raised.value), bad
