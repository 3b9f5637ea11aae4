"""Gates (linter.gates) and chunks (linter.shapes) decide which text spaCy sees: they may
let a block through needlessly, never keep out one a pattern matches."""
from __future__ import annotations

import sys

import pytest
import re2
from article_strategies import FUZZ, NASTY
from hypothesis import given
from hypothesis import strategies as st

from linter.checks import base
from linter.checks.base import Article
from linter.config import Config
from linter.nlp import Patterns, compile_patterns, pipeline, split_sentences
from linter.gates import ASCII_WORD_RUN, WORD_RUN, BlockScans, Gate, Scan
from linter.shapes import NON_SPACE
from linter.sources import normalise, parse

PATTERNS = {"patterns": [
    [{"LOWER": "promo"}, {"LOWER": "code"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["%", "percent"]}}, {"LOWER": "of"}],
    [{"LOWER": "ca"}, {"LOWER": "n't"}, {"LOWER": "stop"}],
    [{"LIKE_NUM": True}, {"LOWER": "off"}],
    [{"IS_DIGIT": True}, {"LOWER": "people"}],
    [{"LOWER": "first"}, {"OP": "{0,2}"}, {"LOWER": {"IN": ["for", "at"]}}, {"ORTH": "$"}, {"LIKE_NUM": True}],
    [{"LOWER": "gon"}, {"OP": "?"}, {"LOWER": "quit"}],
    [{"LOWER": "we"}, {"LOWER": "ca"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["million", "billion"]}, "OP": "?"}, {"LOWER": "very", "OP": "{0,2}"},
     {"LOWER": "adults"}],
], "phrases": ["free trial"]}


@pytest.fixture(scope="module")
def patterns():
    return compile_patterns(PATTERNS, "test")


def _matches(patterns, text: str) -> list[str]:
    article = Article(parse(text, "txt", "a.txt"))
    return [text[start:end] for start, end in article.match_offsets(patterns, 0)]


@pytest.mark.parametrize("text, expected", [
    ("Use promo code SLEEP.", ["promo code"]),
    ("About 40% of adults.", ["40% of"]),
    ("Nearly forty percent of adults.", ["forty percent of"]),
    ("You can't stop now.", ["can't stop"]),  # a piece cut out of a contraction has letters beside it
    ("I'm gonna quit.", ["gonna quit"]),
    ("We can't.", ["We ca"]),  # a letter right after a chunk's last word, cut out of "can't"
    ("Start a FREE TRIAL today.", ["FREE TRIAL"]),
    ("Get 20 off today, or 1,000.5 off.", ["20 off", "1,000.5 off"]),
    ("Get ² off, or -Twenty off.", ["² off", "-Twenty off"]),  # any digit; a number word, signed, in any case
    ("About ² people agree.", ["² people"]),  # a superscript figure is a digit to spaCy, not to \\d
    ("Your first tube for $9.", ["first tube for $9"]),
    ("About 3 adults.", ["3 adults"]),  # tokens that may be missing or repeat
    ("About 2 very very adults.", ["2 very very adults"]),
    ("About 5 billion very adults.", ["5 billion very adults", "billion very adults"]),
    ("Your first big tube at $ 9.", ["first big tube at $ 9"]),
])
def test_a_chunk_is_found_wherever_a_pattern_matches(patterns, text, expected):
    assert _matches(patterns, text) == expected


def _tokenized(monkeypatch, patterns, text: str) -> tuple[list[tuple[int, int]], int]:
    made = []
    real = base.pipeline

    class Counting:
        def make_doc(self, block):
            made.append(block)
            return real().make_doc(block)

    monkeypatch.setattr(base, "pipeline", Counting)
    article = Article(parse(text, "txt", "a.txt"))
    return article.match_offsets(patterns, 0), len(made)


@pytest.mark.parametrize("text", [
    "A promo for the percent sign.",  # words of two patterns, all of neither
    "The code of the promo.",  # a pattern's words, not side by side
    "Take 2 coffee breaks, then go to the office.",  # "off" only inside longer words
    "Forty percent, of course.",  # a word between the figure's chunk words
    "16 new adults, 16 million new adults.",  # optional tokens stay in their chunk
])
def test_a_block_without_every_chunk_of_some_pattern_is_not_tokenized(monkeypatch, patterns, text):
    assert _tokenized(monkeypatch, patterns, text) == ([], 0)


