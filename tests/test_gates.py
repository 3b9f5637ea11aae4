"""Gates (linter.gates) decide which text spaCy sees: they may open needlessly, never stay shut on a match."""
from __future__ import annotations

import pytest

from linter.checks import base
from linter.checks.base import Article
from linter.nlp import compile_patterns
from linter.sources import parse

PATTERNS = {"patterns": [
    [{"LOWER": "promo"}, {"LOWER": "code"}],
    [{"LIKE_NUM": True}, {"LOWER": {"IN": ["%", "percent"]}}, {"LOWER": "of"}],
    [{"LOWER": "ca"}, {"LOWER": "n't"}, {"LOWER": "stop"}],
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
    ("You can't stop now.", ["can't stop"]),  # a piece of a contraction opens its gate
    ("Start a FREE TRIAL today.", ["FREE TRIAL"]),
])
def test_a_gate_opens_wherever_a_pattern_matches(patterns, text, expected):
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


def test_a_block_holding_words_of_different_patterns_but_all_of_none_is_not_tokenized(monkeypatch, patterns):
    # "promo" opens the first pattern's gate and "percent" the second's, but neither has all it needs.
    assert _tokenized(monkeypatch, patterns, "A promo for the percent sign.") == ([], 0)


def test_a_block_holding_all_a_pattern_needs_is_tokenized(monkeypatch, patterns):
    found, made = _tokenized(monkeypatch, patterns, "A promo code for you.")
    assert found and made == 1


@pytest.mark.parametrize("key", ["IS_SENT_START", "is_sent_start", "SENT_START"])
def test_a_pattern_asking_for_a_sentence_start_in_any_spelling_gets_sentences(key):
    patterns = compile_patterns({"patterns": [[{key: True, "LIKE_NUM": True}, {"LOWER": "percent"}]]}, "test")
    assert _matches(patterns, "Some intro here. 40 percent of adults snore.") == ["40 percent"]
