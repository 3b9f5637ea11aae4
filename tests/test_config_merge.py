"""Configs built from several files: extends (files and presets), per_file overrides,
options that replace or extend a rule's lists, and the fix texts a publisher sets once.
Everything runs through the real `healthlint check` command."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import check, found
from linter.config import load

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
NO_DISCLAIMER = "# Sleep\n\nMagnesium may help some people sleep.\n"
STATISTIC = f"# Sleep\n\nAbout 42% of US adults sleep too little.\n\n{DISCLAIMER}\n"
SUICIDE = f"# Help\n\nSome people have suicidal thoughts.\n\n{DISCLAIMER}\n"
DEPRESSION = f"# Mood\n\nDepression is common and treatable.\n\n{DISCLAIMER}\n"
AMAZON = f"# Picks\n\nOur pick is [Calm Nights](https://amzn.to/3abc).\n\n{DISCLAIMER}\n"
PARTNER = f"# Picks\n\nOur pick is [Calm Nights](https://shop.partner.example/calm).\n\n{DISCLAIMER}\n"
DUPLICATES = f"# List\n\n- Sleep\n- Sleep\n\n{DISCLAIMER}\n"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def rules_found(report) -> list[tuple[str, str]]:
    return [(path, rule) for path, rule, _ in found(report)]


# extends --------------------------------------------------------------------------

def test_extends_a_file_relative_to_the_config_and_the_extending_file_wins(tmp_path):
    write(tmp_path, {
        "shared/base.yaml": "fail_on: warning\nrules:\n  duplicate-list-item: off\n"
                            "  medical-disclaimer: {severity: info}\n",
        "site/.healthlint.yaml": "extends: ../shared/base.yaml\nrules:\n  medical-disclaimer: {severity: warning}\n",
        "site/posts/a.md": NO_DISCLAIMER, "site/posts/list.md": DUPLICATES,
    })
    code, report, _ = check(tmp_path / "site" / "posts", "a.md", "list.md")
    assert found(report) == [("a.md", "medical-disclaimer", "warning")]  # the child's severity, the base's off
    assert code == 1  # the base's fail_on: warning


def test_extends_a_list_in_order_later_wins(tmp_path):
    write(tmp_path, {"a.yaml": "rules:\n  medical-disclaimer: {severity: info}\n",
                     "b.yaml": "rules:\n  medical-disclaimer: {severity: warning}\n",
                     ".healthlint.yaml": "extends: [a.yaml, b.yaml]\n", "a.md": NO_DISCLAIMER})
    assert found(check(tmp_path, "a.md")[1]) == [("a.md", "medical-disclaimer", "warning")]
    (tmp_path / ".healthlint.yaml").write_text("extends: [b.yaml, a.yaml]\n", encoding="utf-8")
    assert found(check(tmp_path, "a.md")[1]) == [("a.md", "medical-disclaimer", "info")]


def test_a_base_switched_off_rule_can_be_switched_back_on(tmp_path):
    write(tmp_path, {"base.yaml": "rules:\n  medical-disclaimer: off\n",
                     ".healthlint.yaml": "extends: base.yaml\nrules:\n  medical-disclaimer: on\n",
                     "a.md": NO_DISCLAIMER})
    assert found(check(tmp_path, "a.md")[1]) == [("a.md", "medical-disclaimer", "error")]


def test_packs_accumulate_each_relative_to_its_own_file(tmp_path):
    source = Path(__file__).resolve().parent.parent / "rules" / "health" / "medical-disclaimer.yaml"
    write(tmp_path, {
        "shared/house/medical-disclaimer.yaml": source.read_text(encoding="utf-8").replace(
            "severity: error", "severity: info", 1),
        "shared/base.yaml": "packs: [house]\n",
        "site/.healthlint.yaml": "extends: ../shared/base.yaml\npacks: []\n", "site/a.md": NO_DISCLAIMER,
    })
    assert found(check(tmp_path / "site", "a.md")[1]) == [("a.md", "medical-disclaimer", "info")]


def test_a_shared_base_reached_twice_is_not_a_cycle(tmp_path):
    write(tmp_path, {"a.yaml": "extends: healthlint:recommended\n", "b.yaml": "extends: healthlint:recommended\n",
                     ".healthlint.yaml": "extends: [a.yaml, b.yaml]\n", "a.md": NO_DISCLAIMER})
    assert check(tmp_path, "a.md")[0] == 1


def test_an_extends_cycle_names_the_file_and_line_that_closes_it(tmp_path):
    write(tmp_path, {".healthlint.yaml": "fail_on: error\nextends: base.yaml\n",
                     "base.yaml": "rules: {}\nextends: [healthlint:recommended, .healthlint.yaml]\n",
                     "a.md": NO_DISCLAIMER})
    code, report, stderr = check(tmp_path, "a.md")
    config, base = tmp_path / ".healthlint.yaml", tmp_path / "base.yaml"
    assert code == 2
    assert found(report) == [("a.md", "medical-disclaimer", "error")]  # still linted, with the built-in rules
    assert stderr == (f"healthlint: {base}:2: extends: '.healthlint.yaml' makes a cycle "
                      f"({config} -> {base} -> {config})\n")


def test_a_config_that_extends_itself_is_a_cycle(tmp_path):
    write(tmp_path, {".healthlint.yaml": "extends: ./.healthlint.yaml\n", "a.md": NO_DISCLAIMER})
    code, _, stderr = check(tmp_path, "a.md")
    assert code == 2 and "extends: './.healthlint.yaml' makes a cycle" in stderr


def test_an_error_in_a_base_names_the_base_file(tmp_path):
    write(tmp_path, {"base.yaml": "rules:\n  medical-disclaimer: {severity: loud}\n",
                     ".healthlint.yaml": "extends: base.yaml\n", "a.md": NO_DISCLAIMER})
    code, _, stderr = check(tmp_path, "a.md")
    assert code == 2
    assert stderr.startswith(f"healthlint: {tmp_path / 'base.yaml'}:2: rules.medical-disclaimer.severity: "
                             f"unknown severity 'loud'")


def test_pyproject_extends_a_preset(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.healthlint]\nextends = "healthlint:strict"\n', "a.md": STATISTIC})
    code, report, _ = check(tmp_path, "a.md")
    assert (code, found(report)) == (1, [("a.md", "unsourced-statistic", "error")])


# presets --------------------------------------------------------------------------

def test_recommended_preset_is_the_defaults(tmp_path):
    write(tmp_path, {"a.md": NO_DISCLAIMER, "s.md": STATISTIC, "d.md": DEPRESSION, "l.md": DUPLICATES})
    without = check(tmp_path, ".")
    (tmp_path / ".healthlint.yaml").write_text("extends: healthlint:recommended\n", encoding="utf-8")
    assert check(tmp_path, ".") == without
    assert without[0] == 1 and len(without[1]["findings"]) == 3


def test_strict_preset_fails_on_warnings_and_asks_topic_articles_for_a_helpline(tmp_path):
    write(tmp_path, {".healthlint.yaml": "extends: healthlint:strict\n",
                     "s.md": STATISTIC, "d.md": DEPRESSION, "l.md": DUPLICATES, "ok.md": f"# Fine\n\n{DISCLAIMER}\n"})
    code, report, _ = check(tmp_path, "s.md", "d.md", "l.md", "ok.md")
    assert found(report) == [("d.md", "crisis-resources", "warning"), ("l.md", "duplicate-list-item", "warning"),
                             ("s.md", "unsourced-statistic", "error")]
    assert code == 1
    assert check(tmp_path, "ok.md")[0] == 0


def test_a_config_can_relax_a_preset(tmp_path):
    write(tmp_path, {".healthlint.yaml": "extends: healthlint:strict\nfail_on: error\n"
                                         "rules:\n  unsourced-statistic: {severity: warning}\n", "s.md": STATISTIC})
    code, report, _ = check(tmp_path, "s.md")
    assert (code, found(report)) == (0, [("s.md", "unsourced-statistic", "warning")])


# per_file -------------------------------------------------------------------------

PER_FILE = """\
rules:
  duplicate-list-item: off
