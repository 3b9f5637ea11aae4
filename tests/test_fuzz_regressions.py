"""Named regression cases for what the fuzz tests found, each fixed at its root.

(Cases that change a rule's verdict live in fixtures/rules/ with the other named cases.)
"""
from __future__ import annotations

import time

import pytest

from linter import lint_text
from linter.sources import InputError, parse


def test_markdown_nul_reads_as_replacement_character_at_its_own_column():
    # markdown-it reads NUL as U+FFFD; the offset map used to point at the line's first character.
    document = parse("# \x00 and b\n", "md", "x.md")
    assert document.text == "\ufffd and b"
    assert document.position(0).column == 3


def test_text_item_on_a_last_line_without_newline_ends_inside_the_file():
    source = "- Avocado\n- Avocado"
    document = parse(source, "txt", "x.txt")
    assert [block.source_end for block in document.blocks] == [10, len(source)]
    [finding] = [f for f in lint_text(source, "txt") if f.rule == "duplicate-list-item"]
    # The fix deletes the last item with the line break before it, and ends inside the file.
    assert (finding.fix.start.line, finding.fix.start.column, finding.fix.end.line, finding.fix.end.column) == \
           (1, 10, 2, 10)


def test_lone_surrogates_from_the_api_read_as_replacement_characters():
    # spaCy cannot encode a lone surrogate; linting used to raise UnicodeEncodeError.
    findings = lint_text("\ud800 About 40% of adults sleep less. \udcff", "txt")
    statistic = [f for f in findings if f.rule == "unsourced-statistic"]
    assert [(f.line, f.column) for f in statistic] == [(1, 9)]
    assert parse("a\udcffb", "md", "x.md").text == "a\ufffdb"


def test_footnote_after_trailing_space_stays_inside_its_block():
    document = parse("About 40% of adults sleep less. [^1]\n\n[^1]: CDC.\n", "md", "x.md")
    assert document.citations == [document.blocks[0].end]


def test_deeply_nested_html_reads_in_linear_time():
    # Each tag used to walk the whole open-element stack: 13,000 nested tags took 6 s.
    def seconds(depth: int) -> float:
        source = "<b>" * depth + "<div>" * depth + "deep text"
        runs = []
        for _ in range(2):
            started = time.perf_counter()
            assert parse(source, "html", "x.html").text == "deep text"
            runs.append(time.perf_counter() - started)
        return min(runs)

    small, large = seconds(2_000), seconds(8_000)
    assert large < 9 * small, (small, large)  # 4x the input: about 4x the time, not 16x


def test_html_nesting_beyond_the_limit_still_skips_hidden_content():
    document = parse("<div>" * 600 + "<script>hidden()</script><p>shown</p>", "html", "x.html")
    assert document.text == "shown"


def test_markdown_autolink_text_is_its_source_spelling():
    # markdown-it gives an autolink's text normalised ("http://:1[:" for "http://[::1"),
    # which is not in the source, so its characters were mapped to the wrong columns.
    document = parse("# <http://[::1>\n", "md", "x.md")
    assert document.text == "http://[::1"
    assert [document.position(i).column for i in (0, 10)] == [4, 14]


def test_a_long_run_of_punctuation_tokenizes_in_linear_time():
    # spaCy peels prefixes one at a time: 40,000 '[' in a row took over two minutes to lint.
    started = time.perf_counter()
    for unit, fmt in (("[", "md"), ("*", "html"), ("\U0001F600", "txt"), ("&amp;", "md")):
        findings = lint_text(unit * (40_000 // len(unit)) + " About 40% of adults snore.", fmt)
        assert [f.rule for f in findings] == ["medical-disclaimer", "unsourced-statistic"], unit
    assert time.perf_counter() - started < 30


def test_a_block_over_a_million_characters_is_linted():
    # spaCy refuses texts over its max_length (1,000,000) with ValueError E088.
    findings = lint_text("word " * 220_000 + "About 40% of adults snore.", "txt")
    assert [(f.rule, f.line) for f in findings] == [("medical-disclaimer", 1), ("unsourced-statistic", 1)]


def test_a_long_list_is_checked_for_duplicates_in_linear_time():
    # Every item was compared with every earlier one: 8,000 items took 46 s.
    items = "".join(f"- apple {i}\n" for i in range(8_000)) + "- apple 7\n- Apples 9\n"
    started = time.perf_counter()
    duplicates = [(f.line, f.message.split(";")[0]) for f in lint_text(items, "md") if f.rule == "duplicate-list-item"]
    assert time.perf_counter() - started < 15
    assert [line for line, _ in duplicates] == [8_001, 8_002]
    assert "line 8" in duplicates[0][1] and "near duplicate of the item on line 10" in duplicates[1][1]


def test_front_matter_nested_too_deeply_is_an_input_error():
    # PyYAML recurses once per level: 5,000 '[' raised RecursionError out of the reader.
    with pytest.raises(InputError, match=r"^malformed front matter at line 2: nested too deeply$"):
        parse("---\r\n\r\n" + "[" * 5_000 + "\r\n---\r\nBody.\r\n", "md", "x.md")


def test_a_block_of_only_whitespace_leaves_no_separator_and_its_marker_stays_in_the_text():
    # A heading holding only an empty link and a footnote marker: its separator stayed in
    # the text and the marker pointed past the text's end.
    document = parse("Intro text.\n\n# [](https://amzn.to/3abc) [^1]\n\n[^1]: CDC.\n", "md", "x.md")
    assert (document.text, document.citations) == ("Intro text.\n\nCDC.", [11])
    assert [document.block_text(block) for block in document.blocks] == ["Intro text.", "CDC."]


def test_a_tab_markdown_reads_as_spaces_does_not_shift_the_columns_after_it():
    # In a code span over two lines of a list item, markdown-it reads the tab as spaces;
    # the extra spaces were matched to later source spaces, and the rest of the line
    # was mapped to the span's opening backtick.
    source = "- `About 40% of adults. \n\tAbout 40% of adults.`\n"
    document = parse(source, "md", "x.md")
    second = document.text.rindex("About")
    assert document.source_offset(second) == source.rindex("About")
    statistics = [(f.line, f.column) for f in lint_text(source, "md") if f.rule == "unsourced-statistic"]
    assert statistics == [(1, 10), (2, 8)]


def test_a_code_span_of_a_line_break_maps_to_the_line_break():
    # Its text, one space, was searched for verbatim and found in a later line.
    source = "``\n``\nAbout 40% of adults sleep less.\n"
    document = parse(source, "md", "x.md")
    assert document.source_offset(document.text.index("About")) == source.index("About")


@pytest.mark.parametrize("source, text", [("<![[[[x", "<![[[[x"), ("ab<![ x >After", "abAfter"),
                                          ("<![if x]>y<![endif]>z", "yz"), ("<![CDATA[x]]>w", "w")])
def test_html_marked_sections_the_standard_library_rejects_read_as_comments(source, text):
    # html.parser raised AssertionError ("expected name token") out of the reader.
    document = parse(source, "html", "x.html")
    assert document.text == text
    assert [source[offset] for offset in document.offsets] == list(text)


def test_a_quoted_text_with_line_breaks_gives_a_one_line_message():
    # '&#10;' puts a line break inside a block; the message quoted it as it was.
    [link] = [f for f in lint_text("Get [the&#10;&#10;kit](https://amzn.to/3abc).\n", "md")
              if f.rule == "affiliate-disclosure"]
    assert "\n" not in link.message and "'the kit'" in link.message
