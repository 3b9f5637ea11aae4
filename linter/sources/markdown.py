"""Markdown reader on markdown-it-py (CommonMark plus tables, footnotes, front matter).

markdown-it-py gives block tokens their source lines but inline tokens no columns,
so inline text is located in the block's source lines in reading order. The
`text_join` rule is disabled so entities and backslash escapes arrive as their own
tokens, whose `markup` is the source spelling to locate. Source that holds no prose
(inline HTML tags, images, a link's destination, title or reference label) is
stepped over, so a later word is never located inside it.
"""
from __future__ import annotations

import re
from functools import lru_cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .document import Document, DocumentBuilder
from .errors import InputError
from .html import extract_html, link_rel, start_tag

SPACE = re.compile(r"\s")
# A file that opens with `---` and a `key:` line but never closes it: front matter gone wrong,
# which markdown-it would otherwise read as prose.
UNCLOSED_FRONT_MATTER = re.compile(r"---[ \t]*\n[A-Za-z_][\w-]*[ \t]*:")
FRONT_MATTER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return (MarkdownIt("commonmark", {"html": True})
            .enable("table")
            .use(front_matter_plugin)
            .use(footnote_plugin)
            .disable("text_join"))


def parse_front_matter(content: str, first_line: int) -> dict:
    """The YAML mapping between `---` fences; `first_line` is its 1-based line in the file."""
    try:
        data = _load_yaml(content)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {first_line + mark.line}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"malformed front matter{where}: {problem}") from None
    except RecursionError:  # PyYAML recurses once per level of nesting
        raise InputError(f"malformed front matter at line {first_line}: nested too deeply") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(f"malformed front matter at line {first_line}: expected a mapping of keys, "
                         f"got {type(data).__name__}")
    return data


def _load_yaml(content: str):
    """libyaml when PyYAML has it (ten times faster); on an error, PyYAML's own parser
    again, whose marks point at the line at fault rather than where libyaml gave up."""
    try:
        return yaml.load(content, Loader=FRONT_MATTER_LOADER)
    except yaml.YAMLError:
        return yaml.safe_load(content)


class _Walker:
    def __init__(self, path: str, source: str) -> None:
        # markdown-it reads NUL as U+FFFD, as CommonMark says; replacing it here too keeps
        # every offset (one character for one) and lets the text be found where it stands.
        self.source = source.replace("\x00", "\ufffd")
        self.builder = DocumentBuilder(path, "md", source)
        self.line_starts = self.builder.line_starts  # NUL's replacement kept every offset
        self.lists: list[int] = []
        self.items: list[dict] = []
        self.pending_kind = "paragraph"
        self.pending_end: int | None = None
        self.container_ends: list[int] = []
        self.cell_cursor = 0  # where a table row's next cell may start: its cells share the row's one line

    def line_offset(self, line: int) -> int:
        return self.line_starts[line] if line < len(self.line_starts) else len(self.source)

    def walk(self) -> Document:
        tokens = _parser().parse(self.source)
        if UNCLOSED_FRONT_MATTER.match(self.source) and not any(t.type == "front_matter" for t in tokens[:1]):
            raise InputError("malformed front matter at line 1: no closing '---' line")
        for token in tokens:
            handler = getattr(self, "on_" + token.type, None)
            if handler:
                handler(token)
        return self.builder.build()

    # Block tokens ----------------------------------------------------------
    def on_front_matter(self, token) -> None:
        self.builder.front_matter = parse_front_matter(token.content, token.map[0] + 2)
        start = self.line_offset(token.map[0] + 1)
        self.builder.front_matter_span = (start, start + len(token.content))

    def on_bullet_list_open(self, token) -> None:
        self.lists.append(self.builder.new_list_id())
        self.enter_container(token)

    on_ordered_list_open = on_bullet_list_open

    def on_bullet_list_close(self, token) -> None:
        self.lists.pop()
        self.leave_container(token)

    on_ordered_list_close = on_bullet_list_close

    def enter_container(self, token) -> None:
        """Lists, quotes and tables are containers: a fix places text around them, not inside."""
        self.builder.enter_container(self.line_offset(token.map[0]))
        self.container_ends.append(self.line_offset(token.map[1]))

    def leave_container(self, token) -> None:
        self.builder.leave_container(self.container_ends.pop())

    on_blockquote_open = on_table_open = enter_container
    on_blockquote_close = on_table_close = leave_container

    def on_list_item_open(self, token) -> None:
        self.items.append({"list_id": self.lists[-1], "first": True,
                           "start": self.line_offset(token.map[0]),
                           "end": self.line_offset(token.map[1])})

    def on_list_item_close(self, token) -> None:
        self.items.pop()

    def on_heading_open(self, token) -> None:
        self.pending_kind = "heading"
        self.pending_end = self.line_offset(token.map[1])  # a setext heading's underline is part of it

    def on_paragraph_open(self, token) -> None:
        self.pending_kind = "paragraph"

    def on_tr_open(self, token) -> None:
        self.builder.new_row()
        self.cell_cursor = self.line_offset(token.map[0])

    def on_th_open(self, token) -> None:
        self.builder.next_cell()
        self.pending_kind = "cell"

    on_td_open = on_th_open

    def on_html_block(self, token) -> None:
        start, end = self.line_offset(token.map[0]), self.line_offset(token.map[1])
        self.builder.enter_container(start)
        extract_html(self.builder, self.source[start:end], start)
        self.builder.leave_container(end)

    def on_inline(self, token) -> None:
        if token.map is None:  # an inline footnote's note ("^[...]"): markdown-it keeps no source lines for it
            return
        start, end = self.line_offset(token.map[0]), self.line_offset(token.map[1])
        in_cell = self.pending_kind == "cell"
        if in_cell:  # "| Baloo Living | [Baloo](...) |": the link is not the first cell's "Baloo"
            start = max(start, self.cell_cursor)
        item = self.items[-1] if self.items else None
        if self.pending_kind == "paragraph" and item and item["first"]:
            item["first"] = False
            self.builder.open_block("item", item["start"], item["list_id"])
            end_of_element = item["end"]
        else:
            self.builder.open_block(self.pending_kind, start)
            end_of_element = max(end, self.pending_end or 0)
        text = _InlineText(self.builder, self.source, start, end)
        text.walk(token.children or [])
        if in_cell:
            self.cell_cursor = text.cursor
        self.builder.close_block(end_of_element)
        self.pending_kind = "paragraph"
        self.pending_end = None


