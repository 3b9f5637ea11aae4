"""Kind `disclosure`: commercial content must come after a disclosure.

Commercial content is a link whose URL matches the affiliate data (hosts, exact
query parameter names, cloaked paths), a link whose `rel` marks it, or a
promotional passage. The check walks blocks in reading order: a disclosure
covers everything after it, and one in the same block covers that block. A block
with commercial content and no cover gets one hit, at its first commercial item.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable, Iterator
from urllib.parse import parse_qsl

from ..gates import Scan
from ..nlp import Patterns, pipeline
from ..sources import Link
from ..sources.placement import insert_before
from ..sources.publisher import Publisher, PublisherFields, url_parts
from .base import Article, Hit, OptionsError, check_keys, matchable, optional_string, patterns_option, string_list

REASONS = ("missing", "missing_tagged", "after")
TAGGED = "affiliate-tagged link"  # what a link commercial by a tracking parameter is called
KEYS = ("links", "promotions", "price_pitches", "price_pitch_blocks", "own", "partner_words", "publisher",
        "disclosures", "labels", "negations", "reported", "fix")
# Around a label block: "Advertisement:", "— Advertisement —", "[Ad]", "*Sponsored*", or a plain-text
# divider line ("-----", "=====") in the label's paragraph.
LABEL_MARKS = " \t\r\n:|-–—=*_~()[]"
LINK_KEYS = ("hosts", "host_params", "params", "param_values", "paths", "rel")
PUBLISHER_KEYS = ("name_fields", "team_fields", "team_words", "url_fields", "generic_words")


@dataclass(frozen=True)
class LinkRules:
    """Which URLs are commercial; all of it is data from the rule file."""

    hosts: tuple[str, ...]
    host_params: dict[str, tuple[str, ...]]
    params: frozenset[str]
    param_values: dict[str, tuple[str, ...]]
    paths: tuple[str, ...]
    rel: frozenset[str]

    @classmethod
    def parse(cls, raw, where: str) -> "LinkRules":
        raw = check_keys(raw, LINK_KEYS, where)
        mappings = {}
        for key in ("host_params", "param_values"):
            value = raw.get(key) or {}
            if not isinstance(value, dict) or not all(isinstance(v, list) for v in value.values()):
                raise OptionsError(f"{where}.{key}: expected a mapping of names to lists of strings")
            mappings[key] = {str(k).lower(): tuple(str(x).lower() for x in v) for k, v in value.items()}
        return cls(tuple(h.lower() for h in string_list(raw, "hosts", where)), mappings["host_params"],
                   frozenset(p.lower() for p in string_list(raw, "params", where)),
                   mappings["param_values"], string_list(raw, "paths", where),
                   frozenset(r.lower() for r in string_list(raw, "rel", where)))

    def commercial_kind(self, link: Link) -> str | None:
        """What makes the link commercial, as the message names it to the writer (None: nothing)."""
        if self.rel.intersection(link.rel):
            return "sponsored link"
        split = url_parts(link.href)
        if split is None:
            return None
        parts, host = split
        if any(host == h or host.endswith("." + h) for h in self.hosts):
            return "affiliate link"
        query = [(name.lower(), value.lower()) for name, value in parse_qsl(parts.query, keep_blank_values=True)]
        names = {name for name, _ in query}
        if names & self.params or any(value in self.param_values.get(name, ()) for name, value in query) or \
                any(fragment in host and names.intersection(params) for fragment, params in self.host_params.items()):
            return TAGGED
        path = parts.path.lower()
        return "cloaked affiliate link" if any(cloak in path for cloak in self.paths) else None


@dataclass(frozen=True)
class Options:
    links: LinkRules
    promotions: Patterns
    price_pitches: Patterns
    price_pitch_blocks: tuple[str, ...]
    own: Patterns
    partner_words: frozenset[str]  # after what `own` finds, someone else's: "our kit partner Sportsmans Warehouse"
    publisher: PublisherFields
    disclosures: Patterns
    labels: frozenset[str]  # a block that is only one of these discloses ("Advertisement" above an advert)
    negations: frozenset[str]
    reported: Patterns  # what opens another's advert or message quoted: 'One SMS read: "'
    fix: str | None

    @classmethod
    def parse(cls, raw, where: str) -> "Options":
        raw = check_keys(raw, KEYS, where)
        return cls(LinkRules.parse(raw.get("links"), f"{where}.links"),
                   patterns_option(raw, "promotions", where), patterns_option(raw, "price_pitches", where),
                   string_list(raw, "price_pitch_blocks", where) or ("paragraph", "item", "heading"),
                   patterns_option(raw, "own", where),
                   frozenset(word.lower() for word in string_list(raw, "partner_words", where)),
                   _publisher_fields(raw.get("publisher"), f"{where}.publisher"),
                   patterns_option(raw, "disclosures", where),
                   frozenset(label.lower() for label in string_list(raw, "labels", where)),
                   frozenset(word.lower() for word in string_list(raw, "negations", where)),
                   patterns_option(raw, "reported", where), optional_string(raw, "fix", where))


def _publisher_fields(raw, where: str) -> PublisherFields:
    raw = check_keys(raw, PUBLISHER_KEYS, where)
    lowered = {key: tuple(value.lower() for value in string_list(raw, key, where)) for key in PUBLISHER_KEYS}
    return PublisherFields(lowered["name_fields"], lowered["team_fields"], frozenset(lowered["team_words"]),
                           lowered["url_fields"], frozenset(lowered["generic_words"]))


def _promotions(article: Article, options: Options, publisher: Callable[[], Publisher],
                index: int) -> list[tuple[int, int]]:
    """Promotional passages in a block; none in a block that pitches the publisher's own
    services, nor a call to action that links to the publisher's own site ("<a href="/plus">Start
    your free trial</a>", or a link to its domain). Who the publisher is gets asked only here."""
    block = article.blocks[index]
    matches = article.token_matches(options.promotions, index)
    if block.kind in options.price_pitch_blocks:
        matches += article.token_matches(options.price_pitches, index)
    if not matches:
        return []
    doc = article.doc(index)
    found = [article.text_span(index, start, _trimmed_end(doc, start, end))
             for start, end in matches if not _negated(doc, start, options)]
    if found:
        quoted = _reported_quotes(article, options, index)
        found = [span for span in found if not any(start <= span[0] < end for start, end in quoted)]
    if not found:
        return []
    if _speaks_of_own(article, options, index) or _names_own_offer(article, options, publisher(), index):
        return []
    own_links = [(link.start, link.end) for link in article.document.links_in(block) if publisher().owns(link.href)]
    if any(_is_call_to_action(article.document.text[start:end]) for start, end in own_links):
        return []  # the block's call to action leads to the publisher's own site: its own offer
    return [span for span in found if not any(start <= span[0] and span[1] <= end for start, end in own_links)]


