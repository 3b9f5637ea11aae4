"""Plain-text reader: paragraphs are runs of lines, lists are bullet or numbered lines.

As POLICY.md defines it, item lines separated by nothing or only by blank lines form
one list, and any other non-blank line ends it.
"""
from __future__ import annotations

import re

from .document import Document, DocumentBuilder

ITEM_LINE = re.compile(r"[ \t]*(?:[•\-*+·–]|\d{1,3}[.)])[ \t]+(?=\S)")


def read_text(path: str, source: str) -> Document:
    builder = DocumentBuilder(path, "txt", source)
    list_id: int | None = None
    offset = 0
    for line in source.split("\n"):
        line_start, offset = offset, offset + len(line) + 1
        if not line.strip():
            if list_id is None:
                builder.close_block()
            continue
        marker = ITEM_LINE.match(line)
        if marker:
            if list_id is None:
                list_id = builder.new_list_id()
            builder.open_block("item", line_start, list_id)
            content_start = marker.end()
        else:
            if list_id is not None or not builder.in_block:
                list_id = None
                builder.open_block("paragraph", line_start)
            else:
                builder.add_space(line_start - 1)
            content_start = len(line) - len(line.lstrip())
        content = line[content_start:].rstrip()
        builder.add(content, line_start + content_start)
        builder.add_bare_urls(content, builder.length - len(content))
        if marker:
            builder.close_block(min(offset, len(source)))  # the last line may have no newline
    return builder.build()
