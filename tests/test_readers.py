"""Readers: what each format's Document holds: blocks and their kinds, list identity,
visible text only, links with href and rel, citations, and front matter."""
from __future__ import annotations

import pytest

from linter.sources import InputError, load, parse


def blocks(source: str, fmt: str) -> list[tuple[str, str]]:
    document = parse(source, fmt, "article")
    return [(block.kind, document.block_text(block)) for block in document.blocks]


def items(document) -> list[tuple[str, int]]:
    return [(document.block_text(b), b.list_id) for b in document.blocks if b.kind == "item"]


def links(document) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(document.text[link.start:link.end], link.href, link.rel) for link in document.links]


# Blocks and kinds ---------------------------------------------------------------

def test_markdown_block_kinds():
    source = ("# Sleep and *magnesium*\n\nFirst paragraph\nwraps here.\n\n- item one\n- item two\n\n"
              "| Name | Dose |\n| --- | --- |\n| Magnesium | 200 mg |\n\nLast words.\n")
    assert blocks(source, "md") == [
        ("heading", "Sleep and magnesium"), ("paragraph", "First paragraph wraps here."),
        ("item", "item one"), ("item", "item two"),
        ("cell", "Name"), ("cell", "Dose"), ("cell", "Magnesium"), ("cell", "200 mg"),
        ("paragraph", "Last words."),
    ]


def test_markdown_item_with_several_paragraphs_is_one_item_then_paragraphs():
    document = parse("- first para\n\n  second para\n- next\n", "md", "a")
    assert [(b.kind, document.block_text(b)) for b in document.blocks] == [
        ("item", "first para"), ("paragraph", "second para"), ("item", "next")]


def test_html_block_kinds():
    source = ("<h1>Title <em>here</em></h1><p>Para one.</p><ul><li>item a</li><li>item b</li></ul>"
              "<table><tr><th>Head</th><td>Cell</td></tr></table><div>Div text</div>")
    assert blocks(source, "html") == [
        ("heading", "Title here"), ("paragraph", "Para one."), ("item", "item a"), ("item", "item b"),
        ("cell", "Head"), ("cell", "Cell"), ("paragraph", "Div text"),
    ]


def test_text_block_kinds():
    source = "A paragraph\nover two lines.\n\nAnother one.\n- an item\n"
    assert blocks(source, "txt") == [("paragraph", "A paragraph over two lines."),
                                     ("paragraph", "Another one."), ("item", "an item")]


def test_text_line_in_capitals_over_ordinary_lines_is_their_heading():
    source = "PARTNER OFFER\nA starter kit, now RM89.\nOrder online.\n"
    assert blocks(source, "txt") == [("heading", "PARTNER OFFER"), ("paragraph", "A starter kit, now RM89. Order online.")]


@pytest.mark.parametrize("source", [
    "THIS NEWSLETTER IS FOR GENERAL EDUCATION ONLY AND DOES\nNOT REPLACE THE ADVICE OF YOUR DOCTOR.\n",  # capitals throughout
    "KEY FACTS:\n- one in five adults\n",  # a list's lead-in
    "See you there.\nPDM EVENTS\n",  # inside a paragraph
    "PDM EVENTS\n\nAll welcome.\n",  # a paragraph of its own already
])
def test_text_line_in_capitals_is_no_heading_elsewhere(source):
    assert "heading" not in [kind for kind, _ in blocks(source, "txt")]


@pytest.mark.parametrize("source, fmt", [
    ("| | 2019 | Notes |\n|---|---|---|\n| North | 91% | |\n| South | | 84% |\n\nAfter.\n", "md"),
    ("<table><tr><th></th><th>2019</th><th>Notes</th></tr><tr><td>North<td>91%<td>"
     "<tr><td>South</td><td></td><td>84%</td></tr></table><p>After.</p>", "html"),
])
def test_table_cells_carry_their_column_and_empty_cells_take_theirs(source, fmt):
    document = parse(source, fmt, "a")
    assert [(document.block_text(b), b.column) for b in document.blocks] == [
        ("2019", 1), ("Notes", 2), ("North", 0), ("91%", 1), ("South", 0), ("84%", 2), ("After.", None)]


# List identity ------------------------------------------------------------------

