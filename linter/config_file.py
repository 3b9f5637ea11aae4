"""Read and check one config file: every key, type and value, each error naming the file,
the line (YAML keeps them; TOML does not), the key and what is allowed.

A file is checked on its own; config.py follows `extends` and merges the files. Rule ids
are checked later, once the rule packs are loaded.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .file_selection import Globs
from .finding import Severity
from .rulepack import RuleError, line_suffix, load_yaml

KEYS = ("extends", "fail_on", "locales", "packs", "include", "exclude", "respect_gitignore", "fix_texts",
        "rules", "per_file")
PER_FILE_KEYS = ("files", "locales", "fix_texts", "rules")
RULE_KEYS = ("severity", "options", "extend")
RULE_SWITCHES = {"off": False, False: False, "on": True, True: True}
FIX_TEXTS = {"disclaimer": "medical-disclaimer", "crisis": "crisis-resources", "disclosure": "affiliate-disclosure"}
"""Each fix text a publisher sets once, and the rule whose `fix` option it sets."""


class ConfigError(ValueError):
    """Invalid configuration; the message is one line naming file, line and key."""


def where(path: Path, data: Any, key: str | None = None) -> str:
    """`file:line` of `key` in `data` (a mapping the YAML loader annotated), else `file`."""
    return f"{path}{line_suffix(data, key)}" if key is not None else str(path)


@dataclass(frozen=True)
class RuleSetting:
    """One file's word on one rule: `enabled` (None: unchanged), severity, options and extensions.

    `source`, `at` and `key` (e.g. `per_file[0].rules.medical-disclaimer`) name it in errors;
    `options` and `extend` keep the YAML's key lines.
    """

    source: Path
    key: str
    at: str  # file:line where it is written (its options or extend key, else the rule id)
    enabled: bool | None = None
    severity: Severity | None = None
    options: dict = field(default_factory=dict)
    extend: dict = field(default_factory=dict)
    shorthand: bool = False  # set by a top-level key (locales, fix_texts) that stands for one option


@dataclass(frozen=True)
class Settings:
    """What one file (or one per_file entry) says about rules: locales, fix texts, rule settings."""

    locales: RuleSetting | None = None  # options {locales: [...]} for every conditional rule
    fix_texts: dict[str, RuleSetting] = field(default_factory=dict)  # by rule id
    rules: dict[str, RuleSetting] = field(default_factory=dict)
    prefix: str = ""  # "" or "per_file[0]." : the key path of these settings, for errors
    lines: dict[str, str] = field(default_factory=dict)  # where each rule id is named, for unknown-id errors


@dataclass(frozen=True)
class PerFileEntry:
    files: Globs  # relative to the folder of the file that holds the entry
    settings: Settings


@dataclass(frozen=True)
class ConfigFile:
    """One config file's keys, checked; `present` lists the keys it sets (later files win on those)."""

    path: Path
    extends: tuple[tuple[str, str], ...]  # (reference, where it is written)
    present: frozenset[str]
    fail_on: Severity | None
    packs: tuple[Path, ...]
    include: tuple[str, ...] | None
    exclude: tuple[str, ...]
    respect_gitignore: bool
    settings: Settings
    per_file: tuple[PerFileEntry, ...]


def read(path: Path) -> dict:
    """The config mapping of a YAML file or of pyproject.toml's [tool.healthlint] table."""
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
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with keys {', '.join(KEYS)}")
    return data


def parse(path: Path, data: dict) -> ConfigFile:
    _check_keys(path, data, KEYS, "")
    extends = data.get("extends", [])
    if isinstance(extends, str):
        extends = [extends]
    if not isinstance(extends, list) or not all(isinstance(x, str) and x for x in extends):
        raise ConfigError(f"{where(path, data, 'extends')}: extends: expected a config file path or a preset "
                          f"such as 'healthlint:recommended', or a list of them")
    fail_on = _severity(path, data, "fail_on", "fail_on")
    packs = _strings(path, data, "packs", "", "a list of folders")
    exclude = _strings(path, data, "exclude", "", "a list of gitignore-style globs")
    include = _strings(path, data, "include", "", "a list of gitignore-style globs") if "include" in data else None
    if include == ():
        raise ConfigError(f"{where(path, data, 'include')}: include: expected a non-empty list of gitignore-style "
                          f"globs (leave it out to lint every .md, .markdown, .html, .htm and .txt file)")
    respect_gitignore = data.get("respect_gitignore", True)
    if not isinstance(respect_gitignore, bool):
        raise ConfigError(f"{where(path, data, 'respect_gitignore')}: respect_gitignore: expected true or false")
    per_file = data.get("per_file") or []
    if not isinstance(per_file, list):
        raise ConfigError(f"{where(path, data, 'per_file')}: per_file: expected a list of mappings with keys "
                          f"{', '.join(PER_FILE_KEYS)}")
    entries = tuple(_per_file_entry(path, data, entry, f"per_file[{index}]")
                    for index, entry in enumerate(per_file))
    return ConfigFile(path, tuple((x, where(path, data, "extends")) for x in extends), frozenset(data), fail_on,
                      tuple(path.parent / p for p in packs), include, exclude, respect_gitignore,
                      _settings(path, data, ""), entries)