class _InlineText:
    """Appends one inline token's text, locating each piece in the source in order."""

    def __init__(self, builder: DocumentBuilder, source: str, start: int, end: int) -> None:
        self.builder = builder
        self.source = source
        self.cursor = start
        self.end = end
        self.links: list[tuple[str, tuple[str, ...], int, str]] = []  # href, rel, text start, markup
        self.link_labels: dict[int, tuple[str, int]] = {}  # by link depth: its aria-label, else its first image's alt, and where

    def walk(self, children) -> None:
        for child in children:
            kind = child.type
            if kind == "text" and self.links and self.links[-1][3] == "autolink":
                self.add_autolink_text(child.content)
            elif kind in ("text", "code_inline"):
                self.add(child.content, bare_urls=kind == "text" and not self.links, verbatim=kind == "text")
            elif kind == "text_special":
                self.add_decoded(child.content, child.markup)
            elif kind in ("softbreak", "hardbreak"):
                newline = self.source.find("\n", self.cursor, self.end)
                at = newline if newline >= 0 else self.cursor
                self.builder.add_space(at)
                self.cursor = at + 1 if newline >= 0 else self.cursor
            elif kind == "link_open":
                self.links.append((str(child.attrs.get("href", "")), (), self.builder.next_offset(), child.markup))
            elif kind == "link_close" and self.links:
                if self.close_link() != "autolink":
                    self.skip_link_tail(self.source.find("]", self.cursor, self.end))
            elif kind == "image":
                opening = self.source.find("![", self.cursor, self.end)
                alt = _plain_text(child.children or [])
                if self.links and alt.strip() and opening >= 0:
                    self.link_labels.setdefault(len(self.links), (alt, opening + 2))
                self.skip_link_tail(self.closing_bracket(opening))
            elif kind == "footnote_ref":
                self.builder.add_citation()
            elif kind == "html_inline":
                at = self.skip(child.content)
                if child.content.startswith("<!--") and at >= 0:
                    body_start, end = at + len("<!--"), at + len(child.content)
                    self.builder.add_comment(at, end, body_start, max(body_start, end - len("-->")))
                self.inline_tag(child.content, at if at >= 0 else self.cursor)

    def add(self, text: str, bare_urls: bool = False, verbatim: bool = True) -> None:
        """Append `text`, found in the source from the cursor on; a code span's text is not
        `verbatim` (its line breaks read as spaces), so it is located character by character."""
        if not text:
            return
        found = self.source.find(text, self.cursor, self.end) if verbatim else -1
        if found >= 0:
            self.builder.add(text, found)
            self.cursor = found + len(text)
        else:
            self.builder.add_mapped(text, [self.locate(ch, i > 0 and text[i - 1].isspace())
                                           for i, ch in enumerate(text)])
        if bare_urls:
            self.builder.add_bare_urls(text, self.builder.length - len(text))

    def add_autolink_text(self, normalised: str) -> None:
        """An autolink's text as the source spells it between `<` and `>` (markdown-it
        gives a normalised form, which may not stand in the source at all)."""
        opening = self.source.find("<", self.cursor, self.end)
        closing = self.source.find(">", opening + 1, self.end) if opening >= 0 else -1
        if closing < 0:
            self.add(normalised)
            return
        self.builder.add(self.source[opening + 1:closing], opening + 1)
        self.cursor = closing + 1

    def inline_tag(self, markup: str, at: int) -> None:
        """An inline HTML tag standing at source offset `at`: `<sup>` is a citation,
        `<a href>`...`</a>` a link with its rel (and its aria-label, to name it if it holds no text)."""
        if markup.lower().startswith("</a") and self.links and self.links[-1][3] == "html":
            self.close_link()
            return
        tag = start_tag(markup)
        if tag is None:
            return
        name, attributes = tag
        if name == "sup":
            self.builder.add_citation()
        elif name == "a" and attributes.get("href"):
            self.links.append((attributes["href"], link_rel(attributes), self.builder.next_offset(), "html"))
            if (attributes.get("aria-label") or "").strip():
                self.link_labels[len(self.links)] = (attributes["aria-label"], at)

    def close_link(self) -> str:
        """Record the innermost open link, named by its label when it holds no text, and
        return its markup."""
        label = self.link_labels.pop(len(self.links), None)
        href, rel, start, markup = self.links.pop()
        self.builder.add_link(start, href, rel, label=label)
        return markup

    def skip(self, markup: str) -> int:
        """Step over `markup`, which stands next in the source and holds no prose.
        Returns where it stands (-1: not found)."""
        found = self.source.find(markup, self.cursor, self.end)
        if found >= 0:
            self.cursor = found + len(markup)
        return found

    def closing_bracket(self, opening: int) -> int:
        """The `]` that closes the bracket at or just after `opening` (-1: none)."""
        if opening < 0:
            return -1
        depth, pos = 0, self.source.find("[", opening, self.end)
        while 0 <= pos < self.end:
            char = self.source[pos]
            if char == "\\":
                pos += 1
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
                if depth == 0:
                    return pos
            pos += 1
        return -1

    def skip_link_tail(self, bracket: int) -> None:
        """Step over what follows a link's text at its closing `bracket`:
        `(destination "title")`, a `[label]`, or nothing for a shortcut reference."""
        if bracket < 0:
            return
        pos = bracket + 1
        if self.source.startswith("(", pos):
            pos = self._skip_space(pos + 1)
            destination = parseLinkDestination(self.source, pos, self.end)
            if destination.ok:
                pos = self._skip_space(destination.pos)
            title = parseLinkTitle(self.source, pos, self.end)
            if title.ok:
                pos = self._skip_space(title.pos)
            if self.source.startswith(")", pos):
                pos += 1
        elif self.source.startswith("[", pos):
            label_end = self.closing_bracket(pos)
            pos = label_end + 1 if label_end >= 0 else pos
        self.cursor = max(self.cursor, pos)

    def _skip_space(self, pos: int) -> int:
        while pos < self.end and self.source[pos] in " \t\n":
            pos += 1
        return pos

    def locate(self, char: str, after_space: bool = False) -> int:
        if char.isspace() and after_space and not self.source[self.cursor:self.cursor + 1].isspace():
            return self.cursor - 1  # more spaces than the source has here: a tab read as spaces
        if char.isspace():  # a code span's line break reads as a space
            match = SPACE.search(self.source, self.cursor, self.end)
            found = match.start() if match else -1
        else:
            found = self.source.find(char, self.cursor, self.end)
        if found < 0:
            return min(self.cursor, max(len(self.source) - 1, 0))
        self.cursor = found + 1
        return found

    def add_decoded(self, decoded: str, markup: str) -> None:
        found = self.source.find(markup, self.cursor, self.end) if markup else -1
        at = found if found >= 0 else self.cursor
        if found >= 0:
            self.cursor = found + len(markup)
        self.builder.add_at(decoded, at)


def _plain_text(tokens) -> str:
    """What inline tokens read as, markup left out: an image's alt text as a screen reader says it."""
    return "".join(token.content if token.type in ("text", "code_inline", "text_special")
                   else " " if token.type in ("softbreak", "hardbreak")
                   else _plain_text(token.children or []) for token in tokens)


def read_markdown(path: str, source: str) -> Document:
    return _Walker(path, source).walk()