def test_markdown_nested_and_separate_lists_get_their_own_ids():
    document = parse("- a\n  - b\n  - c\n- d\n\nBreak.\n\n1. e\n2. f\n", "md", "a")
    found = items(document)
    assert [text for text, _ in found] == ["a", "b", "c", "d", "e", "f"]
    ids = dict(found)
    assert ids["a"] == ids["d"]
    assert ids["b"] == ids["c"] != ids["a"]
    assert ids["e"] == ids["f"] and ids["e"] not in (ids["a"], ids["b"])


def test_html_first_block_of_an_item_or_cell_is_the_item_even_inside_p():
    source = ("<ul>\n<li>\n<p>Avocado</p>\n<p>More about it.</p>\n</li>\n<li><p>Avocado</p></li>\n"
              "<li>lead<div>inner</div>tail</li></ul><table><tr><td><p>Cell</p></td></tr></table>")
    document = parse(source, "html", "a")
    assert [(b.kind, document.block_text(b)) for b in document.blocks] == [
        ("item", "Avocado"), ("paragraph", "More about it."), ("item", "Avocado"),
        ("item", "lead"), ("paragraph", "inner"), ("paragraph", "tail"), ("cell", "Cell")]
    assert len({b.list_id for b in document.blocks if b.kind == "item"}) == 1


def test_html_nested_lists_get_their_own_ids():
    document = parse("<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul><ol><li>e</li></ol>", "html", "a")
    ids = dict(items(document))
    assert ids["a"] == ids["d"]
    assert ids["b"] == ids["c"] != ids["a"]
    assert ids["e"] not in (ids["a"], ids["b"])


@pytest.mark.parametrize("bullet", ["\u2022", "-", "*", "+", "\u00b7", "\u2013", "1.", "1)", "12."])
def test_text_each_bullet_starts_an_item(bullet):
    document = parse(f"Intro.\n\n{bullet} first\n{bullet} second\n", "txt", "a")
    assert items(document) == [("first", 1), ("second", 1)]


def test_text_bullets_of_mixed_kinds_form_one_list():
    document = parse("\u2022 a\n- b\n* c\n+ d\n\u00b7 e\n\u2013 f\n1. g\n2) h\n", "txt", "a")
    assert [text for text, _ in items(document)] == list("abcdefgh")
    assert len({list_id for _, list_id in items(document)}) == 1


def test_text_blank_lines_keep_a_list():
    document = parse("- a\n\n\n- b\n   \n- c\n", "txt", "a")
    assert items(document) == [("a", 1), ("b", 1), ("c", 1)]


def test_text_indented_line_after_an_item_continues_it_and_ends_the_list():
    source = "- Only half of adults walk enough\n  (StatCan, 2021).\n- b\n\n  not wrapped: a blank line came first\n- c\n"
    document = parse(source, "txt", "a")
    assert blocks(source, "txt") == [("item", "Only half of adults walk enough (StatCan, 2021)."), ("item", "b"),
                                     ("paragraph", "not wrapped: a blank line came first"), ("item", "c")]
    ids = [list_id for _, list_id in items(document)]
    assert len(set(ids)) == 3  # the wrapped line ended the first list; the paragraph, the second
    first_list = document.containers[0]
    assert source[first_list[0]:first_list[1]] == "- Only half of adults walk enough\n  (StatCan, 2021).\n"


def test_text_other_line_ends_the_list():
    document = parse("- a\n- b\nNot an item.\n- c\n\nPara.\n\n- d\n", "txt", "a")
    found = items(document)
    assert [text for text, _ in found] == ["a", "b", "c", "d"]
    ids = [list_id for _, list_id in found]
    assert ids[0] == ids[1] and len({ids[1], ids[2], ids[3]}) == 3
    assert ("paragraph", "Not an item.") in [(b.kind, document.block_text(b)) for b in document.blocks]


@pytest.mark.parametrize("source, text", [
    ("<p> a b </p>", "a b"),
    ("<p>a <b>b</b> c</p>", "a b c"),
    ("<p>a <b> b</b></p>", "a b"),
    ("<p>a\u2009\u2009b\xa0c\n d</p>", "a b c d"),
    ("<p>a\tb \n\n c  </p><p> d</p>", "a b c\n\nd"),
    ("<p>\nword \x1c<i>x</i>\n</p>", "word x"),
])
def test_html_whitespace_of_any_kind_reads_as_one_space_between_words(source, text):
    document = parse(source, "html", "article")
    assert document.text == text
    for char, offset in zip(document.text, document.offsets):
        if char == " ":  # a space stands where its run of whitespace starts
            assert source[offset].isspace() and not source[offset - 1].isspace()
        elif char != "\n":  # the separator between blocks is no character of the source
            assert source[offset] == char


