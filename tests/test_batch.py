"""Many files at once: --jobs gives the same output as a serial run, and the cache
answers unchanged files exactly as linting them would, until the file, the config
or the rule packs change."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

from linter.cache import ENTRY_FIELDS, Cache, file_key
from linter.config import Config, resolve_rules
from linter.engine import lint_file

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fixtures" / "corpus"


def healthlint(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linter", "check", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("*.yaml"))
    return folder


def test_jobs_output_is_identical_to_serial(articles: Path):
    serial = healthlint("--no-cache", "-j", "1", "-f", "json", ".", cwd=articles)
    parallel = healthlint("--no-cache", "-j", "2", "-f", "json", ".", cwd=articles)
    assert serial.returncode == parallel.returncode == 1
    assert len(json.loads(serial.stdout)["findings"]) > 40
    assert parallel.stdout == serial.stdout


def test_cached_run_is_identical_and_writes_a_git_ignored_folder(articles: Path):
    first = healthlint("-f", "json", ".", cwd=articles)
    cache = articles / ".healthlint_cache"
    assert [p.suffix for p in cache.glob("*.json")] == [".json"]
    assert (cache / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    second = healthlint("-f", "json", ".", cwd=articles)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    uncached = healthlint("--no-cache", "-j", "2", "-f", "json", ".", cwd=articles)
    assert uncached.stdout == first.stdout


def _read_cache(cache_folder: Path) -> tuple[Path, dict]:
    """The run's one cache file and what it holds."""
    (entries_file,) = cache_folder.glob("*.json")
    return entries_file, json.loads(entries_file.read_text(encoding="utf-8"))


def _edit_cache(cache_folder: Path, edit: Callable[[dict], None]) -> None:
    entries_file, cached = _read_cache(cache_folder)
    edit(cached)
    entries_file.write_text(json.dumps(cached), encoding="utf-8")


def _cached_entries(cached: dict) -> Iterator[list]:
    """Every finding's entry in a cache file's contents."""
    for findings in cached["entries"].values():
        yield from findings


def _tamper(cache_folder: Path) -> None:
    """Rewrite every cached message, so output shows whether an answer came from the cache."""
    def point_at_new_message(cached: dict) -> None:
        cached["strings"].append("FROM CACHE")
        for finding in _cached_entries(cached):
            finding[ENTRY_FIELDS.index("message")] = len(cached["strings"]) - 1
    _edit_cache(cache_folder, point_at_new_message)


def test_unchanged_files_come_from_the_cache_even_with_a_new_modification_time(articles: Path):
    healthlint(".", cwd=articles)
    _tamper(articles / ".healthlint_cache")
    for path in articles.iterdir():
        if path.is_file():
            os.utime(path, (1, 1))
    rerun = healthlint(".", cwd=articles)
    assert "FROM CACHE" in rerun.stdout
    assert "medical disclaimer" not in rerun.stdout


def test_an_edited_file_is_linted_again(articles: Path):
    healthlint(".", cwd=articles)
    _tamper(articles / ".healthlint_cache")
    edited = articles / "md-08-sleep-hygiene-tips.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAbout 40% of adults nap.\n", encoding="utf-8")
    rerun = healthlint(".", cwd=articles)
    edited_lines = [line for line in rerun.stdout.splitlines() if line.startswith("./md-08")]
    other_lines = [line for line in rerun.stdout.splitlines() if line.startswith("./md-01")]
    assert edited_lines and not any("FROM CACHE" in line for line in edited_lines)
    assert other_lines and all("FROM CACHE" in line for line in other_lines)


def test_a_config_change_invalidates_the_cache(articles: Path):
    healthlint(".", cwd=articles)
    _tamper(articles / ".healthlint_cache")
    (articles / ".healthlint.yaml").write_text("rules:\n  duplicate-list-item: off\n", encoding="utf-8")
    rerun = healthlint(".", cwd=articles)
    assert "FROM CACHE" not in rerun.stdout
    assert "medical-disclaimer" in rerun.stdout and "duplicate-list-item" not in rerun.stdout


def test_no_cache_neither_reads_nor_writes(articles: Path):
    healthlint(".", cwd=articles)
    _tamper(articles / ".healthlint_cache")
    rerun = healthlint("--no-cache", ".", cwd=articles)
    assert "FROM CACHE" not in rerun.stdout
    fresh = articles.parent / "fresh"
    fresh.mkdir()
    shutil.copy(articles / "md-01-magnesium-sleep-supplements.md", fresh)
    healthlint("--no-cache", ".", cwd=fresh)
    assert not (fresh / ".healthlint_cache").exists()