# Words and marks a promotion pattern may end on only to tell where the offer stops ("6 months free at").
TRAILING_JOINS = frozenset(("at", "with", "when", "if", "for", "on", "to", "via", "through", "and", "plus",
                            ",", ".", ":", ";", "!", "?", "(", "-", "–", "—"))


def _trimmed_end(doc, start: int, end: int) -> int:
    """The end of a promotion without the punctuation or joining word its pattern closed on:
    the message quotes "get 3 months of Daylio Premium free", not "... free with"."""
    while end - start > 1 and doc[end - 1].lower_ in TRAILING_JOINS:
        end -= 1
    return end


def _negated(doc, start: int, options: Options) -> bool:
    """Whether a negation just before a promotion says there is none: "there is no discount
    code for good sleep", "not a free trial"."""
    return any(token.lower_ in options.negations for token in doc[max(start - PROMOTION_NEGATION_REACH, 0):start])


# Each opening quotation mark and the mark that closes it.
CLOSING_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}


def _reported_quotes(article: Article, options: Options, index: int) -> list[tuple[int, int]]:
    """The quotations a block reports rather than makes: an advert's or a message's words quoted
    after what it was ('One SMS read: "Deposit KSh 49 today and get a FREE BET"'), each from its
    opening mark to the mark that closes it, or to the block's end."""
    text, block_end = article.document.text, article.blocks[index].end
    quotes = []
    for _, opened in article.match_offsets(options.reported, index):
        closed = text.find(CLOSING_QUOTES.get(text[opened - 1], text[opened - 1]), opened, block_end)
        quotes.append((opened, closed if closed >= 0 else block_end))
    return quotes


def _speaks_of_own(article: Article, options: Options, index: int) -> bool:
    """Whether `own` finds the publisher's own offer in the block, not a partner's named by it
    ("our kit partner Sportsmans Warehouse", "our pharmacy partner Clicks")."""
    doc = article.doc(index)
    return any(end == len(doc) or doc[end].lower_ not in options.partner_words
               for _, end in article.token_matches(options.own, index))


def _names_own_offer(article: Article, options: Options, publisher: Publisher, index: int) -> bool:
    """Whether the block speaks of the publisher's own shop, app or service by its name ("use
    code CARE10 on the SwasthyaPlus app" on SwasthyaPlus's page), as `own` finds "our app"."""
    as_ours = publisher.as_ours(matchable(article.document.block_text(article.blocks[index])))
    return as_ours is not None and bool(options.own.spans(pipeline().make_doc(as_ours), Scan(as_ours)))


