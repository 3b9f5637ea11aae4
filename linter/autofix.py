"""`--fix` and `--diff` for one article: lint, apply the exact fixes, check, write, lint again.

An article is fixed only when it is UTF-8 (with or without a BOM) and the fixed bytes
read back as exactly the fixed text. Fixes apply to the text as decoded, so its BOM,
line endings and final newline (or lack of one) stay as they were. The findings
reported are those of the fixed text; when a file is not fixed, the one-line reason
comes with the findings of the text as it is.
"""
from __future__ import annotations

import difflib
import io
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

from .engine import lint_source
from .finding import FileResult
from .fixes import BOM, apply_fixes, has_edit
from .rulepack import Rule
from .safe_write import write_atomically
from .sources import InputError, decode, format_for, read_source
from .suppress import SuppressOptions


@dataclass(frozen=True)
class FixOutcome:
    result: FileResult
    original: str | None = None  # the text as decoded, BOM and line endings kept
    fixed: str | None = None
    error: str | None = None  # why the article was not fixed

    @property
    def changed(self) -> bool:
        return self.fixed is not None and self.fixed != self.original

    def diff(self) -> str:
        """A unified diff from the article to its fixed text ('' when nothing changes)."""
        if not self.changed:
            return ""
        lines = difflib.unified_diff(_lines(self.original), _lines(self.fixed), self.result.path, self.result.path)
        return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"
                       for line in lines)


def fix_source(data: bytes, fmt: str, path: str, rules: Iterable[Rule],
               suppress: SuppressOptions = SuppressOptions()) -> FixOutcome:
    """Fix an article given as bytes (standard input); nothing is written."""
    lint = _linter(list(rules), suppress)
    text, result = _read_and_lint(lambda: decode(data, fmt), fmt, path, lint)
    return _fix(data, text, fmt, lint, result) if _fixable(result) else FixOutcome(result)


def fix_file(path: str, rules: Iterable[Rule], fmt: str | None = None, write: bool = True,
             suppress: SuppressOptions = SuppressOptions()) -> FixOutcome:
    """Fix the article at `path`, replacing it atomically when `write` and something changed."""
    fmt = fmt or format_for(path)
    lint = _linter(list(rules), suppress)
    text, result = _read_and_lint(lambda: read_source(path, fmt), fmt, path, lint)
    if not _fixable(result):
        return FixOutcome(result)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return FixOutcome(result, error=f"cannot read ({error.strerror or error})")
    outcome = _fix(data, text, fmt, lint, result)
    if write and outcome.changed:
        try:
            write_atomically(path, outcome.fixed.encode("utf-8"))
        except OSError as error:
            return FixOutcome(result, error=f"cannot write ({error.strerror or error})")
    return outcome


Linter = Callable[[str, str, str], FileResult]  # (text, fmt, path) -> result


def _linter(rules: list[Rule], suppress: SuppressOptions) -> Linter:
    return lambda text, fmt, path: lint_source(text, fmt, path, rules, suppress)


def _read_and_lint(read: Callable[[], str], fmt: str, path: str, lint: Linter) -> tuple[str, FileResult]:
    try:
        text = read()
    except InputError as error:
        return "", FileResult(path, error=str(error))
    return text, lint(text, fmt, path)


def _fixable(result: FileResult) -> bool:
    return result.error is None and any(has_edit(finding) for finding in result.findings)


def _fix(data: bytes, text: str, fmt: str, lint: Linter, result: FileResult) -> FixOutcome:
    """Apply `result`'s fixes to `data`, which was read as `text`, and lint the fixed text."""
    if _decoded(lambda: decode(data, fmt)) != text:
        return FixOutcome(result, error="the file changed while it was read")
    original = _decoded(lambda: data.decode("utf-8"))
    if original is None or original.removeprefix(BOM) != text:
        return FixOutcome(result, error="not UTF-8, and --fix writes only UTF-8")
    fixed, count = apply_fixes(original, result.findings)
    encoded = fixed.encode("utf-8")
    if _decoded(lambda: decode(encoded, fmt)) != fixed.removeprefix(BOM):
        return FixOutcome(result, error="the fixed text would not read back the same in the charset the file declares")
    return FixOutcome(replace(lint(fixed, fmt, result.path), fixed=count), original, fixed)


def _decoded(decoder: Callable[[], str]) -> str | None:
    """What `decoder` returns, or None when the bytes do not decode."""
    try:
        return decoder()
    except (InputError, UnicodeDecodeError):
        return None


def _lines(text: str) -> list[str]:
    """Lines with their own line breaks (LF, CRLF or CR), as the file has them."""
    return io.StringIO(text, newline="").readlines()