def test_html_block_closed_by_no_tag_spans_the_source_to_its_last_word():
    source = "<td>Alpha beta \n<p>Gamma "
    document = parse(source, "html", "article")
    assert [(block.source_start, block.source_end) for block in document.blocks] == \
        [(0, source.index(" \n<p>")), (source.index("<p>"), len(source) - 1)]


def test_text_marker_needs_a_space_and_text():
    assert blocks("-not an item\n1.5 million people\n2020. was a year\n", "txt") == [
        ("paragraph", "-not an item 1.5 million people 2020. was a year")]


# HTML: visible text only --------------------------------------------------------

def test_html_excludes_non_visible_content():
    source = """<!DOCTYPE html><html><head><title>Page title</title>
<meta name="description" content="meta words"><style>p { color: red }</style>
<script>var hidden = "script words";</script></head>
<body><header>Header text</header><!-- comment words -->
<template><p>template words</p></template>
<main><p>Body text.</p></main><footer>Footer text</footer></body></html>"""
    document = parse(source, "html", "a")
    for hidden in ("Page title", "meta words", "color", "script words", "comment words", "template words"):
        assert hidden not in document.text
    assert [document.block_text(b) for b in document.blocks] == ["Header text", "Body text.", "Footer text"]


def test_html_unclosed_tags_and_implicit_ends():
    source = "<ul><li>one<li>two</ul><p>first para<p>second para<div>in div</div><p>last <b>bold"
    assert blocks(source, "html") == [
        ("item", "one"), ("item", "two"), ("paragraph", "first para"), ("paragraph", "second para"),
        ("paragraph", "in div"), ("paragraph", "last bold")]


def test_html_whitespace_collapses_and_br_separates():
    assert blocks("<p>  one\n   two<br>three\t four </p>", "html") == [("paragraph", "one two three four")]


def test_html_links_keep_href_and_rel():
    source = ('<p>Buy <a href="https://amzn.to/x" rel="Sponsored nofollow">this mat</a> or '
              '<a href="/about">about us</a>.</p>')
    assert links(parse(source, "html", "a")) == [
        ("this mat", "https://amzn.to/x", ("sponsored", "nofollow")), ("about us", "/about", ())]


def test_html_image_only_link_is_labelled_by_its_alt_text():
    source = ('<p><a href="https://amzn.to/x"><img src="t.jpg" alt="Magnesium\n  tub"></a></p>'
              '<p><a href="/a"><img src="i.png" alt="icon"> Read more</a> '
              '<a href="/b"><img src="d.png" alt=""></a></p>')
    document = parse(source, "html", "a")
    assert links(document) == [("Magnesium tub", "https://amzn.to/x", ()), ("Read more", "/a", ())]
    assert document.source.startswith("<img", document.source_offset(document.links[0].start))


def test_html_link_with_no_text_is_named_by_its_aria_label_before_any_image():
    source = ('<p><a href="https://amzn.to/x" aria-label="Buy the tub"><img alt="Tub"></a> '
              '<a href="/a" aria-label="About"> About us</a> <a href="/b" aria-label=" "></a></p>')
    document = parse(source, "html", "a")
    assert links(document) == [("Buy the tub", "https://amzn.to/x", ()), ("About us", "/a", ())]
    assert document.source.startswith("<a", document.source_offset(document.links[0].start))


@pytest.mark.parametrize("fmt, source, text", [
    ("html", '<p>Our tub:<a href="https://amzn.to/x" aria-label="Buy &amp;\n save">\n  <svg><path d=""/></svg>\n</a></p>',
     "Our tub: Buy & save"),
    ("html", '<p>Get it: <a href="https://amzn.to/x" aria-label="Buy now"><svg></svg></a>today</p>', "Get it: Buy now today"),
    ("html", '<ul><li><a href="https://amzn.to/x" aria-label="Share">&nbsp;</a>Tip one</li></ul>', "Share Tip one"),
    ("md", 'Our tub: <a href="https://amzn.to/x" aria-label="Buy now"></a> today\n', "Our tub: Buy now today"),
])
def test_a_link_holding_only_whitespace_or_an_icon_is_named_by_its_label(fmt, source, text):
    document = parse(source, fmt, "a")
    assert document.text == text
    [link] = document.links
    assert document.text[link.start:link.end] == ("Share" if "Share" in text else "Buy & save" if "&" in text else "Buy now")


