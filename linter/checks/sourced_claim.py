"""Kind `sourced_claim`: every sentence making a claim must have a source nearby.

Claims are found by token patterns, run over the blocks holding a digit or a
listed number word and kept per sentence when they lie inside one, minus spans
that `not_claims` marks (doses, measurements, discounts); the items of a list whose
lead-in `goals` marks ("Our targets for 2024:") claim nothing. A claim is sourced by a
link, a citation marker or a named attribution in the same sentence, an earlier
sentence of its block, or the sentence right after it in the block (a count the
publisher gives of its own work, `own_counts`, only in its own sentence: "we trained
14,200 people" sources no other figure); list items
also by a lead-in paragraph that ends with a colon and is itself sourced, table cells
by their column's header, and the blocks of a quote by a signature line that closes it
("— Dr Sione Taufa"). A table cell holding only a share ("4%") claims it when its
column's header names what it counts (`table_headers`: "Adults with hypertension"); no cell
claims anything under a header naming a measure or a target (`not_table_headers`: "% Daily
Value", "Typical goal"). A vague attribution ("studies show") sources nothing, and the hit says so.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Iterator

from .. import nlp
from ..gates import Gate, gate_for
from ..nlp import Patterns
from .base import (Article, Hit, Sentence, check_keys, overlaps, patterns_option, string_list)

REASONS = ("unsourced", "vague")
# What the unsourced message calls the block an earlier sentence may stand in.
BLOCK_NAMES = {"paragraph": "paragraph", "item": "list item", "cell": "table cell", "heading": "heading"}
# What a message quotes after a claim that ends on "of" or "as", so the writer can find it:
# the words up to the first plural, not a possessive ("95% of adults", "70 percent of positive samples",
# "half of all heart attacks"), or the one word after a comparison ("twice as likely", "50% more
# likely", "three times what insurers", "three times the risk").
COUNTED_TAIL = re.compile(r"(?:\s+(?:the|all|those|these|our|their|its|his|her|a|an)\b)?"
                          r"(?:\s+[A-Za-z][\w'’-]*?){0,2}?"
                          r"\s+(?:[A-Za-z][\w'’-]*(?<!['’])s|women|men|children|people|them|us)\b")
COMPARED_TAIL = re.compile(r"\s+[A-Za-z][\w'’-]*")
# Words between "by" and a change in words ("by almost half"), which alone says little ("half").
CHANGE_HEDGES = frozenset(("almost", "nearly", "about", "around", "roughly", "some", "over", "more", "than", "up",
                           "to", "as", "much", "at", "least", "just", "under", "well"))
COUNTING_ENDS = frozenset(("of", "among", "all"))
COMPARING_ENDS = frozenset(("as", "than", "more", "less", "fewer", "what", "the"))
CLAUSE_MARKS = frozenset(".,;:!?")
KEYS = ("number_words", "labels", "units", "claims", "not_claims", "own_counts", "sources", "citations", "vague",
        "goals", "cell_shares", "table_headers", "not_table_headers")


@dataclass(frozen=True)
class Options:
    number_words: frozenset[str]
    labels: frozenset[str]  # before a number, part of a name: "type 2"; "Year" (capitalised) only as written
    units: frozenset[str]  # after a number, a duration or measure: "at 6 months" is not the figure
    claims: Patterns
    not_claims: Patterns
    own_counts: Patterns  # "we vaccinated 1,412 patients": its own record, a source for its sentence only
    sources: Patterns
    citations: Patterns
    vague: Patterns
    goals: Patterns  # a list's lead-in that introduces goals ("Our targets for 2024:"): its items claim nothing
    cell_shares: Patterns  # a table cell that holds only a share ("4%", "about 33 per cent")
    table_headers: Patterns  # a column's header naming what its shares count ("Adults with hypertension")
    not_table_headers: Patterns  # ... or naming a measure or target instead: its cells claim nothing

    @classmethod
    def parse(cls, raw, where: str) -> "Options":
        raw = check_keys(raw, KEYS, where)
        number_words, labels, units = (string_list(raw, key, where) for key in KEYS[:3])
        return cls(frozenset(w.lower() for w in number_words), frozenset(labels), frozenset(w.lower() for w in units),
                   *(patterns_option(raw, key, where) for key in KEYS[3:]))

    @cached_property
    def figures(self) -> Gate:
        """Opens on any text that may hold a figure: a digit, a listed or an English number word."""
        return gate_for(self.number_words | nlp.number_words(), nlp.split_pieces(), digits=True)


class _Block:
    """Per-block lookups computed once: which sentences are sourced, which are vague.

    Links and citation markers are read first; the source and vague patterns run
    only when a question needs them (no link or marker settles it), so a block whose
    statistics are linked is never matched against them. Everything is found by
    bisection in sorted offsets, so a document with many sentences, links or blocks
    costs time in proportion to its size.
    """

    def __init__(self, article: Article, options: Options, index: int) -> None:
        self.article, self.options, self.index = article, options, index
        document = article.document
        self.sentences = article.sentences(index)
        block = article.blocks[index]
        marks = [(link.start, link.end) for link in document.links_in(block)]
        # A marker belongs to the text before it ("...in 2022.[^1]", "...in 2022. <sup>1</sup>").
        citations = document.citations[bisect_right(document.citations, block.start):
                                       bisect_right(document.citations, block.end)]
        marks += [(_last_char_before(document.text, c, block.start), c) for c in citations]
        self.first_marked = _first(_holding(self.sentences, marks))

    @cached_property
    def first_named(self) -> float:
        """The first sentence holding a named source or a citation written as text."""
        matched = self.article.match_offsets(self.options.sources, self.index) + \
            self.article.match_offsets(self.options.citations, self.index)
        return _first(_holding(self.sentences, matched))

    @cached_property
    def own_counted(self) -> list[bool]:
        """For each sentence, whether it holds a count of the publisher's own work."""
        return _holding(self.sentences, self.article.match_offsets(self.options.own_counts, self.index))

    @cached_property
    def vague_spans(self) -> list[tuple[int, int]]:
        """The vague attributions of the block, in reading order."""
        return sorted(self.article.match_offsets(self.options.vague, self.index))

    @cached_property
    def first_vague(self) -> float:
        """The first sentence holding a vague attribution."""
        return _first(_holding(self.sentences, self.vague_spans))

    def covered(self, position: int) -> bool:
        """Sourced by this sentence, an earlier one, or the next one; or by its own count."""
        return self.first_marked <= position + 1 or self.first_named <= position + 1 or self.own_counted[position]

    def any_sourced(self) -> bool:
        return self.first_marked != math.inf or self.first_named != math.inf

    def vague_near(self, position: int, next_claims: bool) -> tuple[int, int] | None:
        """The vague attribution a claim in sentence `position` leans on: the first in its own
        sentence, else the last in an earlier one, else the first in the next one unless that
        one makes a claim of its own, which its attribution is about (the message quotes the
        words nearest the claim, not the block's first)."""
        if self.first_vague > position + 1:
            return None
        held = [[span for span in self.vague_spans if sentence.start <= span[0] < sentence.end]
                for sentence in self.sentences[:position + 2]]
        earlier = [spans[-1] for spans in held[:position] if spans]
        nearest = held[position] or earlier[-1:] or ([] if next_claims else held[position + 1])
        return nearest[0] if nearest else None


