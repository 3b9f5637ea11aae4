"""`healthlint init`, and the JSON Schema of the config agreeing with the loader: the starter,
the presets and the README's example validate and load; what the schema rejects, the
loader rejects too; every key is described."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from conftest import ROOT, check, found
from linter.cli import main
from linter.config import PRESETS_DIR, SCHEMA, STARTER, Config, ConfigError, load
from linter.config_file import FIX_TEXTS, KEYS, PER_FILE_KEYS, RULE_KEYS
from linter.file_selection import FileSelection
from linter.rulepack import load_yaml

VALIDATOR = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
ARTICLE = "# Sleep\n\nAbout 42% of US adults sleep too little. Magnesium may help.\n"


def init(folder, *args):
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        return CliRunner().invoke(main, ["init", *args])


def schema_errors(text: str) -> list[str]:
    """The schema's complaints about a config, read as healthlint reads YAML (1.2 booleans)."""
    return [error.message for error in VALIDATOR.iter_errors(load_yaml(Path("config.yaml"), text) or {})]


def loads(path) -> None:
    load(path).rules_for()


def signature(rules) -> list[tuple]:
    return [(rule.id, rule.severity, json.dumps(rule.raw_options, sort_keys=True)) for rule in rules]


# init ------------------------------------------------------------------------------

def test_init_writes_the_starter_in_the_current_folder(tmp_path):
    sub = tmp_path / "site"
    sub.mkdir()
    (tmp_path / ".healthlint.yaml").write_text("fail_on: info\n", encoding="utf-8")
    result = init(sub)
    assert result.exit_code == 0, result.output
    assert (sub / ".healthlint.yaml").read_text(encoding="utf-8") == STARTER.read_text(encoding="utf-8")
    assert (tmp_path / ".healthlint.yaml").read_text(encoding="utf-8") == "fail_on: info\n"


def test_the_starter_reproduces_the_defaults(tmp_path):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    without = check(tmp_path, "a.md")
    assert init(tmp_path).exit_code == 0
    assert check(tmp_path, "a.md") == without
    assert found(without[1]) == [("a.md", "medical-disclaimer", "error"), ("a.md", "unsourced-statistic", "warning")]
    config, defaults = load(tmp_path / ".healthlint.yaml"), Config()
    assert signature(config.rules_for()) == signature(defaults.rules_for())
    assert (config.fail_on.label, config.selection) == ("error", FileSelection())


def test_init_refuses_to_overwrite_without_force(tmp_path):
    (tmp_path / ".healthlint.yaml").write_text("fail_on: info\n", encoding="utf-8")
    result = init(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == ("healthlint: .healthlint.yaml: already exists; edit it, or run 'healthlint init "
                             "--force' to overwrite it\n")
    assert (tmp_path / ".healthlint.yaml").read_text(encoding="utf-8") == "fail_on: info\n"
    assert init(tmp_path, "--force").exit_code == 0
    assert (tmp_path / ".healthlint.yaml").read_text(encoding="utf-8") == STARTER.read_text(encoding="utf-8")


# The schema agrees with the loader ---------------------------------------------------

def readme_config_examples() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration"):readme.index("## Your own rules")]
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.S)


def test_the_readme_has_a_full_example():
    full = yaml.safe_load(readme_config_examples()[0])
    assert set(full) >= {"extends", "locales", "exclude", "fix_texts", "rules", "per_file"}


@pytest.mark.parametrize("name", ["starter", *sorted(p.stem for p in PRESETS_DIR.glob("*.yaml")),
                                  "readme-example-1", "readme-example-2"])
def test_shipped_and_documented_configs_validate_and_load(name, tmp_path):
    if name == "starter":
        text = STARTER.read_text(encoding="utf-8")
    elif name.startswith("readme-example-"):
        text = readme_config_examples()[int(name[-1]) - 1]
    else:
        text = (PRESETS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert schema_errors(text) == []
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    loads(tmp_path / "config.yaml")


INVALID = {
    "unknown_key": "rulez: {}\n",
    "extends_mapping": "extends: {base: a.yaml}\n",
    "fail_on_unknown": "fail_on: fatal\n",
    "locales_text": "locales: uk\n",
    "packs_text": "packs: house/\n",
    "include_empty": "include: []\n",
    "exclude_text": "exclude: drafts/\n",
    "respect_gitignore_word": "respect_gitignore: no\n",
    "fix_texts_unknown": "fix_texts: {footer: Thanks.}\n",
    "fix_text_blank": "fix_texts: {crisis: ' '}\n",
    "rule_switch_word": "rules: {medical-disclaimer: maybe}\n",
    "rule_unknown_key": "rules: {medical-disclaimer: {level: high}}\n",
    "rule_bad_severity": "rules: {medical-disclaimer: {severity: loud}}\n",
    "rule_options_list": "rules: {medical-disclaimer: {options: [fix]}}\n",
    "rule_extend_list": "rules: {affiliate-disclosure: {extend: [hosts]}}\n",
    "per_file_mapping": "per_file: {news: {}}\n",
    "per_file_without_files": "per_file: [{rules: {medical-disclaimer: off}}]\n",
    "per_file_empty_files": "per_file: [{files: []}]\n",
    "per_file_unknown_key": "per_file: [{files: [a.md], severity: info}]\n",
    "per_file_bad_rule": "per_file: [{files: [a.md], rules: {medical-disclaimer: 3}}]\n",
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_what_the_schema_rejects_the_loader_rejects(case, tmp_path):
    text = INVALID[case]
    assert schema_errors(text), "the schema accepts it"
    (tmp_path / "config.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"^{re.escape(str(tmp_path / 'config.yaml'))}:1: "):
        loads(tmp_path / "config.yaml")


def test_the_schema_names_the_loaders_keys():
    schema = VALIDATOR.schema
    per_file = schema["properties"]["per_file"]["items"]["properties"]
    rule = schema["$defs"]["rules"]["additionalProperties"]["oneOf"][1]["properties"]
    assert (tuple(schema["properties"]), tuple(per_file), tuple(rule)) == (KEYS, PER_FILE_KEYS, RULE_KEYS)
    assert tuple(schema["$defs"]["fix_texts"]["properties"]) == tuple(FIX_TEXTS)


def test_every_key_in_the_schema_is_described():
    schema = VALIDATOR.schema

    def resolved(node):
        if "$ref" in node:
            return {**resolved(schema["$defs"][node["$ref"].rsplit("/", 1)[1]]), **node}
        return node

    def keys(node, path):
        node = resolved(node)
        for name, child in node.get("properties", {}).items():
            yield f"{path}.{name}", resolved(child)
            yield from keys(child, f"{path}.{name}")
        for option in node.get("oneOf", []):
            yield from keys(option, path)
        if isinstance(node.get("items"), dict):
            yield from keys(node["items"], f"{path}[]")
        if isinstance(node.get("additionalProperties"), dict):
            yield f"{path}.<id>", node["additionalProperties"]
            yield from keys(node["additionalProperties"], f"{path}.<id>")

    described = {path: "description" in node for path, node in keys(schema, "")}
    assert [path for path, ok in described.items() if not ok] == []
    assert {".fix_texts.crisis", ".rules.<id>.extend", ".per_file[].rules.<id>.severity"} <= set(described)
