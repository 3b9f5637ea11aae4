"""Apply the exact fixes of findings to an article's text, leaving every other character alone.

A fix's positions are line:col in the text the linter read (LF line endings, no BOM);
the text edited here is the file as decoded, with its BOM and its own line endings, so
each position is mapped back to it, and line breaks in inserted text take the file's
own style. Fixes are taken in findings order; one that overlaps a fix already taken is
left out and its finding stays reported. Insertions at one same point all apply, those
of findings at a passage before those of document-level findings (a crisis block after
the last paragraph comes before the disclaimer that closes the article).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .finding import Finding, Position

LINE_BREAK = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str

    def overlaps(self, other: "Edit") -> bool:
        """True when the two touch the same characters (an insertion inside a deletion counts)."""
        return self.start < other.end and other.start < self.end


def has_edit(finding: Finding) -> bool:
    fix = finding.fix
    return fix is not None and fix.replacement is not None and fix.start is not None and fix.end is not None


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """`text` with the fixes of `findings` applied, and how many distinct edits were applied."""
    starts = [0] + [match.end() for match in LINE_BREAK.finditer(text)]
    newline = line_ending(text)
    taken: list[tuple[Edit, bool, int]] = []
    for order, finding in enumerate(f for f in findings if has_edit(f)):
        fix = finding.fix
        edit = Edit(_offset(text, starts, fix.start), _offset(text, starts, fix.end),
                    LINE_BREAK.sub(newline, fix.replacement))
        if edit.end < edit.start or any(edit == other or edit.overlaps(other) for other, _, _ in taken):
            continue
        taken.append((edit, _document_level(finding), order))
    pieces, cursor = [], 0
    for edit, _, _ in sorted(taken, key=lambda item: (item[0].start, item[0].end, item[1], item[2])):
        pieces += [text[cursor:edit.start], edit.replacement]
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), len(taken)


def line_ending(text: str) -> str:
    """The file's most frequent line ending (LF when it has none, or on a tie)."""
    crlf = text.count("\r\n")
    counts = {"\n": text.count("\n") - crlf, "\r\n": crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=lambda ending: (counts[ending], ending == "\n"))


def _offset(text: str, starts: list[int], position: Position) -> int:
    """Where `position` (in the normalised text) falls in `text`, clamped to its line."""
    index = min(max(position.line, 1), len(starts)) - 1
    line_start = starts[index] + (1 if index == 0 and text.startswith(BOM) else 0)
    if index + 1 < len(starts):
        line_end = starts[index + 1]
        content_end = line_end - (2 if text[line_end - 2:line_end] == "\r\n" else 1)
    else:
        content_end = len(text)
    return min(line_start + position.column - 1, content_end)


def _document_level(finding: Finding) -> bool:
    """The engine places a finding about the whole document as an empty span at 1:1."""
    return (finding.line, finding.column) == (finding.end_line, finding.end_column)
