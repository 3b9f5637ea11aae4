"""The format-independent article every check reads.

A reader turns a file into a `Document`: the visible prose as one string (`text`),
cut into `blocks` (headings, paragraphs, list items, table cells), the `links` and
citation markers found in it, the front matter (or an HTML page's `metadata`: its
meta tags and canonical link), the `comments` (where suppression directives live),
and an `OffsetMap` from every character of `text` back to the original source. Checks
work on `text` offsets only; `position()` turns them into the line:col a writer sees in
their editor.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from ..finding import Position

BLOCK_SEPARATOR = "\n\n"

# Bare URLs in prose: plain-text articles have no other kind of link, and
# Markdown writers paste them too.
NEWLINE = re.compile("\n")
BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")
# ... and in plain text, which mail clients link as they stand, a domain with a path and no
# scheme: "amzn.to/3abc", "shareasale.com/r.cfm?u=1".
DOMAIN_WITH_PATH = r"(?:[a-z0-9-]+\.)+[a-z]{2,}/"
BARE_URL_OR_DOMAIN = re.compile(BARE_URL.pattern +
                                r"|(?<![\w@./:-])" + DOMAIN_WITH_PATH + r"[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]")


class OffsetMap:
    """Where each character of `Document.text` stands in the source, as runs.

    Readers append text in pieces that stand contiguously in the source, and a piece
    that goes on where the last one stopped extends its run; a run is its first
    character's offset in the text and in the source, and a character is found by
    bisection. An entry per character cost a tenth of reading a Markdown article.
    """

    __slots__ = ("_text_starts", "_source_starts", "_length", "_continues_at")

    def __init__(self) -> None:
        self._text_starts = array("l")
        self._source_starts = array("l")
        self._length = 0
        self._continues_at: int | None = None  # the source offset that would extend the last run

    def extend(self, source_start: int, count: int) -> None:
        """Map the next `count` characters to the source from `source_start` on."""
        if count <= 0:
            return
        if source_start != self._continues_at:
            self._text_starts.append(self._length)
            self._source_starts.append(source_start)
        self._length += count
        self._continues_at = source_start + count

    def pop(self) -> None:
        """Forget the last character's mapping."""
        self._length -= 1
        if self._text_starts[-1] == self._length:
            self._text_starts.pop()
            self._source_starts.pop()
        if self._length:
            self._continues_at = self._source_starts[-1] + self._length - self._text_starts[-1]
        else:
            self._continues_at = None

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._length:
            raise IndexError(index)
        run = bisect_right(self._text_starts, index) - 1
        return self._source_starts[run] + index - self._text_starts[run]

    def __iter__(self):
        bounds = [*self._text_starts[1:], self._length]
        for text_start, source_start, end in zip(self._text_starts, self._source_starts, bounds):
            yield from range(source_start, source_start + end - text_start)


@dataclass(frozen=True)
class Block:
    """A unit of prose: `kind` is heading, paragraph, item or cell.

    Items carry `list_id` (equal for items of one list, different for a nested
    list) so duplicate checks never compare across lists. A cell carries its `column`
    (0 first) in its row, so a figure can be read with its column's header. `source_start` and
    `source_end` span the whole element in the source, markup included, for fixes.
    `container` indexes `Document.containers` when the block sits inside a list,
    table or quote, which a fix must not split.
    """

    kind: str
    start: int
    end: int
    list_id: int | None = None
    source_start: int = 0
    source_end: int = 0
    container: int | None = None
    column: int | None = None


@dataclass(frozen=True)
class Link:
    """A hyperlink: `start`/`end` span its visible text in `Document.text`."""

    start: int
    end: int
    href: str
    rel: tuple[str, ...] = ()


@dataclass(frozen=True)
class Comment:
    """A comment in the source, which is not prose: `start`/`end` span it with its markup
    (`<!--`, `-->`), `body_start`/`body_end` its content. Offsets are in `Document.source`."""

    start: int
    end: int
    body_start: int
    body_end: int