def _last_char_before(text: str, offset: int, floor: int) -> int:
    """The offset of the last non-space character before `offset` (not below `floor`)."""
    offset -= 1
    while offset > floor and text[offset].isspace():
        offset -= 1
    return offset


def _first(held: list[bool]) -> float:
    """The index of the first True (infinity: none)."""
    return next((i for i, value in enumerate(held) if value), math.inf)


def _holding(sentences: list[Sentence], spans: list[tuple[int, int]]) -> list[bool]:
    """For each sentence, whether one of `spans` starts inside it."""
    starts = sorted(start for start, _ in spans)
    return [bisect_left(starts, s.start) < bisect_left(starts, s.end) for s in sentences]


ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
# After an ordinal that is also a fraction, the words that make it one: "a third of", "half as".
FRACTION_FOLLOWERS = frozenset(("of", "as", "more", "less", "fewer", "lower", "higher"))


def _is_figure(token, options: Options) -> bool:
    return token.like_num or token.lower_ in options.number_words or any(ch.isdigit() for ch in token.text)


def _names_which_one(token) -> bool:
    """An ordinal naming which one, not how many: "a second stroke", "the 3rd dose", and "a
    third stroke" (a fraction, "a third of adults", "by a third", only before "of" or no word)."""
    word = token.lower_
    if word[:-2].isdigit() and word[-2:] in ORDINAL_SUFFIXES:
        return True
    if word not in nlp.ordinal_words():
        return False
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.is_alpha and following.lower_ not in FRACTION_FOLLOWERS


