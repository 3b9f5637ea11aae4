"""Configuration: discovery from the current folder upward, what each setting does to
the rules, and errors that name the file, line, key and allowed values."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import check, found
from linter.cli import main
from linter.config import ConfigError, discover, load, resolve_rules

DISCLAIMER = ("This article is for informational purposes only and is not a substitute for "
              "professional medical advice.")
NO_DISCLAIMER = "# Sleep\n\nMagnesium may help some people sleep.\n"
US_LINE_ONLY = ("# Help\n\nSome people have suicidal thoughts. In the US, call or text the 988 Suicide & "
                f"Crisis Lifeline at 988.\n\n{DISCLAIMER}\n")
UK_LINE_ONLY = f"# Help\n\nSome people have suicidal thoughts. In the UK, call Samaritans on 116 123.\n\n{DISCLAIMER}\n"


@pytest.fixture
def project(tmp_path):
    """A project folder with an article in a subfolder (the run starts there)."""
    sub = tmp_path / "content" / "posts"
    sub.mkdir(parents=True)
    (sub / "a.md").write_text(NO_DISCLAIMER, encoding="utf-8")
    return tmp_path


# Discovery ----------------------------------------------------------------------

@pytest.mark.parametrize("name, text", [
    (".healthlint.yaml", "rules:\n  medical-disclaimer: off\n"),
    ("healthlint.yaml", "rules:\n  medical-disclaimer: off\n"),
    ("pyproject.toml", '[project]\nname = "site"\n\n[tool.healthlint.rules]\nmedical-disclaimer = "off"\n'),
])
def test_config_is_found_from_a_subfolder_upward(project, monkeypatch, name, text):
    (project / name).write_text(text, encoding="utf-8")
    sub = project / "content" / "posts"
    monkeypatch.chdir(sub)
    assert discover(Path.cwd()) == project / name
    code, report, _ = check(sub, "a.md")
    assert (code, found(report)) == (0, [])


def test_without_config_the_defaults_apply(project):
    code, report, _ = check(project / "content" / "posts", "a.md")
    assert (code, found(report)) == (1, [("a.md", "medical-disclaimer", "error")])


def test_nearest_config_wins_and_names_are_tried_in_order(project):
    sub = project / "content"
    (project / ".healthlint.yaml").write_text("rules:\n  medical-disclaimer: off\n", encoding="utf-8")
    (sub / "healthlint.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    (sub / "pyproject.toml").write_text("[tool.healthlint]\nfail_on = 'info'\n", encoding="utf-8")
    assert discover(sub / "posts") == sub / "healthlint.yaml"
    (sub / ".healthlint.yaml").write_text("fail_on: error\n", encoding="utf-8")
    assert discover(sub / "posts") == sub / ".healthlint.yaml"


def test_pyproject_without_the_tool_table_is_skipped(project):
    (project / "content" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (project / "healthlint.yaml").write_text("rules:\n  medical-disclaimer: off\n", encoding="utf-8")
    assert discover(project / "content" / "posts") == project / "healthlint.yaml"


def test_explicit_config_overrides_discovery(project):
    (project / ".healthlint.yaml").write_text("rules:\n  medical-disclaimer: off\n", encoding="utf-8")
    (project / "strict.yaml").write_text("fail_on: error\n", encoding="utf-8")
    code, report, _ = check(project / "content" / "posts", "--config", str(project / "strict.yaml"), "a.md")
    assert (code, found(report)) == (1, [("a.md", "medical-disclaimer", "error")])


def test_explicit_config_that_does_not_exist_exits_2(project):
    code, _, stderr = check(project, "--config", "nope.yaml", "content")
    assert code == 2
    assert stderr == "healthlint: nope.yaml: config file not found\n"


# What settings do ---------------------------------------------------------------

@pytest.mark.parametrize("value", ["off", "false"])
def test_rule_off_disables_it(project, value):
    (project / ".healthlint.yaml").write_text(f"rules:\n  medical-disclaimer: {value}\n", encoding="utf-8")
    config = load(project / ".healthlint.yaml")
    assert "medical-disclaimer" not in [rule.id for rule in resolve_rules(config)]
    assert len(resolve_rules(config)) == 4


def test_severity_override(project):
    (project / ".healthlint.yaml").write_text("rules:\n  medical-disclaimer:\n    severity: warning\n",
                                              encoding="utf-8")
    code, report, _ = check(project / "content" / "posts", "a.md")
    assert (code, found(report)) == (0, [("a.md", "medical-disclaimer", "warning")])
    code, _, _ = check(project / "content" / "posts", "--fail-on", "warning", "a.md")
    assert code == 1


def test_fail_on_from_config_and_command_line_wins(project):
    (project / ".healthlint.yaml").write_text(
        "fail_on: warning\nrules:\n  medical-disclaimer:\n    severity: warning\n", encoding="utf-8")
    assert check(project / "content" / "posts", "a.md")[0] == 1
    assert check(project / "content" / "posts", "--fail-on", "error", "a.md")[0] == 0


def test_options_override_front_matter_field(project):
    posts = project / "content" / "posts"
    (posts / "custom.md").write_text("---\nreviewed_disclaimer: true\n---\n\nBody.\n", encoding="utf-8")
    (posts / "default.md").write_text("---\ndisclaimer: true\n---\n\nBody.\n", encoding="utf-8")
    _, report, _ = check(posts, "custom.md", "default.md")
    assert [f[:2] for f in found(report)] == [("custom.md", "medical-disclaimer")]
    (project / ".healthlint.yaml").write_text(
        "rules:\n  medical-disclaimer:\n    options:\n      front_matter_field: reviewed_disclaimer\n", encoding="utf-8")
    _, report, _ = check(posts, "custom.md", "default.md")
    assert [f[:2] for f in found(report)] == [("default.md", "medical-disclaimer")]


def test_options_override_keeps_the_rest_of_the_rule(project):
    (project / ".healthlint.yaml").write_text(
        "rules:\n  medical-disclaimer:\n    severity: info\n    options:\n      front_matter_field: x\n",
        encoding="utf-8")
    rule = {r.id: r for r in resolve_rules(load(project / ".healthlint.yaml"))}["medical-disclaimer"]
    assert rule.severity.label == "info"
    assert rule.options.front_matter_field == "x"
    assert rule.options.fix and rule.options.statements


def test_locales_restrict_crisis_resources(project):
    posts = project / "content" / "posts"
    (posts / "us.md").write_text(US_LINE_ONLY, encoding="utf-8")
    (posts / "uk.md").write_text(UK_LINE_ONLY, encoding="utf-8")
    _, report, _ = check(posts, "us.md", "uk.md")
    assert found(report) == []
    (project / ".healthlint.yaml").write_text("locales: [uk]\n", encoding="utf-8")
    code, report, _ = check(posts, "us.md", "uk.md")
    assert (code, found(report)) == (1, [("us.md", "crisis-resources", "error")])
    (project / ".healthlint.yaml").write_text("locales: [us, uk]\n", encoding="utf-8")
    assert found(check(posts, "us.md", "uk.md")[1]) == []


def test_config_packs_are_relative_to_the_config_file(project):
    pack = project / "house-rules"
    pack.mkdir()
    source = (Path(__file__).resolve().parent.parent / "rules" / "health" / "medical-disclaimer.yaml")
    (pack / "medical-disclaimer.yaml").write_text(
        source.read_text(encoding="utf-8").replace("severity: error", "severity: info", 1), encoding="utf-8")
    (project / ".healthlint.yaml").write_text("packs: [house-rules]\n", encoding="utf-8")
    _, report, _ = check(project / "content" / "posts", "a.md")
    assert found(report) == [("a.md", "medical-disclaimer", "info")]


# Errors: file:line, key, allowed values, exit 2 --------------------------------

CONFIG_ERRORS = {
    "invalid_yaml": ("fail_on: error\nrules:\n  medical-disclaimer: [off\n",
                     ":4: invalid YAML: "),
    "unknown_top_level_key": ("fail_on: error\nrulez:\n  medical-disclaimer: off\n",
                              ":2: unknown key 'rulez' (allowed: extends, fail_on, locales, packs, include, "
                              "exclude, respect_gitignore, fix_texts, rules, per_file)"),
    "unknown_rule_id": ("rules:\n  medical-disclaimer: off\n  no-such-rule: off\n",
                        ":3: rules: unknown rule id 'no-such-rule' (known: affiliate-disclosure, crisis-resources, "
                        "duplicate-list-item, medical-disclaimer, unsourced-statistic)"),
    "bad_rule_severity": ("rules:\n  medical-disclaimer:\n    options: {}\n    severity: loud\n",
                          ":4: rules.medical-disclaimer.severity: unknown severity 'loud' "
                          "(allowed: info, warning, error)"),
    "bad_fail_on": ("locales: []\nfail_on: fatal\n",
                    ":2: fail_on: unknown severity 'fatal' (allowed: info, warning, error)"),
    "locales_not_a_list": ("locales: uk\n", ":1: locales: expected a list of locale codes"),
    "unknown_locale": ("fail_on: error\nlocales: [uk, xx]\n",
                       ":2: locales: unknown locale 'xx' "
                       "(allowed: au, ca, hk, ie, in, international, jm, jp, ke, my, nl, nz, ph, sg, uk, us, za)"),
    "rules_not_a_mapping": ("rules:\n  - medical-disclaimer\n", ":1: rules: expected a mapping of rule ids"),
    "rule_value_wrong_type": ("rules:\n  medical-disclaimer: 3\n",
                              ":2: rules.medical-disclaimer: expected 'off', 'on' or a mapping with keys "
                              "severity, options, extend"),
    "unknown_rule_key": ("rules:\n  medical-disclaimer:\n    severity: info\n    level: high\n",
                         ":4: rules.medical-disclaimer: unknown key 'level' (allowed: severity, options, "
                         "extend)"),
    "option_wrong_type": ("rules:\n  medical-disclaimer:\n    options:\n      fix: x\n      front_matter_field: 3\n",
                          ":5: rules.medical-disclaimer.options.front_matter_field: expected a string"),
    "bad_option_pattern": ("rules:\n  medical-disclaimer:\n    options:\n      statements: [[x]]\n      parts:\n"
                           "        x:\n          phrases: [reviewed]\n          patterns:\n"
                           "            - [{LOWR: medically}]\n",
                           ":8: rules.medical-disclaimer.options.parts.x.patterns[0]: invalid token pattern: "),
    "options_not_a_mapping": ("rules:\n  medical-disclaimer:\n    options: [fix]\n",
                              ":3: rules.medical-disclaimer.options: expected a mapping of the rule's options"),
    "rule_switch_unknown": ("rules:\n  medical-disclaimer: maybe\n",
                            ":2: rules.medical-disclaimer: expected 'off', 'on' or a mapping"),
    "extends_wrong_type": ("fail_on: error\nextends: {base: x}\n",
                           ":2: extends: expected a config file path or a preset such as 'healthlint:recommended', "
                           "or a list of them"),
    "extends_unknown_preset": ("extends: healthlint:lax\n",
                               ":1: extends: unknown preset 'healthlint:lax' (allowed: healthlint:recommended, "
                               "healthlint:strict)"),
    "extends_missing_base": ("fail_on: error\nextends: [base.yaml]\n",
                             ":2: extends: base config 'base.yaml' not found (looked for "),
    "include_empty": ("include: []\n", ":1: include: expected a non-empty list of gitignore-style globs"),
    "exclude_not_a_list": ("exclude: drafts/\n", ":1: exclude: expected a list of gitignore-style globs"),
    "respect_gitignore_not_a_boolean": ("respect_gitignore: no\n", ":1: respect_gitignore: expected true or false"),
    "fix_texts_not_a_mapping": ("fix_texts: [disclaimer]\n",
                                ":1: fix_texts: expected a mapping with keys disclaimer, crisis, disclosure"),
    "fix_texts_unknown_key": ("fix_texts:\n  disclaimer: Not advice.\n  footer: Thanks.\n",
                              ":3: fix_texts: unknown key 'footer' (allowed: disclaimer, crisis, disclosure)"),
    "fix_text_empty": ("fix_texts:\n  crisis: ' '\n", ":2: fix_texts.crisis: expected a non-empty text"),
    "per_file_not_a_list": ("per_file:\n  news: {}\n",
                            ":1: per_file: expected a list of mappings with keys files, locales, fix_texts, rules"),
    "per_file_entry_not_a_mapping": ("per_file:\n  - news/**\n",
                                     ":1: per_file[0]: expected a mapping with keys files, locales, fix_texts, rules"),
    "per_file_without_files": ("per_file:\n  - files: [a.md]\n  - rules: {medical-disclaimer: off}\n",
                               ":3: per_file[1]: missing key 'files' (a list of gitignore-style globs)"),
    "per_file_files_empty": ("per_file:\n  - files: []\n",
                             ":2: per_file[0].files: expected a non-empty list of gitignore-style globs"),
    "per_file_unknown_key": ("per_file:\n  - files: [a.md]\n    severity: info\n",
                             ":3: per_file[0]: unknown key 'severity' (allowed: files, locales, fix_texts, rules)"),
    "per_file_unknown_rule_id": ("per_file:\n  - files: [a.md]\n  - files: [b.md]\n    rules:\n"
                                 "      no-such-rule: off\n",
                                 ":5: per_file[1].rules: unknown rule id 'no-such-rule' (known: affiliate-disclosure, "),
    "per_file_bad_severity": ("per_file:\n  - files: [a.md]\n    rules:\n"
                              "      medical-disclaimer: {severity: loud}\n",
                              ":4: per_file[0].rules.medical-disclaimer.severity: unknown severity 'loud' "
                              "(allowed: info, warning, error)"),
    "per_file_bad_option_of_unmatched_files": (
        "per_file:\n  - files: [no-article-matches-this.md]\n    rules:\n      medical-disclaimer:\n"
        "        options:\n          front_matter_field: 3\n",
        ":6: per_file[0].rules.medical-disclaimer.options.front_matter_field: expected a string"),
    "per_file_unknown_locale": ("per_file:\n  - files: [a.md]\n    locales: [uk, xx]\n",
                                ":3: per_file[0].locales: unknown locale 'xx' "
                                "(allowed: au, ca, hk, ie, in, international, jm, jp, ke, my, "),
    "extend_not_a_list": ("rules:\n  affiliate-disclosure:\n    extend:\n      links:\n"
                          "        hosts: partner.example\n",
                          ":5: rules.affiliate-disclosure.extend.links.hosts: expected a list to append to the rule's "
                          "list, or a mapping of the rule's option keys"),
    "extend_a_text": ("rules:\n  affiliate-disclosure:\n    extend:\n      fix: [More text.]\n",
                      ":4: rules.affiliate-disclosure.extend.fix: the rule's value here is not a list, so it cannot "
                      "be extended; set it under options instead"),
    "extend_unknown_option": ("rules:\n  affiliate-disclosure:\n    severity: info\n    extend:\n"
                              "      hostz: [a.example]\n",
                              ":4: rules.affiliate-disclosure.extend: unknown key 'hostz' (allowed: links, promotions, "),
    "extend_bad_pattern": ("rules:\n  affiliate-disclosure:\n    extend:\n      promotions:\n        patterns:\n"
                           "          - [{LOWER: deal}]\n          - [{LOWR: x}]\n",
                           ":5: rules.affiliate-disclosure.extend.promotions.patterns[1]: invalid token pattern: "),
    "unknown_option": ("rules:\n  medical-disclaimer:\n    options:\n      colour: red\n",
                       ":3: rules.medical-disclaimer.options: unknown key 'colour' (allowed: statements, parts, "
                       "unless, carried, openers, front_matter_field, fix)"),
}


@pytest.mark.parametrize("case", sorted(CONFIG_ERRORS))
def test_config_error_names_file_line_key_and_allowed_values(project, case):
    text, expected = CONFIG_ERRORS[case]
    path = project / ".healthlint.yaml"
    path.write_text(text, encoding="utf-8")
    code, report, stderr = check(project / "content" / "posts", "a.md")
    assert code == 2  # and the article is still linted, with the built-in rules
    assert found(report) == [("a.md", "medical-disclaimer", "error")]
    [line] = stderr.splitlines()
    assert line.startswith(f"healthlint: {path}{expected}"), line
    with pytest.raises(ConfigError, match="^" + str(path)):
        resolve_rules(load(path))


def test_invalid_toml_in_pyproject_is_an_error(project):
    path = project / "pyproject.toml"
    path.write_text("[tool.healthlint]\nfail_on = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{path}: invalid TOML"):
        load(path)


def test_pyproject_errors_name_the_file_and_key(project):
    path = project / "pyproject.toml"
    path.write_text("[tool.healthlint]\nfail_on = 'fatal'\n", encoding="utf-8")
    code, _, stderr = check(project / "content" / "posts", "a.md")
    assert code == 2
    assert stderr == (f"healthlint: {path}: fail_on: unknown severity 'fatal' (allowed: info, warning, error)\n")


def test_rules_command_reads_the_config(project):
    (project / ".healthlint.yaml").write_text("rules:\n  medical-disclaimer:\n    severity: info\n"
                                              "  unsourced-statistic: off\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = CliRunner().invoke(main, ["rules"])
    lines = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines()}
    assert lines["medical-disclaimer"] == "info"
    assert "unsourced-statistic" not in lines
