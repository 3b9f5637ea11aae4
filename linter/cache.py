"""Findings cached per file, so re-running over unchanged articles costs a hash, not a lint.

An entry is keyed by the file's path and the SHA-256 of its bytes, never by its
modification time (CI clones reset it). Entries live in one JSON file per
settings digest: the healthlint, spaCy and lemminflect versions, the config, the
rule packs' files and the options that change findings. Any change to those
starts a new file, so a config change invalidates everything at once. The cache
is JSON rather than pickle: a cache folder committed to a repository must never
be able to run code. Writes are atomic; a damaged file is ignored.
"""
from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Iterable

from . import __version__
from .finding import Finding, Fix, Position, Severity
from .safe_write import write_atomically

FOLDER = ".healthlint_cache"
FORMAT = 3  # of an entry; part of the settings digest, so a file of another format is never read
KEEP = 8  # settings files kept; older ones are pruned when a new one is written


def settings_digest(config_repr: str, pack_files: Iterable[Path], options: tuple) -> str:
    """A digest of everything besides the article that decides its findings."""
    digest = hashlib.sha256()
    for package in ("spacy", "lemminflect"):
        try:
            digest.update(f"{package}={metadata.version(package)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=?;".encode())
    digest.update(f"healthlint={__version__};format={FORMAT};{config_repr};{options!r}".encode())
    for path in sorted(pack_files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_key(path: str, data: bytes) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape") + b"\0" + data).hexdigest()


class Cache:
    def __init__(self, folder: Path, digest: str) -> None:
        self.folder = folder
        self.file = folder / f"{digest}.json"
        self.entries: dict[str, list] = {}
        self.changed = False
        self.writable = True
        self.table = _Table()
        try:
            loaded = json.loads(self.file.read_text(encoding="utf-8"))
            self.table = _Table.read(loaded["strings"], loaded["fixes"])
            if type(loaded["entries"]) is dict:
                self.entries = loaded["entries"]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            pass

    def disable(self) -> None:
        """Store and save nothing more: the findings no longer answer for these settings."""
        self.writable = False
        self.changed = False

    def get(self, key: str, path: str) -> tuple[Finding, ...] | None:
        """The findings stored for `key`, the file at `path`: an entry leaves out the path."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            return tuple(self.table.finding(path, data) for data in entry)
        except (KeyError, TypeError, ValueError, IndexError):
            return None

    def put(self, key: str, findings: tuple[Finding, ...]) -> None:
        if self.writable:
            self.entries[key] = [self.table.entry(finding) for finding in findings]
            self.changed = True

    def save(self) -> None:
        """Write the entries if any changed; a cache that cannot be written is skipped silently."""
        if not self.changed:
            return
        document = {"strings": self.table.strings, "fixes": self.table.fix_rows, "entries": self.entries}
        try:
            self.folder.mkdir(exist_ok=True)
            (self.folder / ".gitignore").write_text("# Created by healthlint.\n*\n", encoding="utf-8")
            write_atomically(str(self.file), json.JSONEncoder(separators=(",", ":")).iterencode(document))
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.json"), key=lambda path: path.stat().st_mtime, reverse=True)
        for stale in files[KEEP:]:
            stale.unlink(missing_ok=True)


# An entry is a list per finding, of these fields, rather than a mapping: a re-run over a
# large repository spends much of its time decoding the cache, and lists decode faster.
# The rule and message are numbers in the file's table of strings, and the fix a number in
# its table of fixes: 10,000 articles hold some 67,000 findings but a few hundred distinct
# messages, and the table cut the file tenfold. _Table.entry and _Table.finding write and
# read the fields in this order.
ENTRY_FIELDS = ("line", "column", "rule", "end_line", "end_column", "severity", "message", "fix")

_SEVERITIES = {int(severity): severity for severity in Severity}


class _Table:
    """The strings and fixes a cache file's entries refer to by number, each stored once."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.fix_rows: list[list] = []
        self.fixes: list[Fix] = []
        self._string_numbers: dict[str, int] = {}
        self._fix_numbers: dict[Fix, int] = {}

    @classmethod
    def read(cls, strings: list, fix_rows: list) -> "_Table":
        """The tables a cache file holds; a damaged one raises ValueError (or TypeError), and
        the whole file is ignored. Every type is checked: reporters write numbers as they are,
        and a cache folder may come from anywhere."""
        table = cls()
        if not (type(strings) is list and all(type(string) is str for string in strings) and type(fix_rows) is list):
            raise ValueError("damaged cache tables")
        table.strings = strings
        table._string_numbers = {string: number for number, string in enumerate(strings)}
        for number, row in enumerate(fix_rows):
            description, replacement, start, end = row
            fix = Fix(table._string(description), None if replacement is None else table._string(replacement),
                      _position(start), _position(end))
            table.fixes.append(fix)
            table.fix_rows.append(row)
            table._fix_numbers.setdefault(fix, number)
        return table

    def entry(self, finding: Finding) -> list:
        fix = finding.fix
        return [finding.line, finding.column, self._number(finding.rule), finding.end_line, finding.end_column,
                int(finding.severity), self._number(finding.message),
                None if fix is None else self._fix_number(fix)]

    def finding(self, path: str, data: list) -> Finding:
        """The finding an entry records; a damaged entry raises ValueError (or IndexError).
        The fields are checked inline: a re-run over 10,000 cached articles decodes some
        67,000 findings, and a call per check took a third of the decoding."""
        line, column, rule, end_line, end_column, severity, message, fix = data
        if not (type(line) is int and type(column) is int and type(end_line) is int and type(end_column) is int
                and type(rule) is int and type(message) is int and rule >= 0 and message >= 0
                and (fix is None or type(fix) is int and fix >= 0)):  # not bool, which JSON's true would be
            raise ValueError("damaged cache entry")
        return Finding(path, line, column, self.strings[rule], end_line, end_column, _SEVERITIES[severity],
                       self.strings[message], None if fix is None else self.fixes[fix])

    def _string(self, number) -> str:
        if type(number) is not int or number < 0:
            raise ValueError("damaged cache fix")
        return self.strings[number]

    def _number(self, string: str) -> int:
        number = self._string_numbers.get(string)
        if number is None:
            number = self._string_numbers[string] = len(self.strings)
            self.strings.append(string)
        return number

    def _fix_number(self, fix: Fix) -> int:
        number = self._fix_numbers.get(fix)
        if number is None:
            number = self._fix_numbers[fix] = len(self.fixes)
            self.fixes.append(fix)
            self.fix_rows.append([self._number(fix.description),
                                  None if fix.replacement is None else self._number(fix.replacement),
                                  _pair(fix.start), _pair(fix.end)])
        return number


def _pair(position: Position | None) -> list | None:
    return None if position is None else [position.line, position.column]


def _position(data: list | None) -> Position | None:
    if data is None:
        return None
    line, column = data
    if not (type(line) is int and type(column) is int):
        raise ValueError("damaged cache entry")
    return Position(line, column)
