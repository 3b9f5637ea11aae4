"""Where a fix puts its text, as an exact edit of the source, from the blocks' source offsets.

Kinds say what a text goes next to (before or after a block, or at the end of the
article body); this module knows how each format spells a paragraph: its own
paragraph between blank lines in Markdown and plain text, a `<p>` in HTML, indented
like its neighbour. Text never lands inside a list, table or quote: it goes around
the outermost one. Edits use LF; whoever writes the file restores its line endings.
"""
from __future__ import annotations

import html
from bisect import bisect_right

from ..finding import Fix
from .document import Block, Document

BLANK = " \t\n"


def block_at(document: Document, text_offset: int) -> Block:
    """The block holding `text_offset` of `Document.text` (the nearest one before it)."""
    index = bisect_right([block.start for block in document.blocks], text_offset) - 1
    return document.blocks[max(index, 0)]


def insert_before(document: Document, block: Block, text: str, description: str) -> Fix:
    at, _ = document.outer_span(block)
    if document.format == "html":
        indent = _indent(document.source, at)
        return _edit(document, at, at, _html_paragraph(text) + ("" if indent is None else "\n" + indent),
                     description)
    return _edit(document, at, at, _paragraph(document.source, at, text), description)


def insert_after(document: Document, block: Block, text: str, description: str) -> Fix:
    start, end = document.outer_span(block)
    if document.format == "html":
        indent = _indent(document.source, start)
        return _edit(document, end, end, ("" if indent is None else "\n" + indent) + _html_paragraph(text),
                     description)
    end = _past_blank_rest_of_line(document.source, end)
    return _edit(document, end, end, _paragraph(document.source, end, text), description)


def insert_at_end(document: Document, text: str, description: str) -> Fix:
    """At the end of the article body: in HTML the last thing inside the first outermost
    article, else main, else body (linter.sources.html), elsewhere right after the block that ends last in the file
    (not the last one read: Markdown's footnotes are read last wherever they stand)."""
    source = document.source
    if document.format == "html" and document.body is not None:
        _, at = document.body
        line_start = source.rfind("\n", 0, at) + 1
        if source[line_start:at].strip(BLANK):
            return _edit(document, at, at, _html_paragraph(text), description)
        closing = source[line_start:at]
        inside = [block for block in document.blocks if document.outer_span(block)[1] <= at]
        # The indent of the last block that opens its line ("<article><p>Great post" does not).
        last = next((indent for block in reversed(inside)
                     if (indent := _indent(source, document.outer_span(block)[0])) is not None), None)
        # One level deeper than the closing tag when the page indents what is inside it.
        indent = closing + ("\t" if "\t" in last else "  ") if last and len(last) > len(closing) else closing
        return _edit(document, line_start, line_start, indent + _html_paragraph(text) + "\n", description)
    if document.blocks:
        return insert_after(document, max(document.blocks, key=lambda block: document.outer_span(block)[1]),
                            text, description)
    at = len(source)
    replacement = _html_paragraph(text) if document.format == "html" else _paragraph(source, at, text)
    return _edit(document, at, at, replacement, description)


def delete_block(document: Document, block: Block, description: str) -> Fix:
    """Delete the block's element. When it stands alone on its lines, delete whole lines, with
    the blank lines that separated it from the block before it in its list (for the first,
    from the one after), so the list keeps its spacing and deletions of neighbours never
    overlap; a file without a final newline keeps none."""
    source = document.source
    start, end = block.source_start, block.source_end
    line_start = source.rfind("\n", 0, start) + 1
    line_end = _past_blank_rest_of_line(source, end)
    ends_line = line_end != end or end == len(source) or source[end - 1] == "\n"
    if source[line_start:start].strip(BLANK) or not ends_line:
        return _edit(document, start, end, "", description)  # it shares a line with other content
    container_start, container_end = document.outer_span(block)
    start, end = line_start, _blank_lines_before(source, line_end)
    preceding, following = _blank_lines_before(source, start), _blank_lines_after(source, end)
    if container_start <= preceding < start:
        start = preceding
    elif end < following < container_end:
        end = following
    if end == len(source) and not source.endswith("\n") and start > 0:
        start -= 1  # the newline before the last line goes with it
    return _edit(document, start, end, "", description)


def _edit(document: Document, start: int, end: int, replacement: str, description: str) -> Fix:
    return Fix(description, replacement, document.position_of_source(start), document.position_of_source(end))


def _html_paragraph(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def _indent(source: str, offset: int) -> str | None:
    """The whitespace before `offset` on its line, or None when other text precedes it there."""
    line_start = source.rfind("\n", 0, offset) + 1
    prefix = source[line_start:offset]
    return None if prefix.strip(BLANK) else prefix


def _past_blank_rest_of_line(source: str, offset: int) -> int:
    """After the line break ending `offset`'s line when only blanks follow it there; else `offset`."""
    if offset > 0 and source[offset - 1] == "\n":
        return offset
    newline = source.find("\n", offset)
    rest_end = len(source) if newline < 0 else newline + 1
    return rest_end if not source[offset:rest_end].strip(BLANK) else offset


def _blank_lines_before(source: str, line_start: int) -> int:
    """The start of the blank lines that end at `line_start` (itself when there are none)."""
    while line_start > 0:
        previous = source.rfind("\n", 0, line_start - 1) + 1
        if source[previous:line_start].strip(BLANK):
            break
        line_start = previous
    return line_start


def _blank_lines_after(source: str, line_start: int) -> int:
    """The start of the first line at or after `line_start` that is not blank (or the end)."""
    while line_start < len(source):
        newline = source.find("\n", line_start)
        line_end = len(source) if newline < 0 else newline + 1
        if source[line_start:line_end].strip(BLANK):
            break
        line_start = line_end
    return line_start


def _paragraph(source: str, at: int, text: str) -> str:
    """`text` as its own paragraph at `at`: the blank lines around it that are missing, and
    no added line break at the very end of a file that has none."""
    before, at_start = _newlines(source, at, -1)
    after, at_end = _newlines(source, at, 1)
    prefix = "" if at_start else "\n" * max(0, 2 - before)
    if at_end:
        suffix = "\n" if after == 0 and source.endswith("\n") else ""
    else:
        suffix = "\n" * max(0, 2 - after)
    return prefix + text + suffix


def _newlines(source: str, at: int, step: int) -> tuple[int, bool]:
    """Line breaks in the blank run from `at` backwards (-1) or forwards (1), and whether
    that run reaches the start or end of the source."""
    count, index = 0, at - 1 if step < 0 else at
    while 0 <= index < len(source) and source[index] in BLANK:
        count += source[index] == "\n"
        index += step
    return count, not 0 <= index < len(source)
