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
from typing import Callable, Iterable

from .engine import lint_bytes, lint_source
from .finding import FileResult
from .fixes import BOM, apply_fixes, has_edit
from .rulepack import Rule
from .safe_write import write_atomically
from .sources import InputError, decode, decode_article, format_for, read_bytes
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
    """Fix an article given as its bytes (a file's, or standard input's); nothing is written."""
    try:
        text = decode_article(data, fmt)
    except InputError as error:
        return FixOutcome(FileResult(path, error=str(error)))
    rules = list(rules)
    result = lint_source(text, fmt, path, rules, suppress)
    if not _fixable(result):
        return FixOutcome(result)
    original = _decoded(lambda: data.decode("utf-8"))
    if original is None or original.removeprefix(BOM) != text:
        return FixOutcome(result, error="not UTF-8, and --fix writes only UTF-8")
    fixed, count = apply_fixes(original, result.findings)
    if _decoded(lambda: decode(fixed.encode("utf-8"), fmt)) != fixed.removeprefix(BOM):
        return FixOutcome(result, error="the fixed text would not read back the same in the charset the file declares")
    return FixOutcome(replace(lint_source(fixed, fmt, path, rules, suppress), fixed=count), original, fixed)


def fix_file(path: str, rules: Iterable[Rule], fmt: str | None = None, write: bool = True,
             suppress: SuppressOptions = SuppressOptions()) -> FixOutcome:
    """Fix the article at `path`, read once, replacing it atomically when `write` and something changed."""
    try:
        data = read_bytes(path)
    except InputError as error:
        return FixOutcome(FileResult(path, error=str(error)))
    fmt, rules = fmt or format_for(path), list(rules)
    outcome = fix_source(data, fmt, path, rules, suppress)
    if write and outcome.changed:
        try:
            write_atomically(path, outcome.fixed.encode("utf-8"))
        except OSError as error:  # the article stays as it was, and so do its findings
            return FixOutcome(lint_bytes(path, data, rules, fmt, suppress),
                              error=f"cannot write ({error.strerror or error})")
    return outcome


def _fixable(result: FileResult) -> bool:
    return result.error is None and any(has_edit(finding) for finding in result.findings)


def _decoded(decoder: Callable[[], str]) -> str | None:
    """What `decoder` returns, or None when the bytes do not decode."""
    try:
        return decoder()
    except (InputError, UnicodeDecodeError):
        return None


def _lines(text: str) -> list[str]:
    """Lines with their own line breaks (LF, CRLF or CR), as the file has them."""
    return io.StringIO(text, newline="").readlines()