def test_a_block_holding_all_a_pattern_needs_is_tokenized(monkeypatch, patterns):
    found, made = _tokenized(monkeypatch, patterns, "A promo code for you.")
    assert found and made == 1


@pytest.mark.parametrize("key", ["IS_SENT_START", "is_sent_start", "SENT_START"])
def test_a_pattern_asking_for_a_sentence_start_in_any_spelling_gets_sentences(key):
    patterns = compile_patterns({"patterns": [[{key: True, "LIKE_NUM": True}, {"LOWER": "percent"}]]}, "test")
    assert _matches(patterns, "Some intro here. 40 percent of adults snore.") == ["40 percent"]


def test_non_space_is_what_python_does_not_call_whitespace():
    every_character = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    assert "".join(re2.compile(NON_SPACE).findall(every_character)) == \
        "".join(ch for ch in every_character if not ch.isspace())


def _builtin_patterns() -> list[Patterns]:
    found = []

    def walk(value):
        if isinstance(value, Patterns):
            found.append(value)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for rule in Config().rules_for():
        walk(rule.options)
    return found


BUILTIN = _builtin_patterns()
# Words the built-in patterns ask for, and what stands between them in real prose.
WORDS = sorted({str(word) for patterns in BUILTIN for pattern in patterns.source.get("patterns") or []
                for spec in pattern if isinstance(spec, dict)
                for value in spec.values() if isinstance(value, (str, dict))
                for word in ([value] if isinstance(value, str) else value.get("IN", []))
                if isinstance(word, str)})
PIECES = st.sampled_from(WORDS + ["40", "1,000", "three", "2.5x", "$", "%", "(", ")", "[1]", "Dr.", "CDC", "Smith",
                                  "can't", "cannot", "don't", "dont", "Im", "gonna", "youre", "10mg", "5km", "-",
                                  "I'm", "we're", *NASTY])
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "  ", "\u00a0", "\t"])


@FUZZ
@given(st.lists(st.tuples(PIECES, SEPARATORS), min_size=1, max_size=30))
def test_no_builtin_pattern_matches_a_text_its_gates_chunks_and_windows_keep_out(pieces):
    text = normalise("".join(piece + separator for piece, separator in pieces))  # as every reader does
    doc = pipeline().make_doc(text)
    split_sentences(doc)
    scan = Scan(text)
    for patterns in BUILTIN:
        everywhere = sorted({(start, end) for runner in patterns.runners for _, start, end in runner.matcher(doc)})
        assert patterns.spans(doc, scan) == everywhere, text


REQUIREMENTS = [runner.requirement for patterns in BUILTIN for runner in patterns.runners]


@FUZZ
@given(st.lists(st.lists(st.tuples(PIECES, SEPARATORS), max_size=8), max_size=6))
def test_gates_open_on_the_same_blocks_decided_together_as_one_by_one(blocks):
    scans = [Scan("".join(piece + separator for piece, separator in block)) for block in blocks]
    together = BlockScans(scans)
    for gates in REQUIREMENTS:
        assert together.opening_all(gates) == \
            {index for index, scan in enumerate(scans) if all(gate.opens(scan) for gate in gates)}


@given(st.text(st.characters(max_codepoint=127)))
def test_ascii_text_splits_into_the_same_word_runs_by_the_ascii_pattern(text):
    lowered = text.lower()
    assert ASCII_WORD_RUN.findall(lowered) == WORD_RUN.findall(lowered)


def test_a_scan_finds_word_runs_of_any_script():
    assert Scan("Ça coûte 3€, x2 vs ５ and ½; naïve_Überfall").words == \
        {"ça", "coûte", "3", "x", "2", "vs", "５", "and", "½", "naïve", "überfall"}  # "½" is \w, not \d


def test_a_substring_across_the_joint_of_two_blocks_is_in_neither():
    together = BlockScans([Scan("50 %"), Scan("of"), Scan("%of %")])
    assert together.opening(Gate(substrings=("%\nof",))) == set()
    assert together.opening(Gate(substrings=("%",))) == {0, 2}
    assert together.opening(Gate(substrings=("%o", "zz"))) == {2}
    assert together.opening_all((Gate(words=frozenset(["of"])), Gate(substrings=("%",)))) == {2}
    assert BlockScans([Scan("%"), Scan("%"), Scan("x%")]).opening(Gate(substrings=("%",))) == {0, 1, 2}
    assert BlockScans([Scan(""), Scan("a")]).opening(Gate(substrings=("",))) == {0, 1}
    assert BlockScans([]).opening(Gate(substrings=("", "%"))) == set()


