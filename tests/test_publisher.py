"""Publisher identity: which metadata fields name the publisher, and which links lead to
its own site or app (the affiliate-disclosure rule's own-offer exemption rests on it)."""
from __future__ import annotations

import pytest

from linter.sources import parse
from linter.sources.publisher import PublisherFields

FIELDS = PublisherFields(name_fields=("publisher", "og:site_name"), team_fields=("author",),
                         team_words=frozenset({"team"}), url_fields=("url", "canonical"),
                         generic_words=frozenset({"health", "clinical", "the"}))


def publisher_of(front_matter: str):
    return FIELDS.of(parse(f"---\n{front_matter}\n---\n\nText.\n", "md", "a.md"))


@pytest.mark.parametrize("front_matter, names", [
    ("publisher: Meridian Health", {"meridian", "meridian health"}),  # a word of it, or all of it
    ("author: The Trimwell Clinical Team", {"trimwell", "the trimwell clinical"}),
    ("author: Dr Hannah Reeves", set()),  # a person's byline names no publisher
    ("author: {name: Alinea Team}", {"alinea"}),
    ("author: [Priya Nair, Harbour Physio Team]", {"harbour", "physio", "harbour physio"}),
    ("publisher: [1, {url: x}, 7 Health]", {"7 health"}),  # no text; a name of short and generic words only whole
    ("publisher: 42", set()),
])
def test_names_come_from_name_fields_and_team_bylines(front_matter, names):
    assert publisher_of(front_matter).names == names


@pytest.mark.parametrize("text, names", [
    ("<p>Text.</p><footer>&copy; 2024 Steadfast Health Inc., Toronto</footer>", {"steadfast", "steadfast health inc"}),
    ("<p>Photo &copy;Getty Images.</p><p>Copyright 2019-2024 Bloomly. All rights reserved.</p>", {"bloomly"}),
    ("<p>What copyright law says about 2024 recipes.</p>", set()),  # no capitalised name after it
    ("<p>Text &copy; 2022 Harbour Physio all rights reserved</p>", {"harbour", "physio", "harbour physio"}),  # lower case ends the name
])
def test_the_last_copyright_line_names_the_publisher(text, names):
    assert FIELDS.of(parse(text, "html", "a.html")).names == names


@pytest.mark.parametrize("href, owned", [
    ("/plus", True), ("#pricing", True),
    ("https://www.meridianhealth.com/start", True),  # the domain opens with the name
    ("https://shop.meridian.co.uk/", True),
    ("https://healthmeridian.com/", False),  # the name elsewhere in the label is another site
    ("https://clinic.example.org/join", True),  # a subdomain of the canonical host
    ("https://example.org.evil.com/", False),
    ("www.calmly.com/plus", False),
    ("meridian://premium", True), ("calmly://premium", False),
    ("mailto:hello@meridianhealth.com", False),
    ("http://[::1", False),
])
def test_own_links(href, owned):
    publisher = publisher_of("publisher: Meridian Health\ncanonical: https://www.example.org/blog/post")
    assert publisher.owns(href) is owned


def test_html_meta_tags_name_the_publisher_and_its_host():
    document = parse('<html><head><meta property="og:site_name" content="Bloomly">'
                     '<link rel="canonical" href="https://www.bloom.example/post"></head><body><p>x</p></body></html>',
                     "html", "a.html")
    publisher = FIELDS.of(document)
    assert publisher.names == {"bloomly"} and publisher.hosts == {"bloom.example"}


def test_a_malformed_url_field_gives_no_host():
    assert publisher_of("url: 'http://[::1'").hosts == frozenset()


@pytest.mark.parametrize("text, as_ours", [
    ("Order on the SwasthyaPlus app.", "Order on the our app."),
    ("SWASTHYAPLUS stores and swasthyaplus's pharmacists", "our stores and our's pharmacists"),
    ("SwasthyaPlusX and MySwasthyaPlus are other names.", None),  # whole words only
    ("Nothing here names it.", None),
])
def test_the_publishers_name_reads_as_our(text, as_ours):
    assert publisher_of("author: SwasthyaPlus Clinical Team").as_ours(text) == as_ours


def test_a_publisher_with_no_name_is_named_nowhere():
    assert publisher_of("author: Dr Hannah Reeves").as_ours("Dr Hannah Reeves and our app") is None


@pytest.mark.parametrize("text, as_ours", [
    ("Clinical Health runs parent sessions.", None),  # its common words alone name other bodies too
    ("Korle Clinical Health runs parent sessions.", "our runs parent sessions."),  # its whole name
    ("Ask Korle about parent sessions.", "Ask our about parent sessions."),  # its distinctive word
])
def test_a_name_of_common_words_names_the_publisher_only_whole(text, as_ours):
    assert publisher_of("publisher: Korle Clinical Health").as_ours(text) == as_ours
