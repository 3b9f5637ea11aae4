"""The offset map, tested directly: a word's position in the extracted text maps back
to its true 1-based line:col in the ORIGINAL source file (columns in code points).

The expected position is computed independently of the readers, by finding the
word in the raw source; each word is unique in both source and text so neither
lookup can pick the wrong occurrence. A UTF-8 BOM is not a column: editors show
the first character after it at column 1.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.sources import load, parse
from linter.sources.document import OffsetMap


def true_position(source: str, needle: str) -> tuple[int, int]:
    """Line:col of the unique `needle` in `source`, counting lines as editors do."""
    if source.startswith("\ufeff"):
        source = source[1:]
    assert source.count(needle) == 1, f"{needle!r} must occur once in the source"
    before = source[:source.index(needle)]
    lines = re.split(r"\r\n|\r|\n", before)
    return len(lines), len(lines[-1]) + 1


def mapped_position(document, word: str) -> tuple[int, int]:
    assert document.text.count(word) == 1, f"{word!r} must occur once in {document.text!r}"
    position = document.position(document.text.index(word))
    return position.line, position.column


def assert_positions(source: str, fmt: str, words, document=None) -> None:
    """Each entry is a word found in both; or (word, context): the word at its place inside
    the unique source `context`, or at the context's start when markup spells it differently
    (an entity); or (word, context, offset) to give its place in the context explicitly."""
    document = document or parse(source, fmt, "article")
    for entry in words:
        text_word, context, offset = ((entry, entry, 0) if isinstance(entry, str) else
                                      entry if len(entry) == 3 else (*entry, max(entry[1].find(entry[0]), 0)))
        line, column = true_position(source, context)
        expected = (line, column + offset)
        assert mapped_position(document, text_word) == expected, entry


# Markdown -----------------------------------------------------------------------

def test_markdown_emphasis_and_strong():
    source = "Plain *emphasised* and **strong** and _under_ then zebra.\n"
    assert_positions(source, "md", ["emphasised", "strong", "under", "zebra"])


def test_markdown_inline_link_text_and_text_after_it():
    source = "Read [the guide](https://example.com/guide) before quokka.\n"
    assert_positions(source, "md", ["the guide", "quokka"])


def test_markdown_inline_link_title_does_not_capture_later_words():
    source = 'See [source](https://example.com "the kea survey") *kea* survey here.\n'
    document = parse(source, "md", "a")
    assert document.text == "See source kea survey here."
    assert_positions(source, "md", ["source", ("kea", "*kea*"), ("survey here", "survey here")], document)


def test_markdown_reference_link_is_positioned_where_used():
    source = "Intro line.\n\nWe cite [the report][cdc data] *data* cdc later.\n\n[cdc data]: https://cdc.gov/x\n"
    document = parse(source, "md", "a")
    assert document.text.split("\n\n")[1] == "We cite the report data cdc later."
    assert_positions(source, "md", ["the report", ("data", "*data*"), ("cdc later", "cdc later")], document)


def test_markdown_backslash_escapes_map_to_the_backslash():
    source = "Price \\*was\\* high \\# indeed wombat.\n"
    document = parse(source, "md", "a")
    assert document.text == "Price *was* high # indeed wombat."
    assert_positions(source, "md", [("*was", "\\*was", 0), "was", ("# indeed", "\\# indeed", 0), "wombat"],
                     document)


def test_markdown_code_span():
    source = "Run `pip install healthlint` then ocelot.\n"
    assert_positions(source, "md", ["pip install", "healthlint", "ocelot"])


def test_markdown_code_span_across_lines():
    source = "Run `alpha\nbeta gamma` then ocelot.\n"
    assert_positions(source, "md", ["alpha", "beta", "gamma", "ocelot"])


def test_markdown_entities():
    source = "Tom &amp; Jerry&nbsp;met. Don&#8217;t panic, lynx.\n"
    document = parse(source, "md", "a")
    assert "&" in document.text and "\u2019" in document.text
    assert_positions(source, "md", [("&", "&amp;"), "Jerry", ("\u2019", "&#8217;"), ("t panic", "t panic"),
                                    "lynx"], document)


def test_markdown_inline_html_attributes_are_not_text():
    source = 'A <span title="kiwi bird">kiwi</span> and <b>bold</b> ibis.\n'
    document = parse(source, "md", "a")
    assert document.text == "A kiwi and bold ibis."
    position = document.position(document.text.index("kiwi"))
    assert (position.line, position.column) == (1, source.index(">kiwi") + 2)
    assert_positions(source, "md", ["bold", "ibis"], document)


def test_markdown_image_alt_and_url_are_skipped():
    source = "Before ![a heron](heron.png) *heron* after.\n"
    document = parse(source, "md", "a")
    assert "heron" in document.text
    assert_positions(source, "md", [("heron", "*heron*"), "after"], document)


def test_markdown_crlf_line_endings():
    source = "# Title here\r\n\r\nFirst line\r\nsecond *line* gazelle\r\n\r\n- item impala\r\n"
    assert_positions(source, "md", ["Title", "First", "second", "gazelle", "impala"])


def test_markdown_bom_from_file(tmp_path):
    path = tmp_path / "bom.md"
    source = "\ufeffBOM first word.\r\nsecond line tapir\r\n"
    path.write_bytes(source.encode("utf-8"))
    document = load(str(path))
    assert not document.text.startswith("\ufeff")
    assert_positions(source, "md", ["BOM", "first", "tapir"], document)


def test_markdown_bom_in_a_string_is_not_text():
    source = "\ufeff# Heading bison\n\nBody.\n"
    document = parse(source, "md", "a")
    assert document.text.startswith("Heading")
    assert_positions(source, "md", ["Heading", "bison", "Body"], document)


def test_markdown_tabs_count_as_one_column():
    source = "Word\tafter\ttabs okapi.\n"
    assert_positions(source, "md", ["after", "tabs", "okapi"])


def test_markdown_non_ascii_columns_are_code_points():
    source = "Café résumé 😀 emoji 中文字 then yak.\n"
    assert_positions(source, "md", ["résumé", "emoji", "中文字", "yak"])


def test_markdown_blockquote():
    source = "> Quoted *first* line\n> second line marmot\n>\n> New para stoat\n"
    assert_positions(source, "md", ["Quoted", "first", "marmot", "stoat"])


def test_markdown_list_items_and_continuations():
    source = "- one alpaca\n- two *llama*\n  continued vicuna\n  1. nested guanaco\n"
    assert_positions(source, "md", ["alpaca", "llama", "continued", "vicuna", "guanaco"])


def test_markdown_blockquote_inside_list_item():
    source = "1. first item\n   > quoted coyote\n   > and dingo\n"
    assert_positions(source, "md", ["first", "coyote", "dingo"])


def test_markdown_table_cells():
    source = "| Name | Dose |\n| --- | --- |\n| Aspirin *low* | 81 mg daily |\n"
    assert_positions(source, "md", ["Name", "Dose", "Aspirin", "low", "81 mg"])


def test_markdown_headings_and_front_matter_offsets():
    source = "---\ntitle: Heading\n---\n\n# Setext? no, ATX heron\n\nSetext egret\n============\n\nBody crane\n"
    assert_positions(source, "md", ["heron", "egret", "crane"])


def test_markdown_html_block_after_multiline_tag():
    source = 'Intro.\n\n<div class="note"\n     id="n1">\nInside badger\n</div>\n'
    assert_positions(source, "md", ["Intro", "Inside", "badger"])


def test_markdown_autolink_and_bare_url():
    source = "Visit <https://example.org/a> or www.example.net today moose.\n"
    assert_positions(source, "md", ["https://example.org/a", "www.example.net", "moose"])


def test_markdown_end_position_is_exclusive():
    source = "The word narwhal here.\n"
    document = parse(source, "md", "a")
    start = document.text.index("narwhal")
    end = document.end_position(start + len("narwhal"))
    assert (end.line, end.column) == (1, source.index("narwhal") + len("narwhal") + 1)


# HTML ---------------------------------------------------------------------------

def test_html_entities_named_numeric_and_hex():
    source = "<p>Tom &amp; Jerry&nbsp;met. Don&#8217;t or &#x2019;s panther.</p>"
    document = parse(source, "html", "a")
    assert "Tom & Jerry met" in document.text
    assert_positions(source, "html", [("&", "&amp;"), "Jerry", ("\u2019t", "&#8217;t"), ("\u2019s", "&#x2019;s"),
                                      "panther"], document)


def test_html_entity_without_semicolon_keeps_the_text():
    source = "<p>AT&T and R&D &copy 2020 jaguar</p>"
    document = parse(source, "html", "a")
    assert document.text == "AT&T and R&D \u00a9 2020 jaguar"
    assert_positions(source, "html", ["and", "2020", "jaguar"], document)


def test_html_text_after_multiline_tag():
    source = '<article>\n<p class="lead"\n   data-x="1"\n   id="intro">After the tag caribou</p>\n</article>'
    assert_positions(source, "html", ["After", "caribou"])


def test_html_inline_markup_and_links():
    source = '<p>Some <em>emphasis</em> and <a href="https://x.org/a" rel="nofollow">a link</a> puma.</p>'
    assert_positions(source, "html", ["emphasis", "a link", "puma"])


def test_html_crlf_and_bom_from_file(tmp_path):
    path = tmp_path / "page.html"
    source = "\ufeff<p>First\r\nline</p>\r\n<ul>\r\n  <li>item cougar</li>\r\n</ul>\r\n"
    path.write_bytes(source.encode("utf-8"))
    document = load(str(path))
    assert_positions(source, "html", ["First", "line", "cougar"], document)


def test_html_tabs_and_non_ascii():
    source = "<p>\tCafé 😀 中文 \tword after gecko</p>"
    assert_positions(source, "html", ["Café", "中文", "word", "gecko"])


def test_html_table_cells():
    source = "<table>\n<tr><th>Drug</th><th>Dose</th></tr>\n<tr><td>Ibuprofen</td><td>200 mg</td></tr>\n</table>"
    assert_positions(source, "html", ["Drug", "Dose", "Ibuprofen", "200 mg"])


def test_html_text_after_skipped_elements():
    source = "<head><title>Title</title><style>p{}</style></head>\n<script>var a = '<p>';</script>\n<p>visible iguana</p>"
    assert_positions(source, "html", ["visible", "iguana"])


# Plain text ---------------------------------------------------------------------

def test_text_paragraph_lines_and_list_items():
    source = "Intro line\ncontinues here\n\n- first item\n2) second item\n\u2022 third bullet\n"
    assert_positions(source, "txt", ["Intro", "continues", "first", "second", "third"])


def test_text_crlf_bom_tabs_and_non_ascii_from_file(tmp_path):
    path = tmp_path / "note.txt"
    source = "\ufeffFirst line\r\n\tindented café 😀 emoji\r\n\r\n\u2013 dash item 中文 word\r\n"
    path.write_bytes(source.encode("utf-8"))
    document = load(str(path))
    assert_positions(source, "txt", ["First", "indented", "emoji", "dash", "中文", "word"], document)


def test_text_bare_url_link_position():
    source = "See https://example.com/page for more.\n"
    document = parse(source, "txt", "a")
    [link] = document.links
    position = document.position(link.start)
    assert (position.line, position.column) == (1, 5)
    assert document.text[link.start:link.end] == "https://example.com/page"


# The OffsetMap's runs, against the per-character list they stand for --------------

@given(st.lists(st.one_of(st.tuples(st.integers(0, 40), st.integers(0, 5)), st.none()), max_size=40))
def test_offset_map_runs_equal_a_list_of_offsets(steps):
    # Each step maps some characters contiguously from a source offset, or (None) drops the last one.
    runs, flat = OffsetMap(), []
    for step in steps:
        if step is None:
            if flat:
                runs.pop()
                flat.pop()
        else:
            start, count = step
            runs.extend(start, count)
            flat.extend(range(start, start + count))
    assert len(runs) == len(flat)
    assert list(runs) == flat
    assert [runs[i] for i in range(len(flat))] == flat
    with pytest.raises(IndexError):
        runs[len(flat)]


def test_offset_map_merges_contiguous_pieces_into_one_run():
    runs = OffsetMap()
    runs.extend(10, 3)
    runs.extend(13, 2)  # goes on where the last piece stopped
    runs.extend(13, 1)  # the same source offset again: a new run
    runs.pop()
    runs.extend(15, 1)  # after the pop, the first run goes on again
    assert list(runs) == [10, 11, 12, 13, 14, 15]
    assert len(runs._text_starts) == 1