@dataclass
class Document:
    path: str
    format: str
    source: str
    text: str
    blocks: list[Block]
    links: list[Link]
    citations: list[int]
    front_matter: dict
    offsets: OffsetMap
    line_starts: list[int] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    front_matter_span: tuple[int, int] | None = None  # where the front matter's YAML stands in `source`
    containers: list[tuple[int, int]] = field(default_factory=list)
    body: tuple[int, int] | None = None  # HTML: the article body's content (linter.sources.html.BODIES), tags excluded
    metadata: dict[str, str] = field(default_factory=dict)  # HTML: meta tags' content by name, "canonical" by link
    signatures: list[int] = field(default_factory=list)  # HTML: where a quote's signature element's text starts

    def __post_init__(self) -> None:
        if not self.line_starts:
            self.line_starts = line_starts(self.source)

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def links_in(self, block: Block) -> list[Link]:
        """The links whose text starts inside `block`, found by bisection: `links` is sorted."""
        return self.links[bisect_left(self._link_starts, block.start):bisect_left(self._link_starts, block.end)]

    @cached_property
    def _link_starts(self) -> list[int]:
        return [link.start for link in self.links]

    def source_offset(self, text_offset: int) -> int:
        if not self.offsets:
            return 0
        return self.offsets[min(max(text_offset, 0), len(self.offsets) - 1)]

    def position_of_source(self, source_offset: int) -> Position:
        index = bisect_right(self.line_starts, source_offset) - 1
        return Position(index + 1, source_offset - self.line_starts[index] + 1)

    def position(self, text_offset: int) -> Position:
        """Line:col in the original file of the character at `text_offset`."""
        return self.position_of_source(self.source_offset(text_offset))

    def outer_span(self, block: Block) -> tuple[int, int]:
        """Source span of the outermost list, table or quote holding `block`, else the block's own."""
        if block.container is None:
            return block.source_start, block.source_end
        return self.containers[block.container]

    def end_position(self, text_end: int) -> Position:
        """Line:col just after the character before `text_end` (exclusive end)."""
        if text_end <= 0:
            return self.position(0)
        last = self.position(text_end - 1)
        return Position(last.line, last.column + 1)


def line_starts(source: str) -> list[int]:
    """The offset of each line's first character in `source`."""
    return [0] + [match.end() for match in NEWLINE.finditer(source)]