def _per_file_entry(path: Path, parent: dict, entry: Any, key: str) -> PerFileEntry:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where(path, parent, 'per_file')}: {key}: expected a mapping with keys "
                          f"{', '.join(PER_FILE_KEYS)}")
    _check_keys(path, entry, PER_FILE_KEYS, key)
    if "files" not in entry:
        first_key = next(iter(entry), None)
        raise ConfigError(f"{where(path, entry, first_key) if first_key else where(path, parent, 'per_file')}: "
                          f"{key}: missing key 'files' (a list of "
                          f"gitignore-style globs)")
    files = _strings(path, entry, "files", f"{key}.", "a non-empty list of gitignore-style globs")
    if not files:
        raise ConfigError(f"{where(path, entry, 'files')}: {key}.files: expected a non-empty list of "
                          f"gitignore-style globs")
    return PerFileEntry(Globs(str(path.parent.absolute()), files), _settings(path, entry, f"{key}."))


def _settings(path: Path, data: dict, prefix: str) -> Settings:
    locales = None
    if "locales" in data:
        values = _strings(path, data, "locales", prefix, "a list of locale codes")
        locales = RuleSetting(path, f"{prefix}locales", where(path, data, "locales"),
                              options={"locales": list(values)}, shorthand=True)
    fix_texts = {}
    texts = data.get("fix_texts") or {}
    if not isinstance(texts, dict):
        raise ConfigError(f"{where(path, data, 'fix_texts')}: {prefix}fix_texts: expected a mapping with keys "
                          f"{', '.join(FIX_TEXTS)}")
    _check_keys(path, texts, tuple(FIX_TEXTS), f"{prefix}fix_texts")
    for name, text in texts.items():
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{where(path, texts, name)}: {prefix}fix_texts.{name}: expected a non-empty text")
        fix_texts[FIX_TEXTS[name]] = RuleSetting(path, f"{prefix}fix_texts.{name}", where(path, texts, name),
                                                 options={"fix": text.strip()}, shorthand=True)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise ConfigError(f"{where(path, data, 'rules')}: {prefix}rules: expected a mapping of rule ids")
    settings = {rule_id: _rule_setting(path, rules, rule_id, f"{prefix}rules.{rule_id}") for rule_id in rules}
    return Settings(locales, fix_texts, settings, prefix, {rule_id: where(path, rules, rule_id) for rule_id in rules})


def _rule_setting(path: Path, rules: dict, rule_id: str, key: str) -> RuleSetting:
    value = rules[rule_id]
    if isinstance(value, (str, bool)) and value in RULE_SWITCHES:
        return RuleSetting(path, key, where(path, rules, rule_id), RULE_SWITCHES[value])
    if not isinstance(value, dict):
        raise ConfigError(f"{where(path, rules, rule_id)}: {key}: expected 'off', 'on' or a mapping with keys "
                          f"{', '.join(RULE_KEYS)}")
    _check_keys(path, value, RULE_KEYS, key)
    severity = _severity(path, value, "severity", f"{key}.severity")
    for name in ("options", "extend"):
        if not isinstance(value.get(name) or {}, dict):
            raise ConfigError(f"{where(path, value, name)}: {key}.{name}: expected a mapping of the rule's options")
    written = next((where(path, value, name) for name in ("options", "extend") if name in value),
                   where(path, rules, rule_id))
    return RuleSetting(path, key, written, True, severity, value.get("options") or {}, value.get("extend") or {})


def _check_keys(path: Path, data: dict, allowed: tuple[str, ...], parent: str) -> None:
    for key in data:
        if key not in allowed:
            label = f"{parent}: " if parent else ""
            raise ConfigError(f"{where(path, data, key)}: {label}unknown key {key!r} (allowed: {', '.join(allowed)})")


def _severity(path: Path, data: dict, key: str, label: str) -> Severity | None:
    if key not in data:
        return None
    try:
        return Severity.parse(data[key])
    except ValueError as error:
        raise ConfigError(f"{where(path, data, key)}: {label}: {error}") from None


def _strings(path: Path, data: dict, key: str, prefix: str, expected: str) -> tuple[str, ...]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(x, str) and x for x in values):
        raise ConfigError(f"{where(path, data, key)}: {prefix}{key}: expected {expected}")
    return tuple(values)

