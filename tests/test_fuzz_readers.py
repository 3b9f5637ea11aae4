"""Property tests of the three readers on generated hostile articles.

Whatever the input, a reader returns a Document (or, for Markdown front matter that
is not a mapping of keys, the one input error it may raise), and the Document keeps
its promises: an offset for every character of text, inside the source; blocks and
links inside the text, in order; and every extracted character maps to the source
character that spells it (itself, or the `&` or `\\` starting the reference or escape
that produced it). Run the long mode with HEALTHLINT_FUZZ_EXAMPLES=N.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from article_strategies import ARTICLES, FUZZ
from linter.sources import InputError, normalise, parse

REFERENCE_STARTS = "&\\"


def spells(source: str, offset: int, char: str) -> bool:
    """Whether source[offset] is where extracted `char` came from (Markdown reads NUL as U+FFFD)."""
    return (char.isspace() or source[offset] == char or source[offset] in REFERENCE_STARTS
            or (char, source[offset]) == ("\ufffd", "\x00"))


def read(source: str, fmt: str):
    try:
        return parse(source, fmt, "fuzz")
    except InputError as error:
        # Only Markdown front matter can be malformed; HTML and text always read.
        assert fmt == "md" and str(error).startswith("malformed front matter"), error
        assert "\n" not in str(error)
        return None


def assert_document_keeps_its_promises(document, source: str) -> None:
    text, offsets, normalised = document.text, document.offsets, normalise(source)
    assert document.source == normalised
    assert len(offsets) == len(text)
    assert all(0 <= offset < len(normalised) for offset in offsets)
    previous_end = 0
    for block in document.blocks:
        assert previous_end <= block.start < block.end <= len(text), block
        assert text[block.start:block.end].strip(), block
        assert 0 <= block.source_start <= block.source_end <= len(normalised), block
        assert all(offsets[i] <= offsets[i + 1] for i in range(block.start, block.end - 1)), block
        previous_end = block.end
    for link in document.links:
        assert 0 <= link.start < link.end <= len(text), link
    assert all(0 <= citation <= len(text) for citation in document.citations)
    wrong = [(i, text[i], normalised[offsets[i]]) for i in range(len(text))
             if not spells(normalised, offsets[i], text[i])]
    assert not wrong, wrong[:5]
    lines = normalised.split("\n")
    for offset in (0, len(text) - 1):
        if text:
            position = document.position(offset)
            assert 1 <= position.line <= len(lines)
            assert 1 <= position.column <= len(lines[position.line - 1]) + 1


@FUZZ
@given(ARTICLES["md"])
def test_markdown_reader_keeps_its_promises(source):
    document = read(source, "md")
    if document is not None:
        assert_document_keeps_its_promises(document, source)


@FUZZ
@given(ARTICLES["html"])
def test_html_reader_keeps_its_promises(source):
    assert_document_keeps_its_promises(read(source, "html"), source)


@FUZZ
@given(ARTICLES["txt"])
def test_text_reader_keeps_its_promises(source):
    assert_document_keeps_its_promises(read(source, "txt"), source)


@FUZZ
@given(st.sampled_from(sorted(ARTICLES)), st.text(st.characters(), max_size=300))
def test_any_reader_on_arbitrary_unicode(fmt, source):
    document = read(source, fmt)
    if document is not None:
        assert_document_keeps_its_promises(document, source)


@FUZZ
@given(st.sampled_from(sorted(ARTICLES)), st.data())
def test_reading_is_deterministic(fmt, data):
    source = data.draw(ARTICLES[fmt])
    first, second = read(source, fmt), read(source, fmt)
    if first is not None:
        assert (first.text, list(first.offsets), first.blocks, first.links, first.citations) == \
               (second.text, list(second.offsets), second.blocks, second.links, second.citations)
