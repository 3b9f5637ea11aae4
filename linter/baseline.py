"""Baselines: accept the findings a repository has today, report only the ones that come later.

An entry is a file's path, a rule id and the finding's flagged text (whitespace collapsed,
case folded, as SARIF fingerprints use it), with how many such findings the file had; no
line numbers, so editing above a finding does not bring it back, while one more identical
finding in the same file is new. A finding about the whole article has no flagged text and
is keyed on path and rule. Paths are relative to the baseline file's folder, so the file
means the same from any working directory and in any clone.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .finding import Finding, Report
from .reporters import RenderContext, by_file, flagged_text

VERSION = 1
ENTRY_FIELDS = {"path": (str, "a string"), "rule": (str, "a string"), "text": (str, "a string"),
                "count": (int, "an integer")}

Key = tuple[str, str, str]
SourceReader = Callable[[str], "str | None"]


class BaselineError(Exception):
    """A baseline file that cannot be used; the message is one line naming the file."""


def _keyed(report: Report, baseline_path: str, read_source: SourceReader) -> Iterator[tuple[Finding, Key]]:
    folder = os.path.dirname(os.path.abspath(baseline_path))
    for path, findings, lines in by_file(report, RenderContext(read_source=read_source)):
        relative = Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()
        for finding in findings:
            yield finding, (relative, finding.rule, flagged_text(lines, finding))


def record(report: Report, baseline_path: str, read_source: SourceReader) -> str:
    """The baseline file's text for every finding in `report`: sorted entries, one per key, with counts."""
    counts = Counter(key for _, key in _keyed(report, baseline_path, read_source))
    entries = [{"path": path, "rule": rule, "text": text, "count": count}
               for (path, rule, text), count in sorted(counts.items())]
    return json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Baseline:
    path: str
    counts: Counter

    def filter(self, report: Report, read_source: SourceReader) -> Report:
        """`report` without the findings this baseline accepts: per key, the first `count` in file order."""
        allowance = Counter(self.counts)
        accepted: Counter = Counter()
        for finding, key in _keyed(report, self.path, read_source):
            if allowance[key] > 0:
                allowance[key] -= 1
                accepted[finding] += 1

        def is_new(finding: Finding) -> bool:
            if accepted[finding]:
                accepted[finding] -= 1
                return False
            return True

        return report.where(is_new)


def _entry_key(path: str, index: int, entry: object) -> tuple[Key, int]:
    where = f"{path}: findings[{index}]"
    if not isinstance(entry, dict):
        raise BaselineError(f"{where}: expected an object with {', '.join(ENTRY_FIELDS)}")
    unknown = sorted(set(entry) - set(ENTRY_FIELDS))
    if unknown:
        raise BaselineError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(ENTRY_FIELDS)})")
    for name, (kind, described) in ENTRY_FIELDS.items():
        value = entry.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BaselineError(f"{where}: {name!r} must be {described}")
    if entry["count"] < 1:
        raise BaselineError(f"{where}: 'count' must be at least 1")
    return (entry["path"], entry["rule"], entry["text"]), entry["count"]


def load(path: str) -> Baseline:
    """Read and validate a baseline file written by `record`; raises BaselineError naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a healthlint baseline (not UTF-8)") from None
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline ({error.strerror or error})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}:{error.lineno}: not a healthlint baseline (invalid JSON: {error.msg})") from None
    if not isinstance(data, dict) or set(data) != {"version", "findings"} or not isinstance(data["findings"], list):
        raise BaselineError(f"{path}: not a healthlint baseline (expected an object with exactly 'version' and "
                            "a 'findings' list)")
    if data["version"] != VERSION:
        raise BaselineError(f"{path}: unsupported baseline version {data['version']!r} (this healthlint reads "
                            f"version {VERSION})")
    counts: Counter = Counter()
    for index, entry in enumerate(data["findings"]):
        key, count = _entry_key(path, index, entry)
        counts[key] += count
    return Baseline(path, counts)
