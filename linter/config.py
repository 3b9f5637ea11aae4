"""Find, load and validate configuration, and apply it to the rule set.

Discovery: `--config FILE`, else the nearest `.healthlint.yaml`, `healthlint.yaml`
or `pyproject.toml` with `[tool.healthlint]` from the current folder upward,
else built-in defaults. Every error names the file, the line, the key and what
is allowed; unknown keys and rule ids are errors, not silently ignored.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .finding import Severity
from .rulepack import (LineDict, Rule, RuleError, build_rule, builtin_rules_dir, line_of_path, load_pack,
                       load_yaml, rule_files)

CONFIG_NAMES = (".healthlint.yaml", "healthlint.yaml", "pyproject.toml")
KEYS = ("fail_on", "locales", "packs", "rules")
RULE_KEYS = ("severity", "options")


class ConfigError(ValueError):
    """Invalid configuration; the message is one line naming file, line and key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    fail_on: Severity | None = None
    locales: tuple[str, ...] = ()
    packs: tuple[Path, ...] = ()
    rules: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # line of each top-level key, for errors


def discover(start: Path) -> Path | None:
    """The nearest config file from `start` upward (a pyproject.toml only with [tool.healthlint])."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "healthlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _where(path: Path, data, key: str) -> str:
    line = getattr(data, "lines", {}).get(key)
    return f"{path}:{line}" if line else str(path)


def load(path: Path) -> Config:
    if path.name == "pyproject.toml":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("healthlint", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
    else:
        try:
            data = load_yaml(path)
        except RuleError as error:
            raise ConfigError(str(error)) from None
    if data is None:
        return Config(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with keys {', '.join(KEYS)}")
    for key in data:
        if key not in KEYS:
            raise ConfigError(f"{_where(path, data, key)}: unknown key {key!r} (allowed: {', '.join(KEYS)})")
    fail_on = None
    if "fail_on" in data:
        try:
            fail_on = Severity.parse(data["fail_on"])
        except ValueError as error:
            raise ConfigError(f"{_where(path, data, 'fail_on')}: fail_on: {error}") from None
    locales = data.get("locales") or []
    if not isinstance(locales, list) or not all(isinstance(x, str) for x in locales):
        raise ConfigError(f"{_where(path, data, 'locales')}: locales: expected a list of locale codes")
    packs = data.get("packs") or []
    if not isinstance(packs, list) or not all(isinstance(x, str) for x in packs):
        raise ConfigError(f"{_where(path, data, 'packs')}: packs: expected a list of folders")
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise ConfigError(f"{_where(path, data, 'rules')}: rules: expected a mapping of rule ids")
    for rule_id, value in rules.items():
        where = _where(path, rules, rule_id)
        if value in ("off", False):
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: rules.{rule_id}: expected 'off' or a mapping with keys "
                              f"{', '.join(RULE_KEYS)}")
        for key in value:
            if key not in RULE_KEYS:
                raise ConfigError(f"{_where(path, value, key)}: rules.{rule_id}: unknown key {key!r} "
                                  f"(allowed: {', '.join(RULE_KEYS)})")
    return Config(path, fail_on, tuple(locales), tuple((path.parent / p) for p in packs), rules,
                  getattr(data, "lines", {}))


def pack_files(config: Config, extra_packs: tuple[Path, ...] = ()) -> list[Path]:
    """Every rule file the rules come from (what a cache of findings depends on)."""
    folders = (builtin_rules_dir(), *config.packs, *extra_packs)
    return [path for folder in folders if folder.is_dir() for path in rule_files(folder)]


def resolve_rules(config: Config, extra_packs: tuple[Path, ...] = ()) -> list[Rule]:
    """The built-in rules plus packs, with the config's rule settings applied."""
    rules = {rule.id: rule for rule in load_pack(builtin_rules_dir())}
    for pack in (*config.packs, *extra_packs):
        for rule in load_pack(pack):
            rules[rule.id] = rule
    source = config.path or Path("<config>")
    known = ", ".join(sorted(rules))
    for rule_id, value in config.rules.items():
        if rule_id not in rules:
            raise ConfigError(f"{_where(source, config.rules, rule_id)}: rules: unknown rule id {rule_id!r} "
                              f"(known: {known})")
        if value in ("off", False):
            del rules[rule_id]
            continue
        rules[rule_id] = _configured(rules[rule_id], value, source)
    if config.locales:
        for rule_id, rule in rules.items():
            if rule.kind == "conditional":
                rules[rule_id] = with_options(rule, {"locales": list(config.locales)},
                                              _where(source, config, "locales"))
    return [rules[key] for key in sorted(rules)]


def _configured(rule: Rule, value: dict, source: Path) -> Rule:
    if "severity" in value:
        try:
            rule = replace(rule, severity=Severity.parse(value["severity"]))
        except ValueError as error:
            raise ConfigError(f"{_where(source, value, 'severity')}: rules.{rule.id}.severity: {error}") from None
    options = value.get("options")
    if options is not None:
        where = _where(source, value, "options")
        if not isinstance(options, dict):
            raise ConfigError(f"{where}: rules.{rule.id}.options: expected a mapping")
        rule = with_options(rule, options, where, source)
    return rule


def with_options(rule: Rule, options: dict, where: str, source: Path | None = None) -> Rule:
    """`rule` with `options` merged over its own. Errors name `where`; given the config
    file `source`, an error in one option names that option's own line."""
    data = LineDict(id=rule.id, kind=rule.kind, severity=rule.severity.label, summary=rule.summary,
                    why=rule.why, messages=rule.messages, options=rule.raw_options, example=rule.example,
                    docs=rule.docs)
    try:
        rebuilt = build_rule(data, Path(rule.path), options)
    except RuleError as error:
        reason = str(error).split(": ", 1)[-1]
        line = line_of_path({"options": options}, reason.split(":", 1)[0])  # "options.<key>...: why"
        if source is not None and line:
            where = f"{source}:{line}"
        raise ConfigError(f"{where}: rules.{rule.id}.{reason}") from None
    return replace(rebuilt, severity=rule.severity)