@pytest.mark.parametrize("pattern, text", [
    ([{"LIKE_NUM": True, "OP": "?"}, {"OP": "?"}, {"LOWER": "percent"}, {"OP": "{0,2}"}, {"LOWER": "of"}],
     "Some 3 whole percent very nearly of it; 4 percent of 5 percent of"),
    ([{"LOWER": "so", "OP": "+"}, {"LOWER": {"IN": ["tired", "sleepy", "worn"]}}], "I am so so so tired, so sleepy."),
    ([{"IS_TITLE": True, "OP": "*"}, {"LOWER": "reports"}, {"OP": "?"}],
     "Then the Big Health Survey Team reports that, and Ann reports."),
    ([{"LOWER": "per"}, {"OP": "+"}, {"LOWER": "cent"}], "Up per a b c cent, per cent."),
    ([{"IS_TITLE": True, "OP": "?"}, {"TEXT": {"REGEX": "^(19|20)\\d\\d$"}}], "In June 2019, then 1999 and 20199."),
])
def test_a_runner_walking_windows_finds_what_it_finds_in_the_whole_block(pattern, text):
    doc = pipeline().make_doc(text)
    (runner,) = compile_patterns({"patterns": [pattern]}, "test").runners
    found = sorted((start, end) for _, start, end in runner.matcher(doc))
    assert found and sorted(set(runner.run(doc))) == found


@pytest.mark.parametrize("regex, text, expected", [
    ("^\\d+(\\.\\d+)?x$", "It carries a 2.5x risk, not a 2.5xl risk.", ["2.5x risk"]),
    ("^\\d+x", "It carries a 3xl risk.", ["3xl risk"]),  # searched, as spaCy does: the token may go on
    ("x$", "It carries a 3x risk.", ["3x risk"]),
    ("a|^b", "A ba risk, a bx risk.", ["ba risk", "bx risk"]),  # an anchor in one branch: no chunk, still found
    ("[$^]x", "A x^x risk.", ["x^x risk"]),  # a class holding ^ and $ anchors nothing
])
def test_a_lower_regex_is_found_wherever_it_matches_a_token(regex, text, expected):
    patterns = compile_patterns({"patterns": [[{"LOWER": {"REGEX": regex}}, {"LOWER": "risk"}]]}, "test")
    assert _matches(patterns, text) == expected


def test_a_block_without_a_regex_chunk_is_not_tokenized(monkeypatch):
    patterns = compile_patterns({"patterns": [[{"LOWER": {"REGEX": "^\\d+x$"}}, {"LOWER": "the"}]]}, "test")
    assert _tokenized(monkeypatch, patterns, "The risk is the same.") == ([], 0)
    assert _tokenized(monkeypatch, patterns, "It is 3x the risk.")[1] == 1


@pytest.mark.parametrize("text, asked", [
    ("About 40% of adults snore, says [a survey](https://example.org/s).", False),  # the link settles it
    ("About 40% of adults snore.[^1]\n\n[^1]: A survey.", False),  # so does a citation marker
    ("About 40% of adults snore, the CDC reports.", True),
    ("About 40% of adults snore. Many never know. [A survey](https://example.org/s) said so.", True),  # too far
])
def test_source_patterns_run_only_where_links_and_markers_do_not_settle_it(monkeypatch, text, asked):
    from linter.checks import CHECK_KINDS

    rule = next(rule for rule in Config().rules_for() if rule.id == "unsourced-statistic")
    asked_for = []
    real = Article.match_offsets
    monkeypatch.setattr(Article, "match_offsets",
                        lambda self, patterns, index: asked_for.append(patterns) or real(self, patterns, index))
    list(CHECK_KINDS[rule.kind].check(rule.options, Article(parse(text, "md", "a.md"))))
    assert (rule.options.sources in asked_for) is asked


def test_a_pattern_whose_only_required_test_is_a_regex_walks_windows_around_its_matches():
    pattern = [{"IS_TITLE": True, "OP": "?"}, {"TEXT": {"REGEX": "^(19|20)\\d\\d$"}}, {"OP": "{0,2}"}]
    (runner,) = compile_patterns({"patterns": [pattern]}, "test").runners
    assert runner.anchor is not None and runner.reach == (1, 2)