per_file:
  - files: ["news/**"]
    rules:
      medical-disclaimer: off
      unsourced-statistic: {severity: info}
  - files: ["news/opinion/*.md"]
    rules:
      unsourced-statistic: {severity: error}
  - files: ["lists/"]
    rules:
      duplicate-list-item: on
"""


def test_per_file_overrides_apply_by_glob_and_later_entries_win(tmp_path):
    write(tmp_path, {".healthlint.yaml": PER_FILE, "news/a.md": NO_DISCLAIMER, "news/s.md": STATISTIC,
                     "news/opinion/s.md": STATISTIC, "guides/a.md": NO_DISCLAIMER, "guides/s.md": STATISTIC,
                     "guides/l.md": DUPLICATES, "lists/l.md": DUPLICATES})
    _, report, _ = check(tmp_path / "news", "..")
    assert found(report) == [
        ("../guides/a.md", "medical-disclaimer", "error"),
        ("../guides/s.md", "unsourced-statistic", "warning"),
        ("../lists/l.md", "duplicate-list-item", "warning"),
        ("../news/opinion/s.md", "unsourced-statistic", "error"),
        ("../news/s.md", "unsourced-statistic", "info"),
    ]


def test_per_file_globs_are_relative_to_the_config_file_not_the_current_folder(tmp_path):
    write(tmp_path, {".healthlint.yaml": "per_file:\n  - files: [/posts/a.md]\n    rules:\n"
                                         "      medical-disclaimer: off\n",
                     "posts/a.md": NO_DISCLAIMER, "posts/posts/a.md": NO_DISCLAIMER})
    _, report, _ = check(tmp_path / "posts", "a.md", "posts/a.md")
    assert rules_found(report) == [("posts/a.md", "medical-disclaimer")]


def test_per_file_options_and_locales_only_touch_matching_files(tmp_path):
    uk_only = f"# Help\n\nSome people have suicidal thoughts. Call Samaritans on 116 123.\n\n{DISCLAIMER}\n"
    us_only = f"# Help\n\nSome people have suicidal thoughts. Call or text 988.\n\n{DISCLAIMER}\n"
    write(tmp_path, {
        ".healthlint.yaml": "per_file:\n  - files: [uk/]\n    locales: [uk]\n"
                            "  - files: [reviewed/]\n    rules:\n      medical-disclaimer:\n"
                            "        options: {front_matter_field: reviewed}\n",
        "uk/us-line.md": us_only, "uk/uk-line.md": uk_only, "us/us-line.md": us_only,
        "reviewed/a.md": "---\nreviewed: true\n---\n\nBody.\n", "other/a.md": "---\nreviewed: true\n---\n\nBody.\n",
    })
    _, report, _ = check(tmp_path, "uk", "us", "reviewed", "other")
    assert rules_found(report) == [("other/a.md", "medical-disclaimer"), ("uk/us-line.md", "crisis-resources")]


def test_per_file_and_exclude_in_pyproject(tmp_path):
    write(tmp_path, {"pyproject.toml": '[tool.healthlint]\nexclude = ["drafts/"]\n\n[[tool.healthlint.per_file]]\n'
                                       'files = ["news/"]\nrules = {medical-disclaimer = "off"}\n',
                     "news/a.md": NO_DISCLAIMER, "guides/a.md": NO_DISCLAIMER, "drafts/a.md": NO_DISCLAIMER})
    _, report, _ = check(tmp_path / "guides", "..")
    assert rules_found(report) == [("../guides/a.md", "medical-disclaimer")]


def test_stdin_gets_the_per_file_rules_of_its_stdin_filename(tmp_path):
    from click.testing import CliRunner

    from linter.cli import main

    write(tmp_path, {".healthlint.yaml": "per_file:\n  - files: [news/]\n    rules:\n      medical-disclaimer: off\n"})
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        runner = CliRunner()
        quiet = runner.invoke(main, ["check", "-", "--stdin-filename", "news/a.md"], input=NO_DISCLAIMER)
        flagged = runner.invoke(main, ["check", "-", "--stdin-filename", "guides/a.md"], input=NO_DISCLAIMER)
    assert quiet.exit_code == 0 and "medical-disclaimer" not in quiet.stdout
    assert flagged.exit_code == 1 and "medical-disclaimer" in flagged.stdout


def test_rules_for_is_cached_per_set_of_matching_entries(tmp_path):
    write(tmp_path, {".healthlint.yaml": "per_file:\n  - files: [news/]\n    rules:\n"
                                         "      medical-disclaimer: {severity: info}\n"
                                         "  - files: [news/opinion/]\n    rules:\n      medical-disclaimer: off\n"})
    config = load(tmp_path / ".healthlint.yaml")
    news = config.rules_for(str(tmp_path / "news" / "a.md"))
    assert config.rules_for(str(tmp_path / "news" / "b.md")) is news
    opinion = config.rules_for(str(tmp_path / "news" / "opinion" / "a.md"))
    assert "medical-disclaimer" not in [rule.id for rule in opinion]
    assert {rule.id: rule.severity.label for rule in news}["medical-disclaimer"] == "info"
    assert config.rules_for(str(tmp_path / "other.md")) is config.rules_for()


def test_rules_with_the_same_options_are_compiled_once(tmp_path):
    write(tmp_path, {".healthlint.yaml": "rules:\n  medical-disclaimer:\n    options: {front_matter_field: x}\n"
                                         "per_file:\n  - files: [news/]\n    rules:\n"
                                         "      medical-disclaimer: {severity: info}\n"})
    config = load(tmp_path / ".healthlint.yaml")
    plain = {rule.id: rule for rule in config.rules_for()}["medical-disclaimer"]
    news = {rule.id: rule for rule in config.rules_for(str(tmp_path / "news" / "a.md"))}["medical-disclaimer"]
    assert news.options is plain.options and news.severity.label == "info" and plain.severity.label == "error"


# options replace, extend adds ------------------------------------------------------

def test_extend_adds_to_a_rules_list_and_keeps_its_own(tmp_path):
    write(tmp_path, {".healthlint.yaml": "rules:\n  affiliate-disclosure:\n    extend:\n      links:\n"
                                         "        hosts: [partner.example]\n",
                     "amazon.md": AMAZON, "partner.md": PARTNER})
    assert rules_found(check(tmp_path, "amazon.md", "partner.md")[1]) == [
        ("amazon.md", "affiliate-disclosure"), ("partner.md", "affiliate-disclosure")]


def test_options_replace_a_rules_list(tmp_path):
    write(tmp_path, {"amazon.md": AMAZON, "partner.md": PARTNER})
    assert rules_found(check(tmp_path, "amazon.md", "partner.md")[1]) == [("amazon.md", "affiliate-disclosure")]
    (tmp_path / ".healthlint.yaml").write_text("rules:\n  affiliate-disclosure:\n    options:\n      links:\n"
                                               "        hosts: [partner.example]\n", encoding="utf-8")
    assert rules_found(check(tmp_path, "amazon.md", "partner.md")[1]) == [("partner.md", "affiliate-disclosure")]


def test_options_merge_mappings_key_by_key(tmp_path):
    write(tmp_path, {".healthlint.yaml": "rules:\n  crisis-resources:\n    options:\n      groups:\n"
                                         "        topics: {enabled: true}\n",
                     "suicide.md": SUICIDE, "depression.md": DEPRESSION})
    assert found(check(tmp_path, "suicide.md", "depression.md")[1]) == [
        ("depression.md", "crisis-resources", "warning"), ("suicide.md", "crisis-resources", "error")]


def test_extend_phrases_count_as_disclosures(tmp_path):
    article = ("# Picks\n\nThanks for supporting us through these links.\n\n"
               f"Our pick is [Calm Nights](https://amzn.to/3abc).\n\n{DISCLAIMER}\n")
    write(tmp_path, {"a.md": article})
    assert rules_found(check(tmp_path, "a.md")[1]) == [("a.md", "affiliate-disclosure")]
    (tmp_path / ".healthlint.yaml").write_text("rules:\n  affiliate-disclosure:\n    extend:\n      disclosures:\n"
                                               "        phrases: [supporting us through these links]\n", encoding="utf-8")
    assert rules_found(check(tmp_path, "a.md")[1]) == []


# fix texts ------------------------------------------------------------------------

FIX_TEXTS = """\
fix_texts:
  disclaimer: "House disclaimer: general information, not medical advice."
  crisis: "House crisis block: call or text 988, any time."
  disclosure: "House disclosure: we earn a commission."