def _is_measurement(token) -> bool:
    """A figure glued to its unit ("5mmHg", "2.5kg"): what the claim is about, not its figure."""
    unit = token.lower_.lstrip("0123456789.,")
    return len(unit) >= 2 and unit.isalpha() and unit != token.lower_ and unit not in ORDINAL_SUFFIXES


def _is_coded_name(token) -> bool:
    """A name spelt with digits after letters ("GLP-1", "COVID-19", "H5N1", "B12"): what the claim
    is about, not its figure."""
    return token.text[:1].isalpha() and any(ch.isdigit() for ch in token.text)


def _groups_thousands(before, token) -> bool:
    """Whether `before` opens the figure `token` continues, thousands grouped by a space: "30 000"."""
    return before.is_digit and len(before.text) <= 3 and before.whitespace_ == " " and token.is_digit \
        and len(token.text) == 3


def _lead_ins(article: Article) -> dict[int, int]:
    """For each list item block, the block just before its list when that block ends with ':'.
    A list that starts right after an item of another keeps that item's lead-in: in plain text
    a bullet's wrapped line ends its list, and a nested list goes on with its parent's."""
    lead_in: dict[int, int] = {}
    first_item_of: dict[int, int] = {}
    for index, block in enumerate(article.blocks):
        if block.kind != "item" or block.list_id is None:
            continue
        first = first_item_of.setdefault(block.list_id, index)
        if first == 0:
            continue
        if article.document.block_text(article.blocks[first - 1]).endswith(":"):
            lead_in[index] = first - 1
        elif first - 1 in lead_in:
            lead_in[index] = lead_in[first - 1]
    return lead_in


RANGE_JOINS = frozenset(("to", "and", "or", "-", "–"))  # "aged 40 to 54": the range's second number
PERCENT_SPELLINGS = (("%",), ("percent",), ("pct",), ("pc",), ("per", "cent"))

# A signature line that closes a quote opens with a dash, then a name ("— Dr Sione Taufa,
# Public Health Medicine Specialist", "– Priya, 31, Leicester").
SIGNATURE_DASHES = "—–―~-"
SIGNATURE_WORDS = 25  # longer, and the line is prose that opens with a dash


def _column_headers(article: Article) -> dict[int, int]:
    """For each table cell below its table's first row, the first row's cell in its column.
    A table's cells are consecutive blocks of one container; a row ends where the column
    stops growing (an empty cell is no block but still takes its column)."""
    headers: dict[int, int] = {}
    first_row: dict[int, int] = {}
    in_first_row, previous = False, None
    for index, block in enumerate(article.blocks):
        if block.column is None:
            previous = None
            continue
        if previous is None or previous.container != block.container:
            first_row, in_first_row = {}, True
        elif block.column <= previous.column:
            in_first_row = False
        if in_first_row:
            first_row[block.column] = index
        elif block.column in first_row:
            headers[index] = first_row[block.column]
        previous = block
    return headers


def _table_notes(article: Article) -> dict[int, list[int]]:
    """For each table (by container), the blocks that may name its source: its caption, and
    a line right after it that opens with "Source" ("Source: AIHW, 2023")."""
    blocks, notes = article.blocks, {}
    tables = {block.container for block in blocks if block.column is not None}
    for index, block in enumerate(blocks):
        if block.container in tables and block.column is None:
            notes.setdefault(block.container, []).append(index)
        elif block.container is None and index and blocks[index - 1].container in tables \
                and article.document.block_text(block).lower().startswith("source"):
            notes.setdefault(blocks[index - 1].container, []).append(index)
    return notes


def _share_only(article: Article, options: Options, index: int) -> list[tuple[int, int]]:
    """The token span of a cell that holds only a share ("4%", "about 33 per cent")."""
    doc = article.doc(index)
    last = max((token.i + 1 for token in doc if not token.is_punct), default=0)
    return [(start, end) for start, end in article.token_matches(options.cell_shares, index) if start == 0 and end >= last]