def test_a_label_with_no_letter_or_digit_names_nothing():
    document = parse('<p>Tub <a href="https://amzn.to/x" aria-label="&#8203;"><svg></svg></a></p>', "html", "a")
    assert (document.text, document.links) == ("Tub", [])


@pytest.mark.parametrize("source", [
    '<p>Buy <a href="https://amzn.to/x">the tub</p><p>Next.</p>',
    '<p>Buy <a href="https://amzn.to/x">the tub',
])
def test_an_html_link_never_closed_ends_with_its_paragraph_or_the_fragment(source):
    assert links(parse(source, "html", "a")) == [("the tub", "https://amzn.to/x", ())]


def test_a_button_is_a_box_of_its_own_beside_the_words_around_it():
    source = "<ul><li>Avocado<button>Add</button></li><li>Avocados<button>Add</button>now</li></ul>"
    assert blocks(source, "html") == [("item", "Avocado Add"), ("item", "Avocados Add now")]


def test_html_button_text_is_visible_text():
    source = '<p><a href="https://amzn.to/x"><button>Check price</button></a> now</p><form><button>Go</button></form>'
    document = parse(source, "html", "a")
    assert blocks(source, "html") == [("paragraph", "Check price now"), ("paragraph", "Go")]
    assert links(document) == [("Check price", "https://amzn.to/x", ())]


@pytest.mark.parametrize("fmt, source", [
    ("html", '<p>Intro</p><blockquote><a href="https://amzn.to/x"><img alt="Tub"></a></blockquote>'),
    ("html", '<p>Intro</p><ul><li><a href="https://amzn.to/x"><img alt="Tub"></a></li></ul>'),
    ("md", 'Intro.\n\n<a href="https://amzn.to/x">\n<img alt="Tub">\n</a>\n'),
    ("md", 'Intro <a href="https://amzn.to/x">![Tub](t.jpg)</a> and [![](c.jpg)](https://amzn.to/y)\n'),
])
def test_an_image_label_goes_to_its_own_link_wherever_the_link_stands(fmt, source):
    assert links(parse(source, fmt, "a")) == [("Tub", "https://amzn.to/x", ())]


def test_markdown_image_label_is_the_alt_text_as_read():
    source = "[![Tub &amp; *lid* \\[x\\]](t.jpg)](https://amzn.to/x)\n"
    assert links(parse(source, "md", "a")) == [("Tub & lid [x]", "https://amzn.to/x", ())]


def test_markdown_image_only_link_is_labelled_by_its_alt_text():
    source = "[![Magnesium tub](t.jpg)](https://amzn.to/x) and [![icon](i.png) Read more](/a)\n"
    document = parse(source, "md", "a")
    assert links(document) == [("Magnesium tub", "https://amzn.to/x", ()), ("Read more", "/a", ())]
    assert document.text.startswith("Magnesium tub and ")


def test_html_sup_is_a_citation():
    document = parse("<p>About 20% of adults<sup>3</sup> snore.</p>", "html", "a")
    assert len(document.citations) == 1
    assert document.text[:document.citations[0]] == "About 20% of adults"


@pytest.mark.parametrize("fmt, source", [
    ("html", "<p>Half of adults snore.</p>\n<p><sup>*</sup> From another study.</p>\n"),
    ("md", "Half of adults snore.\n\n[^1] From another study.\n\n[^1]: A note.\n"),
])
def test_a_citation_that_opens_a_block_belongs_to_it(fmt, source):
    document = parse(source, fmt, "a")
    [citation] = document.citations
    assert citation == document.blocks[1].start


@pytest.mark.parametrize("fmt, source", [
    ("html", "<p>Half of adults snore.</p><p><sup></sup></p>"),
    ("md", "Half of adults snore.\n\n[^1]\n\n[^1]: A note.\n"),
])
def test_a_citation_in_a_block_with_no_text_falls_back_to_the_text_before(fmt, source):
    document = parse(source, fmt, "a")
    assert document.citations == [len("Half of adults snore.")] == [document.blocks[0].end]


# Markdown: links, citations, front matter ---------------------------------------

def test_markdown_links_inline_reference_and_autolink():
    source = ("See [the study](https://example.org/study \"Title\") and [CDC data][cdc] "
              "or <https://nih.gov/x>.\n\n[cdc]: https://cdc.gov/data\n")
    assert links(parse(source, "md", "a")) == [
        ("the study", "https://example.org/study", ()), ("CDC data", "https://cdc.gov/data", ()),
        ("https://nih.gov/x", "https://nih.gov/x", ())]


