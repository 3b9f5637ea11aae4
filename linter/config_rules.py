"""Turn the config's rule settings into Rule objects.

Settings apply in order (base configs, the config itself, then matching per_file entries):
`off`/`on` switch a rule, the last severity given wins, `options` merge over the rule's
own (a mapping merges key by key, any other value, a list included, replaces) and
`extend` appends to the rule's lists (its mappings name where, as in `options`). Rules
whose merged options are the same are compiled once and shared. An option error names
the file, line and key of the setting that wrote the failing key.
"""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

from .config_file import ConfigError, RuleSetting, Settings, where
from .rulepack import LineDict, Rule, RuleError, build_rule, key_path_lines


def resolve(pack: dict[str, Rule], settings: Iterable[Settings], built: dict) -> list[Rule]:
    """The rules of `pack` (sorted by id) with `settings` applied; `built` caches compiled rules."""
    settings = tuple(settings)
    rules = []
    for rule_id in sorted(pack):
        rule = pack[rule_id]
        sequence = []
        for layer in settings:
            if layer.locales is not None and rule.kind == "conditional":
                sequence.append(layer.locales)
            for found in (layer.fix_texts.get(rule_id), layer.rules.get(rule_id)):
                if found is not None:
                    sequence.append(found)
        configured = apply(rule, sequence, built)
        if configured is not None:
            rules.append(configured)
    return rules


def check_rule_ids(pack: dict[str, Rule], settings: Iterable[Settings]) -> None:
    known = ", ".join(sorted(pack))
    for layer in settings:
        for rule_id in layer.rules:
            if rule_id not in pack:
                raise ConfigError(f"{layer.lines[rule_id]}: {layer.prefix}rules: unknown rule id {rule_id!r} "
                                  f"(known: {known})")


def apply(rule: Rule, sequence: list[RuleSetting], built: dict) -> Rule | None:
    """`rule` with the settings applied in order; None when the last switch turns it off."""
    enabled, severity = True, None
    with_options = [setting for setting in sequence if setting.options or setting.extend]
    for setting in sequence:
        enabled = enabled if setting.enabled is None else setting.enabled
        severity = setting.severity or severity
    if not enabled:
        return None
    raw = merged_options(rule.raw_options, with_options) if with_options else rule.raw_options
    if raw != rule.raw_options:
        key = (rule.path, json.dumps(raw, sort_keys=True, default=repr))
        if key not in built:
            built[key] = _rebuild(rule, raw, with_options)
        rule = built[key]
    return replace(rule, severity=severity) if severity is not None and severity != rule.severity else rule


def merged_options(base: dict, settings: list[RuleSetting]) -> dict:
    merged = dict(base)
    for setting in settings:
        merged = _merge(merged, setting.options)
        merged = _extend(merged, setting.extend, setting, setting.extend, None, "extend")
    return merged


def _merge(base: Any, override: Any) -> Any:
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = _merge(base[key], value) if key in base else value
        return merged
    return override


def _extend(base: Any, extra: Any, setting: RuleSetting, parent: dict, key: str | None, dotted: str) -> Any:
    """`base` with the lists in `extra` appended; `parent[key]` is `extra`, for the error's line."""
    at = where(setting.source, parent, key) if key is not None else str(setting.source)
    if isinstance(extra, dict):
        if base is not None and not isinstance(base, dict):
            raise ConfigError(f"{at}: {setting.key}.{dotted}: the rule's value here is not a mapping; "
                              f"set it under options instead")
        merged = dict(base or {})
        for name, value in extra.items():
            merged[name] = _extend(merged.get(name), value, setting, extra, name, f"{dotted}.{name}")
        return merged
    if isinstance(extra, list):
        if base is not None and not isinstance(base, list):
            raise ConfigError(f"{at}: {setting.key}.{dotted}: the rule's value here is not a list, so it cannot be "
                              f"extended; set it under options instead")
        return [*(base or []), *extra]
    raise ConfigError(f"{at}: {setting.key}.{dotted}: expected a list to append to the rule's list, or a mapping "
                      f"of the rule's option keys")


def rebuild(rule: Rule, options: dict) -> Rule:
    """`rule` compiled again with `options` replacing its top-level options; RuleError if they fail."""
    data = LineDict(id=rule.id, kind=rule.kind, severity=rule.severity.label, summary=rule.summary,
                    why=rule.why, messages=rule.messages, options=rule.raw_options, example=rule.example,
                    docs=rule.docs)
    return replace(build_rule(data, Path(rule.path), options), severity=rule.severity)


def _rebuild(rule: Rule, raw: dict, settings: list[RuleSetting]) -> Rule:
    try:
        return rebuild(rule, raw)
    except RuleError as error:
        reason = str(error).split(": ", 1)[-1]  # "options.<key path>: why"
        raise ConfigError(_locate(reason, raw, settings)) from None


def _locate(reason: str, raw: dict, settings: list[RuleSetting]) -> str:
    """The error message for `reason`, at the setting that wrote the deepest part of its key path."""
    dotted, _, why = reason.partition(": ")
    inner = dotted.removeprefix("options.")
    best = None
    for setting in settings:  # a later setting wins a tie
        for name in ("options", "extend"):
            lines = key_path_lines(getattr(setting, name), inner)
            if lines and (best is None or len(lines) >= best[0]):
                best = (len(lines), setting, name, next((n for n in reversed(lines) if n), None))
    if best is None:  # the error is about the options as a whole
        setting = settings[-1]
        name = "options" if setting.options else "extend"
        return f"{setting.at}: {setting.key}.{name}{reason.removeprefix('options')}"
    _, setting, name, line = best
    if setting.shorthand:  # `locales: [xx]` is reported as locales, not as the option it stands for
        return f"{setting.at}: {setting.key}: {why}"
    at = f"{setting.source}:{line}" if line else setting.at
    if name == "extend":
        dotted = "extend." + _user_index(inner, raw, setting.extend)
    return f"{at}: {setting.key}.{dotted}: {why}"


def _user_index(inner: str, raw: dict, extend: dict) -> str:
    """`inner` with a list index into the merged list made an index into the list `extend` appended."""
    head, _, tail = inner.rpartition("[")
    if not tail.endswith("]") or not tail[:-1].isdigit():
        return inner
    merged, own = _at_path(raw, head), _at_path(extend, head)
    if not isinstance(merged, list) or not isinstance(own, list):
        return inner
    index = int(tail[:-1]) - (len(merged) - len(own))
    return f"{head}[{index}]" if index >= 0 else inner


def _at_path(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        name, _, index = part.partition("[")
        data = data.get(name) if isinstance(data, dict) else None
        position = index.rstrip("]")
        if position.isdigit():
            data = data[int(position)] if isinstance(data, list) and int(position) < len(data) else None
    return data