def _pitch_sentence(article: Article, index: int, span: tuple[int, int]) -> tuple[int, int]:
    """The sentence holding a promotion: the reader meets the pitch where its sentence starts
    ("Our friends at Harbourfront Fitness ... first month for just $19"), not at the words
    that make it one. A pitch that is a link's text, with only other links before it in its
    sentence, is met where its link starts: a nav or a strip of links reads as one sentence
    ("Home Services Contact AllerGuard kits: 15% off this month")."""
    start, end = next(((sentence.start, sentence.end) for sentence in article.sentences(index)
                       if sentence.contains(span[0])), span)
    links = article.document.links_in(article.blocks[index])
    link = next((link for link in links if link.start <= span[0] and span[1] <= link.end), None)
    if link is None or link.start == start:
        return start, end
    words_between = []  # the sentence's text before the link, outside other links
    position = start
    for other in links:
        if start <= other.start and other.end <= link.start:
            words_between.append(article.document.text[position:other.start])
            position = other.end
    words_between.append(article.document.text[position:link.start])
    return (start, end) if any(char.isalnum() for text in words_between for char in text) else (link.start, link.end)


# A link opening with one of these words is a call to action ("Book a blood pressure review").
CALLS_TO_ACTION = frozenset(("book", "schedule", "start", "join", "sign", "subscribe", "try", "get", "buy", "order",
                             "shop", "download", "register", "request", "claim", "upgrade"))


def _is_call_to_action(text: str) -> bool:
    words = text.split(maxsplit=1)
    return bool(words) and words[0].lower() in CALLS_TO_ACTION


PROMOTION_NEGATION_REACH = 2  # tokens before a promotion where a negation says there is none ("no free trial")
NEGATION_REACH = 3  # tokens before a disclosure where a negation denies it ("this post is not sponsored")
CLAUSE_ENDS = frozenset(".!?;:")
CLAUSE_OPENERS = frozenset(("but", "however", "although", "though", "yet", "while", "whereas"))  # "..., but we earn"


def _discloses(article: Article, options: Options, index: int) -> bool:
    """Whether the block states that the publisher earns money: a disclosure match that no
    negation denies, inside it, just before it, or opening its clause ("we do not earn a
    commission", "this review is not sponsored", "none of our picks are sponsored" say the
    opposite)."""
    matches = article.token_matches(options.disclosures, index)
    if not matches:  # most candidate blocks: nothing was tokenized, and nothing needs to be
        return False
    doc = article.doc(index)
    for start, end in matches:
        clause_start = start
        while clause_start > 0 and doc[clause_start - 1].text not in CLAUSE_ENDS \
                and doc[clause_start - 1].lower_ not in CLAUSE_OPENERS:
            clause_start -= 1
        near = doc[max(clause_start, start - NEGATION_REACH):end - 1]
        if not any(token.lower_ in options.negations for token in (doc[clause_start], *near)):
            return True
    return False


def _labels(article: Article, options: Options) -> set[int]:
    """The blocks that are only a disclosure label: "Advertisement" alone above an advert
    discloses it, where a sentence opening "Advertisement of medicines is banned" does not."""
    longest = max(map(len, options.labels), default=0)
    cores = (article.document.block_text(block).strip(LABEL_MARKS) for block in article.blocks)
    return {index for index, core in enumerate(cores) if len(core) <= longest and core.lower() in options.labels}


def check(options: Options, article: Article) -> Iterator[Hit]:
    document = article.document
    labels = _labels(article, options)
    first_disclosure = next((i for i in sorted(article.candidates(options.disclosures) | labels)
                             if i in labels or _discloses(article, options, i)), None)

    @cache
    def publisher() -> Publisher:  # read from the metadata and text only for a block that pitches
        return options.publisher.of(document)

    fix = None  # one edit serves every hit: a disclosure above the first commercial block covers the rest
    for index, block in enumerate(article.blocks):
        if first_disclosure is not None and first_disclosure <= index:
            return
        items = [(link.start, link.end, link.start, link.end, kind) for link in document.links_in(block)
                 if (kind := options.links.commercial_kind(link)) is not None]
        items += [(*_pitch_sentence(article, index, span), *span, "promotional pitch")
                  for span in _promotions(article, options, publisher, index)]
        if not items:
            continue
        start, end = min(items)[:2]  # where the reader meets the block's first pitch or link
        _, _, item_start, item_end, what = min(items, key=lambda item: (item[2], -item[3]))  # the first words that make one, in full
        if fix is None and options.fix:
            fix = insert_before(document, block, options.fix,
                                "Insert the suggested text above the first commercial link or pitch."
                                if first_disclosure is None else "Insert the suggested text above the first "
                                "commercial link or pitch; the later disclosure can then go, unless it "
                                "labels an item of its own.")
        # A tracking parameter may earn nothing (a ticket site's own "aff="): then the fix is to drop it.
        reason = "after" if first_disclosure is not None else "missing_tagged" if what == TAGGED else "missing"
        yield Hit(start, max(end, item_end), reason, {"item": document.text[item_start:item_end], "what": what}, fix)