def test_a_damaged_cache_file_is_ignored(articles: Path):
    first = healthlint(".", cwd=articles)
    for entries_file in (articles / ".healthlint_cache").glob("*.json"):
        entries_file.write_text('{"not": "a cache', encoding="utf-8")
    rerun = healthlint(".", cwd=articles)
    assert (rerun.returncode, rerun.stdout, rerun.stderr) == (first.returncode, first.stdout, first.stderr)


@pytest.mark.parametrize("field, value", [("line", '1, "injected": "yes"'), ("column", True),
                                          ("message", "a string, not its number"), ("message", 10 ** 6),
                                          ("message", -1), ("fix", 10 ** 6), ("fix", "not a fix")])
def test_a_cache_entry_of_the_wrong_types_is_linted_again_not_written_out(articles: Path, field, value):
    first = healthlint("-f", "json", ".", cwd=articles)

    def damage_every_entry(cached: dict) -> None:
        for finding in _cached_entries(cached):
            finding[ENTRY_FIELDS.index(field)] = value
    _edit_cache(articles / ".healthlint_cache", damage_every_entry)
    rerun = healthlint("-f", "json", ".", cwd=articles)
    assert (rerun.returncode, rerun.stdout) == (first.returncode, first.stdout)


@pytest.mark.parametrize("table, damage", [("strings", [7]), ("strings", {"0": "a mapping"}),
                                           ("fixes", [[0, None, [1, "1"], None]]), ("fixes", [["advice"]]),
                                           ("entries", ["a list"])])
def test_a_damaged_table_of_the_cache_is_ignored_whole(articles: Path, table, damage):
    first = healthlint("-f", "json", ".", cwd=articles)

    def damage_the_table(cached: dict) -> None:
        cached["strings"] = ["FROM CACHE"] * len(cached["strings"])  # an answer from this file would show
        cached[table] = damage
    _edit_cache(articles / ".healthlint_cache", damage_the_table)
    rerun = healthlint("-f", "json", ".", cwd=articles)
    assert (rerun.returncode, rerun.stdout) == (first.returncode, first.stdout)


def test_the_cache_stores_each_message_once(articles: Path):
    healthlint("-f", "json", ".", cwd=articles)
    _, cached = _read_cache(articles / ".healthlint_cache")
    messages = [finding[ENTRY_FIELDS.index("message")] for finding in _cached_entries(cached)]
    assert len(messages) > len(set(messages))  # the articles share messages: stored by number
    assert len(cached["strings"]) == len(set(cached["strings"]))


def test_cached_findings_equal_fresh_ones_fix_and_all(tmp_path: Path):
    rules = resolve_rules(Config())
    path = str(ROOT / "fixtures" / "articles" / next(p.name for p in (ROOT / "fixtures" / "articles").iterdir()
                                                    if p.suffix == ".md"))
    findings = lint_file(path, rules).findings
    assert findings and any(f.fix is not None for f in findings)
    key = file_key(path, Path(path).read_bytes())
    writer = Cache(tmp_path, "digest")
    writer.put(key, findings)
    writer.save()
    reader = Cache(tmp_path, "digest")
    assert reader.get(key, path) == findings
    assert [f.fix for f in reader.get(key, path)] == [f.fix for f in findings]
    assert Cache(tmp_path, "other-digest").get(key, path) is None


def test_jobs_apply_each_files_own_rules(articles: Path):
    (articles / ".healthlint.yaml").write_text(
        'per_file:\n  - files: ["*.txt"]\n    rules: {medical-disclaimer: off}\n', encoding="utf-8")
    serial = healthlint("--no-cache", "-j", "1", "-f", "json", ".", cwd=articles)
    parallel = healthlint("--no-cache", "-j", "2", "-f", "json", ".", cwd=articles)
    assert parallel.stdout == serial.stdout
    findings = json.loads(parallel.stdout)["findings"]
    disclaimers = {f["path"].rsplit(".", 1)[-1] for f in findings if f["rule"] == "medical-disclaimer"}
    assert "txt" not in disclaimers and disclaimers & {"md", "html"}
