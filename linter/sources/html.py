"""HTML reader: the visible body text of a page or fragment, with exact source offsets.

Built on the standard library's tokenizer (`html.parser`), which reports where every
tag and run of text starts, so each extracted character maps back to its source
position; entities are decoded one by one for the same reason. Non-visible content
(head, title, script, style, template, comments, `hidden` elements) is not text.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .document import Document, DocumentBuilder, line_starts

SKIPPED = frozenset({"head", "title", "script", "style", "template", "noscript", "svg", "math",
                     "iframe", "object", "select", "textarea"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "nav", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
LISTS = frozenset({"ul", "ol", "menu"})
# Elements a fix must not put a paragraph inside: text is placed before or after them whole.
CONTAINERS = LISTS | {"dl", "table", "blockquote", "details", "pre"}
# The article body a closing text (a disclaimer) goes at the end of, in order of preference:
# the first outermost `article` (inside `main`, comments and related links often follow it).
BODIES = ("article", "main", "body")
# Where a quote is signed: a `cite`, `footer` or `figcaption` inside a `blockquote` or `figure`
# ("<cite>Dr. Robert Strang, Chief Medical Officer</cite>" under a pull quote).
SIGNATURES = frozenset({"cite", "footer", "figcaption"})
QUOTES = frozenset({"blockquote", "figure"})
# A block of text directly inside these starts after their start tag, not at it.
ROOTS = frozenset({"html", "body"})
# Opening one of these closes an open element of the listed kinds, as browsers do,
# unless one of the scope tags stands between (a nested list keeps its parent item).
IMPLICIT_CLOSE = {"li": ({"li"}, LISTS), "td": ({"td", "th"}, {"tr", "table"}),
                  "th": ({"td", "th"}, {"tr", "table"}), "tr": ({"tr"}, {"table"}),
                  "dt": ({"dt", "dd"}, {"dl"}), "dd": ({"dt", "dd"}, {"dl"})}
# Whitespace that does not stand for itself: runs of it, and any one character but a space.
# Each reads as one space; the text between is appended as it stands.
COLLAPSED = re.compile(r"\s{2,}|[^\S ]")
METADATA_TAGS = frozenset({"meta", "link"})
# As in browsers, elements nested deeper than this are read as siblings, so the walks
# up the open-element stack stay short whatever the page (HTML's own limit is 512).
MAX_DEPTH = 512


class _Extractor(HTMLParser):
    def __init__(self, builder: DocumentBuilder, source: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self.builder = builder
        self.base = base
        self.line_starts = builder.line_starts if source == builder.source else line_starts(source)
        self.stack: list[tuple[str, int | None]] = []  # (tag, list id for lists)
        self.first_blocks: dict[int, int] = {}  # stack depth of an li/td/th -> block count at its first block
        self.skip_depth = 0
        self.links: list[tuple[str, tuple[str, ...], int]] = []
        self.link_labels: dict[int, tuple[str, int]] = {}  # by link depth: its aria-label, else its first image's alt, and where
        self.open_containers = 0
        self.body_starts: dict[str, int] = {}  # by tag: where the first outermost one's content starts
        self.bodies: dict[str, tuple[int, int]] = {}  # ... and that content's span, once it is closed

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """`<![...`: the standard library raises AssertionError unless a known keyword follows;
        HTML reads any other `<![` as a bogus comment up to the next `>`."""
        position = self.getpos()
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            self.lineno, self.offset = position  # it moved them before raising
            end = self.rawdata.find(">", i + 3)
            return end + 1 if end >= 0 else -1

    def source_pos(self) -> int:
        line, column = self.getpos()
        return self.base + self.line_starts[line - 1] + column

    # Structure ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in METADATA_TAGS:
            self._note_metadata(tag, dict(attrs))
        if self.skip_depth:
            if tag not in VOID and len(self.stack) < MAX_DEPTH:
                self.stack.append((tag, None))
                self.skip_depth += 1
            return
        attributes = dict(attrs)
        self._close_implied_by(tag)
        if tag in SKIPPED or "hidden" in attributes:
            if tag not in VOID:
                self.stack.append((tag, None))
                self.skip_depth = 1
            return
        if tag == "br":
            self.builder.add_space(self.source_pos())
            return
        if tag == "sup":
            self.builder.add_citation()
        if tag == "button":  # drawn as a box of its own: its label is not part of the next word
            self.builder.add_space(self.source_pos())
        if tag == "a" and len(self.stack) < MAX_DEPTH:  # one open link per `a` on the stack
            self.links.append((attributes.get("href") or "", link_rel(attributes), self.builder.next_offset()))
            if (attributes.get("aria-label") or "").strip():
                self._ensure_block()
                self.link_labels[len(self.links)] = (attributes["aria-label"], self.source_pos())
        if tag == "img" and self.links and (attributes.get("alt") or "").strip():
            self._ensure_block()
            self.link_labels.setdefault(len(self.links), (attributes["alt"], self.source_pos()))
        if tag in VOID:
            if tag in BLOCK_TAGS:
                self._boundary()
            return
        if len(self.stack) < MAX_DEPTH:
            self.stack.append((tag, self.builder.new_list_id() if tag in LISTS else None))
            if tag in BODIES and self._only_open(tag):
                self.body_starts.setdefault(tag, self.source_pos() + len(self.get_starttag_text() or ""))
        if tag == "tr":
            self.builder.new_row()
        elif tag in ("td", "th"):
            self.builder.next_cell()
        if tag in BLOCK_TAGS:
            self._boundary(start=self.source_pos() + len(self.get_starttag_text() or "") if tag in ROOTS else None)
        if tag in CONTAINERS:
            self.builder.enter_container(self.source_pos())
            self.open_containers += 1
        if tag in SIGNATURES and any(open_tag in QUOTES for open_tag, _ in self.stack[:-1]):
            self.builder.mark_signature()

    def _note_metadata(self, tag: str, attributes: dict) -> None:
        """A meta tag's content under its name or property ("og:site_name"), and the canonical
        link's address under "canonical"; the first of each wins, as in browsers."""
        if tag == "meta":
            name, value = attributes.get("property") or attributes.get("name"), attributes.get("content")
        else:
            name = "canonical" if "canonical" in (attributes.get("rel") or "").lower().split() else None
            value = attributes.get("href")
        if name and value:
            self.builder.metadata.setdefault(name.strip().lower(), value.strip())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.skip_depth and self.stack:
            open_tag, _ = self.stack.pop()
            self.skip_depth -= 1
            if open_tag == tag:
                return
        if tag in BODIES and tag in self.body_starts and self._only_open(tag):
            self.bodies.setdefault(tag, (self.body_starts[tag], self.source_pos()))
        self._pop_to(tag, self._end_of_tag())
        if tag == "button":
            self.builder.add_space(self.source_pos())

    def _only_open(self, tag: str) -> bool:
        """Whether exactly one `tag` is open, the outermost: a body nested in another is not the page's."""
        return sum(open_tag == tag for open_tag, _ in self.stack) == 1

    def _end_link(self) -> None:
        """An `a` closed: by its end tag, by an element that ends it (`<p>Buy <a>the tub</p>`),
        or by the end of the fragment."""
        if not self.links:
            return
        label = self.link_labels.pop(len(self.links), None)
        href, rel, start = self.links.pop()
        if href and self.builder.add_link(start, href, rel, label=label):
            self.builder.add_space(self.source_pos())

    def _close_implied_by(self, tag: str) -> None:
        if tag == "p" or (tag in BLOCK_TAGS and tag not in IMPLICIT_CLOSE):
            closes, scope = {"p"}, BLOCK_TAGS - {"p"}
        else:
            closes, scope = IMPLICIT_CLOSE.get(tag, (set(), set()))
        for open_tag, _ in reversed(self.stack):
            if open_tag in closes:
                self._pop_to(open_tag)
                return
            if open_tag in scope:
                return

    def _end_of_tag(self) -> int:
        start = self.source_pos()
        close = self.rawdata.find(">", start - self.base)
        return self.base + close + 1 if close >= 0 else start

    def _pop_to(self, tag: str, end: int | None = None) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            self.first_blocks.pop(len(self.stack), None)
            if open_tag in BLOCK_TAGS:
                self._boundary(end)
            if open_tag in CONTAINERS:
                self.builder.leave_container(self.source_pos() if end is None else end)
                self.open_containers -= 1
            if open_tag == "a":
                self._end_link()
            if open_tag == tag:
                break

    def close_links(self) -> None:
        """Links never closed end with the fragment."""
        while self.links:
            self._end_link()

    def close_containers(self, end: int) -> None:
        """Containers never closed end at `end`, so text after this fragment is outside them."""
        for _ in range(self.open_containers):
            self.builder.leave_container(end)
        self.open_containers = 0

    def _boundary(self, end: int | None = None, start: int | None = None) -> None:
        """A block-level tag opened or closed: end the current block, start the next.

        As for a Markdown list item, the first block of text in an `li` (or a table
        cell) is the item, even when wrapped in a `<p>`; later blocks in it are paragraphs.
        The next block starts at `start`, else after the closing tag at `end`, else here.
        """
        self.builder.close_block(end)
        kind, list_id = "paragraph", None
        for depth in range(len(self.stack) - 1, -1, -1):
            open_tag = self.stack[depth][0]
            if open_tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                kind = "heading"
                break
            if open_tag in ("li", "td", "th"):
                first = self.first_blocks.setdefault(depth, len(self.builder.blocks))
                if first == len(self.builder.blocks):  # no block of text in it yet
                    kind = "item" if open_tag == "li" else "cell"
                    list_id = next((lid for t, lid in reversed(self.stack[:depth]) if t in LISTS), None)
                break
        if kind == "item" and list_id is None:
            list_id = self.builder.new_list_id()
        self.builder.open_block(kind, start if start is not None else end if end is not None else self.source_pos(),
                                list_id)

    # Text -------------------------------------------------------------------
    def _ensure_block(self) -> None:
        if not self.builder.in_block:
            self._boundary()

    def handle_data(self, data: str) -> None:
        if self.skip_depth or not data:
            return
        self._ensure_block()
        start, at = self.source_pos(), 0
        for run in COLLAPSED.finditer(data):
            self._add_text(data[at:run.start()], start + at)
            self.builder.add_space(start + run.start())
            at = run.end()
        self._add_text(data[at:], start + at)

    def _add_text(self, text: str, start: int) -> None:
        """Append `text`, whose only whitespace is lone spaces, from source offset `start`. A space
        at either end goes as `add_space`: one is added only after text, and it does not
        extend the block's source span as prose does."""
        if not text:
            return
        leading = text[0] == " "
        if leading:
            self.builder.add_space(start)
        words = text.strip(" ")
        if words:
            self.builder.add(words, start + leading)
            if text[-1] == " ":
                self.builder.add_space(start + leading + len(words))

    def _add_reference(self, decoded: str) -> None:
        if self.skip_depth:
            return
        self._ensure_block()
        at = self.source_pos()
        if decoded.isspace():
            self.builder.add_space(at)
        else:
            self.builder.add_at(decoded, at)

    def _spelling(self, reference: str) -> str:
        """`reference` as the source spells it: with its `;`, or without (`AT&T`, `&copy 2020`)."""
        end = self.source_pos() + len(reference)
        return reference + ";" if self.builder.source[end:end + 1] == ";" else reference

    def handle_comment(self, data: str) -> None:
        """Comments are not text, but suppression directives live in them: keep where each stands."""
        start = self.source_pos()
        body_start = start + len("<!--")
        body_end = body_start + len(data)
        close = self.rawdata.find(">", body_end - self.base)
        self.builder.add_comment(start, self.base + close + 1 if close >= 0 else body_end, body_start, body_end)

    def handle_entityref(self, name: str) -> None:
        self._add_reference(html.unescape(self._spelling(f"&{name}")))

    def handle_charref(self, name: str) -> None:
        self._add_reference(html.unescape(self._spelling(f"&#{name}")))


def link_rel(attributes: dict) -> tuple[str, ...]:
    """A link's `rel` keywords, lower-cased."""
    return tuple((attributes.get("rel") or "").lower().split())


class _StartTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[str, dict] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = self.found or (tag, dict(attrs))


def start_tag(markup: str) -> tuple[str, dict] | None:
    """The name and attributes of the opening tag `markup` (None: it is not one)."""
    reader = _StartTag()
    reader.feed(markup)
    reader.close()
    return reader.found


def extract_html(builder: DocumentBuilder, fragment: str, base: int = 0) -> None:
    """Append the visible text of `fragment`, which starts at source offset `base`."""
    extractor = _Extractor(builder, fragment, base)
    extractor.feed(fragment)
    extractor.close()
    extractor.close_links()
    builder.close_block()
    extractor.close_containers(base + len(fragment))
    if builder.body is None:
        builder.body = next((extractor.bodies[tag] for tag in BODIES if tag in extractor.bodies), None)


def read_html(path: str, source: str) -> Document:
    builder = DocumentBuilder(path, "html", source)
    extract_html(builder, source)
    return builder.build()