class DocumentBuilder:
    """Accumulates text with its source offsets; readers call it while walking a parse."""

    def __init__(self, path: str, fmt: str, source: str) -> None:
        self.path = path
        self.format = fmt
        self.source = source
        self.line_starts = line_starts(source)  # readers and the Document share them
        self._parts: list[str] = []
        self._length = 0
        self._offsets = OffsetMap()
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self.citations: list[int] = []
        self.front_matter: dict = {}
        self.comments: list[Comment] = []
        self.front_matter_span: tuple[int, int] | None = None
        self._block: dict | None = None
        self._next_list_id = 0
        self._column = -1  # of the table cell last opened in the current row
        self.containers: list[tuple[int, int]] = []
        self._container_depth = 0
        self.body: tuple[int, int] | None = None
        self.metadata: dict[str, str] = {}
        self.signatures: list[int] = []

    @property
    def length(self) -> int:
        return self._length

    def next_offset(self) -> int:
        """Where the next appended character will land (after any block separator)."""
        if self._block is not None and self._block["start"] is None and self._length:
            return self._length + len(BLOCK_SEPARATOR)
        return self._length

    def mark_signature(self) -> None:
        """A quote's signature starts with the next text (HTML's `cite` under a pull quote)."""
        self.signatures.append(self.next_offset())

    def new_list_id(self) -> int:
        self._next_list_id += 1
        return self._next_list_id

    def new_row(self) -> None:
        """A table row opens: its next cell is the first column."""
        self._column = -1

    def next_cell(self) -> None:
        """A table cell opens, empty or not, in the next column of its row."""
        self._column += 1

    def enter_container(self, source_start: int) -> None:
        """A list, table or quote opens at `source_start`; only the outermost one is kept."""
        self.close_block()
        if self._container_depth == 0:
            self.containers.append((source_start, source_start))
        self._container_depth += 1

    def leave_container(self, source_end: int) -> None:
        if self._container_depth == 0:
            return
        self._container_depth -= 1
        if self._container_depth == 0:
            self.containers[-1] = (self.containers[-1][0], source_end)

    def open_block(self, kind: str, source_start: int, list_id: int | None = None) -> None:
        self.close_block()
        self._block = {"kind": kind, "list_id": list_id, "source_start": source_start,
                       "start": None, "source_end": source_start,
                       "column": self._column if kind == "cell" else None}

    def close_block(self, source_end: int | None = None) -> None:
        block, self._block = self._block, None
        if block is None:
            return
        if block["start"] is None:  # no text came: a marker placed ahead for it falls back to the text before
            self._keep_citations_within(self._length)
            return
        start = block["start"]
        end = self._length
        while end > start and self._parts[-1][-1:].isspace():
            self._drop_last_char()
            end -= 1
        empty = end == start
        if empty:  # only whitespace: drop the separator opened for it too
            end = self.blocks[-1].end if self.blocks else 0
            while self._length > end:
                self._drop_last_char()
        # A marker after trailing space ("... in 2022. [^1]") stays inside the text before it.
        self._keep_citations_within(end)
        if empty:
            return
        self.blocks.append(Block(block["kind"], start, end, block["list_id"], block["source_start"],
                                 max(source_end or 0, block["source_end"], self._offsets[end - 1] + 1),
                                 len(self.containers) - 1 if self._container_depth else None, block["column"]))

    def _keep_citations_within(self, end: int) -> None:
        index = len(self.citations)
        while index and self.citations[index - 1] > end:
            index -= 1
            self.citations[index] = end

    @property
    def in_block(self) -> bool:
        return self._block is not None

    def add(self, text: str, source_start: int) -> None:
        """Append `text` that stands contiguously in the source at `source_start`."""
        if text and self._open_text(source_start):
            self._append(text, source_start)
            self._block["source_end"] = max(self._block["source_end"], source_start + len(text))

    def add_mapped(self, text: str, source_offsets) -> None:
        """Append `text`, character i of which came from source offset `source_offsets[i]`."""
        if text and self._open_text(source_offsets[0]):
            self._append_each(text, source_offsets)
            self._block["source_end"] = max(self._block["source_end"], source_offsets[-1] + 1)

    def add_at(self, text: str, at: int) -> None:
        """Append `text`, all of which stands for the source at offset `at`: a decoded character
        reference, an image's alt text."""
        self.add_mapped(text, [at] * len(text))

    def _open_text(self, source_start: int) -> bool:
        """Ready the open block for text, putting the separator from the block before ahead
        of its first (mapped to `source_start`); False when no block is open."""
        if self._block is None:
            return False
        if self._block["start"] is None:
            if self.blocks or self._length:
                self._append_each(BLOCK_SEPARATOR, [source_start] * len(BLOCK_SEPARATOR))
            self._block["start"] = self._length
        return True

    def add_space(self, source_offset: int) -> None:
        """Append one space unless the block is empty or already ends in whitespace."""
        if self._block is None or self._block["start"] is None:
            return
        if self._parts and self._parts[-1][-1:].isspace():
            return
        self._append(" ", source_offset)

    def add_link(self, start: int, href: str, rel: tuple[str, ...] = (),
                 label: tuple[str, int] | None = None) -> bool:
        """Record a link whose visible text runs from `start` (where the next character was to
        land when it opened) to the current end. A link that got no text but whitespace takes
        `label`, the name a screen reader gives it (its aria-label, else its first image's alt
        text) with that name's source offset: the link needs text to be reported at. Returns
        whether the label was read, as the reader then separates it from the text after it."""
        name = " ".join(label[0].split()) if label is not None else ""
        if any(character.isalnum() for character in name) and not self._text_from(start).strip():
            self.add_space(label[1])  # apart from the text before it
            start = self.next_offset()
            self.add_at(name, label[1])
            self.links.append(Link(start, self._length, href, rel))
            return True
        if self._length > start:
            self.links.append(Link(start, self._length, href, rel))
        return False

    def _text_from(self, start: int) -> str:
        """The text appended since offset `start` (empty when nothing was)."""
        tail, length = [], self._length
        for part in reversed(self._parts):
            if length <= start:
                break
            tail.append(part[max(0, start - (length - len(part))):])
            length -= len(part)
        return "".join(reversed(tail))

    def add_citation(self) -> None:
        """A citation marker here: one that opens a block belongs to that block, not to the end of
        the block before it."""
        self.citations.append(self.next_offset())

    def add_comment(self, start: int, end: int, body_start: int, body_end: int) -> None:
        self.comments.append(Comment(start, end, body_start, body_end))

    def add_bare_urls(self, text: str, start: int, domains: bool = False) -> None:
        """Record bare URLs inside `text`, which was just appended at text offset `start`; with
        `domains`, also a domain with a path ("amzn.to/3abc")."""
        if "://" not in text and "www." not in text and not (domains and "/" in text):
            return  # what every bare URL holds: most text has none
        for match in (BARE_URL_OR_DOMAIN if domains else BARE_URL).finditer(text):
            self.links.append(Link(start + match.start(), start + match.end(), match.group()))

    def _append(self, text: str, source_start: int) -> None:
        """Append `text` standing contiguously in the source from `source_start`."""
        self._parts.append(text)
        self._offsets.extend(source_start, len(text))
        self._length += len(text)

    def _append_each(self, text: str, source_offsets) -> None:
        """Append `text`, character i of which came from source offset `source_offsets[i]`."""
        self._parts.append(text)
        for offset in source_offsets:
            self._offsets.extend(offset, 1)
        self._length += len(text)

    def _drop_last_char(self) -> None:
        last = self._parts.pop()
        if len(last) > 1:
            self._parts.append(last[:-1])
        self._offsets.pop()
        self._length -= 1

    def build(self) -> Document:
        self.close_block()
        while self._container_depth:  # a list or table never closed ends with the source
            self.leave_container(len(self.source))
        text = "".join(self._parts)
        links = sorted((_trimmed(link, text) for link in self.links), key=lambda link: link.start)
        return Document(self.path, self.format, self.source, text,
                        self.blocks, [link for link in links if link.start < link.end],
                        sorted(self.citations), self.front_matter, self._offsets,
                        line_starts=self.line_starts, comments=self.comments,
                        front_matter_span=self.front_matter_span, containers=self.containers,
                        body=self.body, metadata=self.metadata, signatures=self.signatures)


def _trimmed(link: Link, text: str) -> Link:
    """The link without surrounding whitespace, which readers may have kept."""
    start, end = link.start, min(link.end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Link(start, end, link.href, link.rel)