def _signed_quotes(article: Article) -> set[int]:
    """The blocks of a quote (or list, table) that a signature line closes: a pull quote
    signed by name is attributed to that person, as "Dr Lee says" would be. The line sits
    inside the quote or right after it (a figure's caption), opening with a dash or, in
    HTML, marked up as the signature (`cite`, a quote's `footer`, a figure's `figcaption`)."""
    blocks, signed = article.blocks, set()
    marked = set(article.document.signatures)
    for index in range(1, len(blocks)):
        if article.document.text[blocks[index].start:blocks[index].start + 1] not in SIGNATURE_DASHES \
                and blocks[index].start not in marked:
            continue
        text = article.document.block_text(blocks[index])
        if len(text.split()) > SIGNATURE_WORDS or not _names_someone(text):
            continue
        container = blocks[index].container if blocks[index].container is not None else blocks[index - 1].container
        earlier = index - 1
        while container is not None and earlier >= 0 and blocks[earlier].container == container:
            signed.add(earlier)
            earlier -= 1
    return signed


def _names_someone(signature: str) -> bool:
    """Whether a signature's first words hold a name: two capitalised words ("Priya
    Natarajan", "Marc, RPh"), not "- a reader" or "— Anonymous"."""
    words = signature.lstrip(SIGNATURE_DASHES + " ").split()[:4]
    return sum(word[:1].isupper() for word in words) >= 2


