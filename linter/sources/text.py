"""Plain-text reader: paragraphs are runs of lines, lists are bullet or numbered lines.

As POLICY.md defines it, item lines separated by nothing or only by blank lines form
one list, and any other non-blank line ends it. An indented line right after an item
is that item wrapped (an email's bullets are): it continues the item's text, so a
sentence and its source stay one block, and, not being an item line, it still ends
the list. A line in capitals that opens a paragraph of ordinary lines is that
paragraph's heading ("PARTNER OFFER FOR MEMBERS"), a block of its own, so its words
do not run into the first sentence under it. A suppression directive line is neither:
it is kept as a comment and the text reads as if it were not there.
"""
from __future__ import annotations

import re

from .document import Document, DocumentBuilder

ITEM_LINE = re.compile(r"[ \t]*(?:[•\-*+·–]|\d{1,3}[.)])[ \t]+(?=\S)")
# A line that starts with `healthlint-` is a suppression directive, not prose: plain
# text has no comments, so the reader keeps the line as one and skips it.
DIRECTIVE_LINE = re.compile(r"[ \t]*(healthlint-\S.*?)[ \t]*$")


def _is_heading(line: str, following: str) -> bool:
    """A line in capitals with a line of ordinary case under it (a paragraph of capitals is
    no heading: a disclaimer written in capitals over two lines stays one block)."""
    return any(ch.isalpha() for ch in line) and not any(ch.islower() for ch in line) and \
        any(ch.islower() for ch in following)


def read_text(path: str, source: str) -> Document:
    builder = DocumentBuilder(path, "txt", source)
    list_id: int | None = None
    list_end = offset = 0
    item_open = wrapped = False  # an item's block takes more lines; one of them was no item line
    lines = source.split("\n")
    for number, line in enumerate(lines):
        line_start, offset = offset, offset + len(line) + 1
        directive = DIRECTIVE_LINE.match(line)
        if directive:
            start, end = line_start + directive.start(1), line_start + directive.end(1)
            builder.add_comment(start, end, start, end)
            continue
        if not line.strip():
            if item_open:
                builder.close_block(list_end)
                item_open = False
            if list_id is None:
                builder.close_block()
            continue
        marker = ITEM_LINE.match(line)
        heading = False
        continues = item_open and not marker and line[:1] in " \t"
        if item_open and not continues:
            builder.close_block(list_end)
            item_open = False
        if wrapped and not continues:  # the wrapped item's last line ended its list
            builder.leave_container(list_end)
            list_id, wrapped = None, False
        if marker:
            if list_id is None:
                list_id = builder.new_list_id()
                builder.enter_container(line_start)
            builder.open_block("item", line_start, list_id)
            content_start = marker.end()
            item_open = True
        elif continues:
            builder.add_space(line_start - 1)
            content_start = len(line) - len(line.lstrip())
            wrapped = True
        else:
            if list_id is not None or not builder.in_block:
                if list_id is not None:
                    builder.leave_container(list_end)
                list_id = None
                following = lines[number + 1] if number + 1 < len(lines) else ""
                heading = _is_heading(line, following) and not ITEM_LINE.match(following)
                builder.open_block("heading" if heading else "paragraph", line_start)
            else:
                builder.add_space(line_start - 1)
            content_start = len(line) - len(line.lstrip())
        if marker or continues:
            list_end = min(offset, len(source))  # the last line may have no newline
        content = line[content_start:].rstrip()
        builder.add(content, line_start + content_start)
        builder.add_bare_urls(content, builder.length - len(content), domains=True)
        if heading:
            builder.close_block()
    if item_open:
        builder.close_block(list_end)
    if list_id is not None:
        builder.leave_container(list_end)
    return builder.build()
