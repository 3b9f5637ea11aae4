"""The built wheel ships the rule packs and templates, and an installed copy loads its
rules from inside the package, not from the source tree."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULE_FILES = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
CONFIG_DATA = sorted(p.relative_to(ROOT).as_posix() for p in [*(ROOT / "linter" / "presets").glob("*.yaml"),
                                                                ROOT / "linter" / "config.schema.json",
                                                                ROOT / "linter" / "starter.healthlint.yaml"])
TEMPLATES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "linter" / "reporters" / "templates").rglob("*")
                   if p.is_file()) if (ROOT / "linter" / "reporters" / "templates").is_dir() else []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    [path] = out.glob("healthlint-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel unpacked as an installer would lay it out in site-packages."""
    target = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def test_the_five_rules_exist_in_the_source_tree():
    assert [Path(name).stem for name in RULE_FILES] == ["affiliate-disclosure", "crisis-resources",
                                                        "duplicate-list-item", "medical-disclaimer",
                                                        "unsourced-statistic"]


def test_wheel_contains_rules_templates_config_data_and_every_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule in RULE_FILES:
        assert f"linter/rules/{rule}" in names, rule
    for template in TEMPLATES:
        assert template in names, template
    for data in CONFIG_DATA:
        assert data in names, data
    for module in (ROOT / "linter").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names, module
    for data in [*(ROOT / "linter").rglob("*.yaml"), *(ROOT / "linter").rglob("*.json")]:
        assert data.relative_to(ROOT).as_posix() in names, data  # word tables, schema, presets
    assert not any(name.startswith(("tests/", "fixtures/", "rules/")) for name in names)


def test_wheel_declares_the_healthlint_command(wheel):
    archive = zipfile.ZipFile(wheel)
    [entry_points] = [n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt")]
    assert "healthlint = linter.cli:main" in archive.read(entry_points).decode()


def test_installed_copy_loads_its_own_rules_from_another_folder(installed, tmp_path):
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import linter, linter.rulepack as r\n"
        "print(linter.__file__); print(r.builtin_rules_dir())\n"
        "print(len(linter.default_rules()))\n"
        "print(sorted(f.rule for f in linter.lint_text('Magnesium may help you sleep.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(installed)], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    module, rules_dir, count, findings = result.stdout.splitlines()
    assert Path(module).is_relative_to(installed)
    assert Path(rules_dir) == installed / "linter" / "rules"
    assert count == "5"
    assert findings == "['medical-disclaimer']"


def test_installed_copy_runs_the_command(installed, tmp_path):
    (tmp_path / "a.md").write_text("Magnesium may help you sleep.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    listed = subprocess.run([sys.executable, "-m", "linter", "rules"], cwd=tmp_path, env=env, capture_output=True,
                            text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 5
    checked = subprocess.run([sys.executable, "-m", "linter", "check", "a.md"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 1
    assert checked.stdout.startswith("a.md:1:1: error medical-disclaimer ")
    (tmp_path / ".healthlint.yaml").write_text("extends: healthlint:strict\n", encoding="utf-8")
    strict = subprocess.run([sys.executable, "-m", "linter", "check", "a.md"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert strict.returncode == 1, strict.stderr