"""


def fixes(report) -> dict[tuple[str, str], str | None]:
    """The text each fix inserts (its edit, less the blank lines that make it a paragraph)."""
    return {(f["path"], f["rule"]): f["fix"]["replacement"].strip() if f["fix"] else None
            for f in report["findings"]}


def test_fix_texts_appear_in_the_fix_suggestions(tmp_path):
    articles = {"a.md": NO_DISCLAIMER, "suicide.md": SUICIDE, "amazon.md": AMAZON}
    write(tmp_path, articles)
    defaults = fixes(check(tmp_path, *articles)[1])
    assert len(defaults) == 3 and not any(text.startswith("House") for text in defaults.values())
    (tmp_path / ".healthlint.yaml").write_text(FIX_TEXTS, encoding="utf-8")
    assert fixes(check(tmp_path, *articles)[1]) == {
        ("a.md", "medical-disclaimer"): "House disclaimer: general information, not medical advice.",
        ("amazon.md", "affiliate-disclosure"): "House disclosure: we earn a commission.",
        ("suicide.md", "crisis-resources"): "House crisis block: call or text 988, any time.",
    }


def test_per_file_fix_texts_and_rule_options_win_over_top_level_fix_texts(tmp_path):
    config = FIX_TEXTS + ("rules:\n  affiliate-disclosure:\n    options: {fix: Rule option disclosure.}\n"
                          "per_file:\n  - files: [uk/]\n    fix_texts:\n      crisis: 'UK block: Samaritans, 116 123.'\n")
    write(tmp_path, {".healthlint.yaml": config, "uk/suicide.md": SUICIDE, "us/suicide.md": SUICIDE,
                     "amazon.md": AMAZON})
    assert fixes(check(tmp_path, "amazon.md", "uk", "us")[1]) == {
        ("amazon.md", "affiliate-disclosure"): "Rule option disclosure.",
        ("uk/suicide.md", "crisis-resources"): "UK block: Samaritans, 116 123.",
        ("us/suicide.md", "crisis-resources"): "House crisis block: call or text 988, any time.",
    }