def test_markdown_inline_html_anchor_keeps_href_and_rel():
    source = 'Try <a href="https://amzn.to/abc" rel="sponsored">this pillow</a> today.\n'
    document = parse(source, "md", "a")
    assert document.text == "Try this pillow today."
    assert links(document) == [("this pillow", "https://amzn.to/abc", ("sponsored",))]


def test_markdown_html_block_anchor_keeps_href_and_rel():
    source = 'Intro.\n\n<p>Try <a href="https://amzn.to/abc" rel="sponsored nofollow">this pillow</a>.</p>\n'
    assert links(parse(source, "md", "a")) == [("this pillow", "https://amzn.to/abc", ("sponsored", "nofollow"))]


def test_markdown_footnote_refs_and_sup_are_citations():
    source = "One in five adults[^1] snore, and 10%<sup>2</sup> more.\n\n[^1]: Smith et al., 2019.\n"
    document = parse(source, "md", "a")
    assert [document.text[:at] for at in document.citations] == ["One in five adults", "One in five adults snore, and 10%"]


def test_markdown_footnotes_are_read_last_as_a_page_shows_them_and_map_to_their_source():
    """A footnote is text the reader sees, at the foot of the page: a disclaimer or an affiliate
    link there counts, wherever its definition stands in the file."""
    source = "Intro[^a] here.\n\n[^a]: For general information only,\n  not medical advice.\n\nLast para.\n"
    document = parse(source, "md", "a")
    assert [document.block_text(b) for b in document.blocks] == [
        "Intro here.", "Last para.", "For general information only, not medical advice."]
    note = document.blocks[2]
    assert source[document.offsets[note.start]:].startswith("For general information only")
    assert source[document.offsets[note.end - 1]] == "."
    assert source[document.offsets[note.end - 1] - 5:].startswith("dvice.")


def test_markdown_inline_footnote_is_not_read_and_does_not_stop_the_reader():
    document = parse("Some text.^[An inline note.] More.\n\n[^1]: A note.\n\nEnd[^1].\n", "md", "a")
    assert [document.block_text(b) for b in document.blocks] == ["Some text. More.", "End.", "A note."]


def test_markdown_front_matter_is_parsed_and_not_text():
    source = "---\ntitle: Sleep words\ndisclaimer: true\ntags: [a, b]\n---\n\n# Heading\n\nBody.\n"
    document = parse(source, "md", "a")
    assert document.front_matter == {"title": "Sleep words", "disclaimer": True, "tags": ["a", "b"]}
    assert "Sleep words" not in document.text and "disclaimer" not in document.text
    assert [document.block_text(b) for b in document.blocks] == ["Heading", "Body."]


def test_html_meta_tags_and_canonical_link_are_metadata_the_first_of_each_winning():
    document = parse('<html><head><meta property="og:site_name" content=" Bloomly ">'
                     '<meta name="og:site_name" content="Other"><meta charset="utf-8">'
                     '<link rel="alternate canonical" href="https://bloomly.app/a"></head>'
                     '<body><p>Text</p><meta name="author" content="Bloomly Team"></body></html>', "html", "a")
    assert document.metadata == {"og:site_name": "Bloomly", "canonical": "https://bloomly.app/a",
                                 "author": "Bloomly Team"}
    assert document.text == "Text"


def test_markdown_front_matter_after_a_bom_and_with_crlf():
    document = parse("\ufeff---\r\ntitle: T\r\n---\r\nBody.\r\n", "md", "a")
    assert (document.front_matter, document.text) == ({"title": "T"}, "Body.")


def test_markdown_leading_thematic_break_is_not_front_matter():
    document = parse("---\n\nNot front matter: just prose.\n", "md", "a")
    assert (document.front_matter, document.text) == ({}, "Not front matter: just prose.")


@pytest.mark.parametrize("front, line", [
    ("---\ntitle: [unclosed\n---\nBody\n", 2),
    ("---\ntitle: a\n  nested: b\n---\nBody\n", 3),
    ("---\ntitle: ok\nother: ok\nbad: 'x\n---\nBody\n", 4),
    ("---\n- a list\n- not a mapping\n---\nBody\n", 2),
    ("---\ntitle: Never closed\ndisclaimer: true\n\n# Heading\n\nBody.\n", 1),
])
def test_markdown_malformed_front_matter_names_the_line(front, line):
    with pytest.raises(InputError) as raised:
        parse(front, "md", "a")
    message = str(raised.value)
    assert message.startswith("malformed front matter")
    assert f"line {line}" in message
    assert "\n" not in message