def _first_claim(article: Article, options: Options, sentence: Sentence, claims: list[tuple[int, int]],
                 not_claims: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Text span of the sentence's first statistic. `claims` and `not_claims` are the token
    spans matched in the sentence's block; only those inside the sentence count, and not a
    claim whose every figure is a label's number: "Year 7 students" counts no one."""
    low, high = sentence.span.start, sentence.span.end
    excluded = [(s, e) for s, e in not_claims if low <= s and e <= high]
    kept = [(s, e) for s, e in claims if low <= s and e <= high and not overlaps((s, e), excluded)]
    if not kept:
        return None
    doc = sentence.span.doc
    for start, end in sorted(kept):
        figures = [t.i for t in doc[start:end] if _is_figure(t, options)]
        named = [i for i in figures if not _follows_label(doc, i, options)]
        if figures and not named:
            continue
        # A claim that stops at its figure goes on over the claims it overlaps: "rise by 20" and
        # "by 20 to 30%" are one, "1 in 3" and "1 in 3 adults" too.
        if doc[end - 1].like_num:
            end = max(e for s, e in kept if s < end and start < e)
        return _claim_offsets(article, options, sentence, start, end, named)
    return None


def _percent_after(doc, index: int, limit: int) -> int:
    """How many tokens from `index` spell a percent sign: "%", "percent", "per cent"."""
    for spelling in PERCENT_SPELLINGS:
        if index + len(spelling) <= limit and all(doc[index + k].lower_ == word for k, word in enumerate(spelling)):
            return len(spelling)
    return 0


def _follows_label(doc, index: int, options: Options) -> bool:
    """Whether the token before `index` is a label the number names something by ("stage 2",
    "Year 8", in a heading's capitals "YEAR 8"), or the number ends a range that one opens
    ("aged 40 to 54", "Years 7 and 8")."""
    if index > 2 and doc[index - 1].lower_ in RANGE_JOINS and _is_figure(doc[index - 2], options):
        index -= 2
    if index == 0:
        return False
    word = doc[index - 1].text
    if word.isupper() and doc[index].is_digit and len(doc[index].text) <= 2:
        word = word.title()  # a heading's capitals: "YEAR 8 STUDENTS" (not "EVERY YEAR 30,000 PEOPLE")
    return word.lower() in options.labels or word in options.labels


def _claim_offsets(article: Article, options: Options, sentence: Sentence, start: int, end: int,
                   figures: list[int]) -> tuple[int, int]:
    """From the claim's figure to its end: "lowers the risk by 50%" is reported at "50%", "a
    third of adults" at "a", "a fall of 5mmHg cuts the risk by a third" at "by a third"."""
    doc = sentence.span.doc
    counts = [i for i in figures if not _names_which_one(doc[i]) and not _is_measurement(doc[i])
              and not _is_coded_name(doc[i]) and not (i + 1 < len(doc) and doc[i + 1].lower_ in options.units)]
    figure = (counts or figures or [start])[0]
    if figure > start and doc[figure - 1].lower_ in ("a", "an"):
        figure -= 1
    if doc[figure].is_alpha:  # a change in words says little alone: "by almost half", not "half"
        before = figure
        while before > sentence.span.start and doc[before - 1].lower_ in CHANGE_HEDGES:
            before -= 1
        if before > sentence.span.start and doc[before - 1].lower_ == "by":
            figure = before - 1
    while figure > 0 and _groups_thousands(doc[figure - 1], doc[figure]):
        figure -= 1
    if _is_figure(doc[end - 1], options):  # the claim ends at its figure: quote its unit too ("rose by 25%")
        end += _percent_after(doc, end, sentence.span.end)
    while end - 1 > figure and doc[end - 1].text in CLAUSE_MARKS:  # a pattern's last token may be the full stop
        end -= 1
    return article.text_span(sentence.block_index, figure, end)


def _quoted(text: str, start: int, end: int, limit: int) -> str:
    """The claim as its message quotes it: with the words it counts or compares when it ends on
    "of", "among", "all" or a comparison ("as", "than", "more"...); the finding's span stays the claim."""
    last = text[start:end].rsplit(None, 1)[-1].lower()
    tail = COUNTED_TAIL if last in COUNTING_ENDS else COMPARED_TAIL if last in COMPARING_ENDS else None
    found = tail.match(text, end, limit) if tail else None
    return text[start:found.end() if found else end]


def check(options: Options, article: Article) -> Iterator[Hit]:
    lead_ins = _lead_ins(article)
    # A lead-in that introduces goals ("Our targets for 2024:"): its items are targets.
    goal_lead_ins = {lead_in for lead_in in set(lead_ins.values()) if article.token_matches(options.goals, lead_in)}
    blocks: dict[int, _Block] = {}
    signed: set[int] | None = None  # found once, when a claim first needs it
    columns: dict[int, int] | None = None  # likewise, the header of each table cell's column
    notes: dict[int, list[int]] | None = None  # ... and each table's caption and source line

    def block(index: int) -> _Block:
        if index not in blocks:
            blocks[index] = _Block(article, options, index)
        return blocks[index]

    # Asked once per column header, not once per cell under it: whether the header names what
    # its shares count ("Adults with hypertension": 4%), or a measure or target ("% Daily Value",
    # "Typical goal"), whose cells claim nothing ("Below 7% for most adults").
    counts = cache(lambda header: bool(article.token_matches(options.table_headers, header)))
    measures = cache(lambda header: bool(article.token_matches(options.not_table_headers, header)))

    for index in sorted(article.opening(options.figures)):
        # Claims are matched once over the block, and kept per sentence when inside it: a block
        # with no claim is never split into sentences.
        claims = article.token_matches(options.claims, index)
        lead_in = lead_ins.get(index)
        if article.blocks[index].column is not None:
            if columns is None:
                columns = _column_headers(article)
            lead_in = columns.get(index)
            if lead_in is not None and measures(lead_in):
                continue
            if not claims and lead_in is not None and counts(lead_in):
                claims = _share_only(article, options, index)
        if not claims:
            continue
        if lead_in in goal_lead_ins:
            continue
        not_claims = article.token_matches(options.not_claims, index)
        sentences = article.sentences(index)
        # A sentence with no figure holds no claim: the shortcut spares matching it.
        found = [_first_claim(article, options, sentence, claims, not_claims)
                 if options.figures.opens(sentence.scan) else None for sentence in sentences]
        for position, claim in enumerate(found):
            if claim is None:
                continue
            context = block(index)
            if context.covered(position):
                continue
            if lead_in is not None and block(lead_in).any_sourced():
                continue
            if article.blocks[index].column is not None:
                if notes is None:
                    notes = _table_notes(article)
                if any(block(note).any_sourced() for note in notes.get(article.blocks[index].container, ())):
                    continue
            if signed is None:
                signed = _signed_quotes(article)
            if index in signed:
                continue
            vague = context.vague_near(position, position + 1 < len(found) and found[position + 1] is not None)
            if vague is None and lead_in is not None and block(lead_in).vague_spans:
                vague = block(lead_in).vague_spans[0]
            quoted = _quoted(article.document.text, *claim, sentences[position].end)
            if vague is None:
                yield Hit(claim[0], claim[1], "unsourced", {"claim": quoted,
                                                            "block": BLOCK_NAMES[article.blocks[index].kind]})
            else:
                text = article.document.text
                yield Hit(claim[0], claim[1], "vague", {"claim": quoted, "attribution": text[vague[0]:vague[1]]})
