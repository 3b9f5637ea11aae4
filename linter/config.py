"""Find, load and merge configuration, and give each article its rules.

Discovery: `--config FILE`, else the nearest `.healthlint.yaml`, `healthlint.yaml`
or `pyproject.toml` with `[tool.healthlint]` from the current folder upward,
else built-in defaults. `extends` loads base files or built-in presets first; the
file that extends wins (see README, Configuration). Every error names the file, the
line, the key and what is allowed; unknown keys and rule ids are errors.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .config_file import ConfigError, ConfigFile, PerFileEntry, Settings, parse, read
from .config_rules import check_rule_ids, rebuild, resolve
from .file_selection import FileSelection, Globs
from .finding import Severity
from .rulepack import Rule, RuleError, builtin_rules_dir, load_pack, rule_files

CONFIG_NAMES = (".healthlint.yaml", "healthlint.yaml", "pyproject.toml")
PRESET_PREFIX = "healthlint:"
PRESETS_DIR = Path(__file__).parent / "presets"
STARTER = Path(__file__).parent / "starter.healthlint.yaml"  # what `healthlint init` writes
SCHEMA = Path(__file__).parent / "config.schema.json"  # the README's reference is generated from it


@dataclass(frozen=True)
class Config:
    """The merged configuration. `rules_for(path)` gives an article its rules."""

    path: Path | None = None
    fail_on: Severity | None = None
    packs: tuple[Path, ...] = ()
    selection: FileSelection = field(default_factory=FileSelection)
    settings: tuple[Settings, ...] = ()  # base files first
    per_file: tuple[PerFileEntry, ...] = ()
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def with_packs(self, packs: tuple[Path, ...]) -> Config:
        """This config with extra rule packs (the command line's --rules) after its own."""
        return replace(self, packs=(*self.packs, *packs)) if packs else self

    def rules_for(self, path: str | None = None) -> list[Rule]:
        """The rules for the article at `path`: the config's settings, then those of every per_file
        entry whose globs match it, in order (None: no per_file entry). Cached per set of entries."""
        matching = tuple(index for index, entry in enumerate(self.per_file)
                         if path is not None and entry.files.matches(path))
        return self._rules(matching)

    def known_rule_ids(self) -> frozenset[str]:
        """Every rule id the packs define, including rules the config turns off."""
        return frozenset(self._pack())

    def _rules(self, matching: tuple[int, ...]) -> list[Rule]:
        key = ("rules", matching)
        if key not in self._cache:
            pack = self._pack()
            settings = (*self.settings, *(self.per_file[index].settings for index in matching))
            self._cache[key] = resolve(pack, settings, self._cache.setdefault("built", {}))
        return self._cache[key]

    def _pack(self) -> dict[str, Rule]:
        """The built-in rules and packs, loaded once. Every rule id the config names is checked, and
        every per_file entry applied once, so a bad override fails now, not at its first article."""
        if "pack" not in self._cache:
            pack = {rule.id: rule for rule in load_pack(builtin_rules_dir())}
            for folder in self.packs:
                pack.update((rule.id, rule) for rule in load_pack(folder))
            check_rule_ids(pack, (*self.settings, *(entry.settings for entry in self.per_file)))
            self._cache["pack"] = pack
            for index in range(len(self.per_file)):
                self._rules((index,))
        return self._cache["pack"]


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


def presets() -> list[str]:
    return [f"{PRESET_PREFIX}{path.stem}" for path in sorted(PRESETS_DIR.glob("*.yaml"))]


def load(path: Path) -> Config:
    """The config at `path` merged over its bases: scalar and list keys, later wins; `packs` and
    `per_file` accumulate; rule settings apply in order, so the extending file wins per rule."""
    files = _chain(path, ())
    fail_on, include, exclude, respect_gitignore = None, None, None, True
    for config_file in files:
        folder = str(config_file.path.parent.absolute())
        if "fail_on" in config_file.present:
            fail_on = config_file.fail_on
        if "include" in config_file.present:
            include = Globs(folder, config_file.include)
        if "exclude" in config_file.present:
            exclude = Globs(folder, config_file.exclude) if config_file.exclude else None
        if "respect_gitignore" in config_file.present:
            respect_gitignore = config_file.respect_gitignore
    return Config(path, fail_on, tuple(pack for f in files for pack in f.packs),
                  FileSelection(include, exclude, respect_gitignore), tuple(f.settings for f in files),
                  tuple(entry for f in files for entry in f.per_file))


def _chain(path: Path, stack: tuple[tuple[Path, Path], ...]) -> list[ConfigFile]:
    """The files `path` extends, depth first, then `path`; `stack` is the (resolved, shown) chain here."""
    config_file = parse(path, read(path))
    stack = (*stack, (path.resolve(), path))
    chain: list[ConfigFile] = []
    for reference, written in config_file.extends:
        base = _base(reference, path, written)
        if base.resolve() in [resolved for resolved, _ in stack]:
            cycle = " -> ".join(str(shown) for _, shown in (*stack, (None, base)))
            raise ConfigError(f"{written}: extends: {reference!r} makes a cycle ({cycle})")
        chain += _chain(base, stack)
    return [*chain, config_file]


def _base(reference: str, path: Path, written: str) -> Path:
    if reference.startswith(PRESET_PREFIX):
        preset = PRESETS_DIR / f"{reference.removeprefix(PRESET_PREFIX)}.yaml"
        if not preset.is_file():
            raise ConfigError(f"{written}: extends: unknown preset {reference!r} (allowed: {', '.join(presets())})")
        return preset
    base = path.parent / reference
    if not base.is_file():
        raise ConfigError(f"{written}: extends: base config {reference!r} not found (looked for {base}; a preset "
                          f"is written {PRESET_PREFIX}NAME)")
    return base


def pack_files(config: Config) -> list[Path]:
    """Every rule file the rules come from (what a cache of findings depends on)."""
    folders = (builtin_rules_dir(), *config.packs)
    return [path for folder in folders if folder.is_dir() for path in rule_files(folder)]


def resolve_rules(config: Config, extra_packs: tuple[Path, ...] = ()) -> list[Rule]:
    """The built-in rules plus packs, with the config's rule settings applied (no per_file entry)."""
    return config.with_packs(extra_packs).rules_for()


def with_options(rule: Rule, options: dict, where: str) -> Rule:
    """`rule` with `options` replacing its own top-level options (the rule case tables use it);
    errors name `where`."""
    try:
        return rebuild(rule, options)
    except RuleError as error:
        raise ConfigError(f"{where}: rules.{rule.id}.{str(error).split(': ', 1)[-1]}") from None