# Plain text ---------------------------------------------------------------------

def test_text_bare_urls_become_links_without_trailing_punctuation():
    document = parse("Read https://example.com/a?b=1. Or www.nih.gov, then (https://x.org/p).\n", "txt", "a")
    assert [(text, href) for text, href, _ in links(document)] == [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"), ("www.nih.gov", "www.nih.gov"),
        ("https://x.org/p", "https://x.org/p")]


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("url", ["www.nih.gov", "http://nih.gov/a"])
def test_a_bare_url_alone_in_its_paragraph_becomes_a_link(fmt, url):
    document = parse(f"First paragraph.\n\nSee {url} today.\n", fmt, "a")
    assert [(text, href) for text, href, _ in links(document)] == [(url, url)]


def test_text_domains_with_a_path_become_links_but_slashed_words_do_not():
    source = "Buy at amzn.to/3abc. See cdc.gov/flu, and/or 5 mg/kg in the U.S./Canada at 9 a.m./p.m.\n"
    assert [(text, href) for text, href, _ in links(parse(source, "txt", "a"))] == [
        ("amzn.to/3abc", "amzn.to/3abc"), ("cdc.gov/flu", "cdc.gov/flu")]


def test_markdown_does_not_link_a_domain_without_a_scheme():
    """Markdown renders "amzn.to/3abc" as text (only www. and http addresses autolink)."""
    assert links(parse("Buy at amzn.to/3abc today.\n", "md", "a")) == []


def test_text_bracket_citation_stays_in_text():
    document = parse("Half of adults snore [1].\n", "txt", "a")
    assert document.text == "Half of adults snore [1]."


# Loading files ------------------------------------------------------------------

def test_load_picks_the_reader_by_extension(tmp_path):
    for name in ("a.md", "a.markdown", "a.html", "a.htm", "a.txt", "a.rst"):
        (tmp_path / name).write_text("<p>*x*</p>\n", encoding="utf-8")
    formats = {name: load(str(tmp_path / name)).format for name in ("a.md", "a.markdown", "a.html", "a.htm",
                                                                    "a.txt", "a.rst")}
    assert formats == {"a.md": "md", "a.markdown": "md", "a.html": "html", "a.htm": "html", "a.txt": "txt",
                       "a.rst": "txt"}


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
    (b"caf\xe9 au lait\n", "not UTF-8"),
])
def test_load_rejects_binary_and_undecodable_files(tmp_path, data, reason):
    path = tmp_path / "a.md"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        load(str(path))


def test_html_declared_charset_is_honoured(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9 cr\u00e8me</p>'
                     .encode("iso-8859-1"))
    assert load(str(path)).text == "Caf\u00e9 cr\u00e8me"


def test_html_declared_charset_wins_over_bytes_that_happen_to_be_utf8(tmp_path):
    path = tmp_path / "latin.html"
    # In ISO-8859-1, the two bytes C3 A9 are two characters, whatever UTF-8 would make of them.
    path.write_bytes(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>A\xc3\xa9</p>')
    assert load(str(path)).text == "A\u00c3\u00a9"


def test_utf8_meta_charset_and_bom_read_as_utf8(tmp_path):
    path = tmp_path / "utf.html"
    path.write_bytes(b'\xef\xbb\xbf<meta charset="utf-8"><p>Caf\xc3\xa9</p>')
    assert load(str(path)).text == "Caf\u00e9"


def test_html_latin1_label_reads_as_windows_1252_as_browsers_do(tmp_path):
    path = tmp_path / "quotes.html"
    path.write_bytes(b'<meta charset="ISO-8859-1"><p>Don\x92t \x93quote\x94 caf\xe9</p>')
    assert load(str(path)).text == "Don\u2019t \u201cquote\u201d caf\u00e9"


@pytest.mark.parametrize("data, reason", [
    (b'<meta charset="no-such-charset"><p>x</p>', "unknown declared charset 'no-such-charset'"),
    (b'<meta charset="shift_jis"><p>\x81\x20</p>', "cannot decode as declared charset 'shift_jis'"),
])
def test_html_bad_declared_charset_is_an_input_error(tmp_path, data, reason):
    path = tmp_path / "bad.html"
    path.write_bytes(data)
    with pytest.raises(InputError, match=reason):
        load(str(path))
