"""The one spaCy pipeline, and the compiled pattern sets rules match with.

spaCy's blank English pipeline has no lemmatizer, so inflection is handled when a
pattern is compiled rather than per token at run time: `lemmas` phrases and `LEMMA`
keys in token patterns are expanded into every inflected form (lemminflect's
tables) and matched on `LOWER`. This keeps lemma matching in the fast
`PhraseMatcher` and costs nothing per word. Pattern sets are compiled once, when a
rule pack loads, and every check matches against the per-block Docs built once.
"""
from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from .bounded_tokenizer import BoundedTokenizer
from .token_regex import linear_regexes

PATTERN_KEYS = ("phrases", "lemmas", "patterns")


class PatternError(ValueError):
    """A pattern set that does not compile; the message names the key and the reason."""


@lru_cache(maxsize=1)
def pipeline():
    nlp = spacy.blank("en")
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    # spaCy refuses texts over a million characters for the memory its parser and NER
    # would need; this pipeline has neither, and its memory is linear in the text.
    nlp.max_length = sys.maxsize
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=4096)
def inflections(word: str) -> tuple[str, ...]:
    """Every inflected form of `word` (as lemma or as an inflected form), lower-cased."""
    from lemminflect import getAllInflections, getAllLemmas

    word = word.lower()
    forms = {word}
    lemmas = {word}
    for found in getAllLemmas(word).values():
        lemmas.update(found)
    for lemma in lemmas:
        for found in getAllInflections(lemma).values():
            forms.update(form.lower() for form in found)
    return tuple(sorted(forms))


@lru_cache(maxsize=65536)
def lemma_keys(word: str) -> frozenset[str]:
    """Lemmas `word` may stand for; two words share one when they differ only in inflection."""
    from lemminflect import getAllLemmas, getAllLemmasOOV

    word = word.lower()
    found = getAllLemmas(word) or getAllLemmasOOV(word, "NOUN")
    return frozenset(itertools.chain([word], *found.values()))


# Words too common to tell whether a text can match a pattern.
COMMON_WORDS = frozenset("the a an , . of in to and or for on at by with is are was be it this that as "
                         "from not no 's".split())


@dataclass(frozen=True)
class Patterns:
    """A compiled pattern set: phrases (exact, case-insensitive), lemma phrases, token patterns.

    Token patterns are costly per word, so each one that requires a word from a
    finite list (its anchor) gets its own Matcher, run only on texts holding one of
    those words; the rest run everywhere.
    """

    phrase_matcher: PhraseMatcher | None
    anchored: tuple[tuple[frozenset[str], Matcher], ...]
    unanchored: Matcher | None
    source: dict

    def __bool__(self) -> bool:
        return self.phrase_matcher is not None or bool(self.anchored) or self.unanchored is not None

    def spans(self, doc: Doc | Span) -> list[tuple[int, int]]:
        """Token (start, end) of every match in `doc`, relative to the Doc."""
        offset = doc.start if isinstance(doc, Span) else 0
        matchers = [m for m in (self.phrase_matcher, self.unanchored) if m is not None]
        if self.anchored:
            words = _lower_words(doc)
            matchers += [matcher for anchor, matcher in self.anchored if not anchor.isdisjoint(words)]
        found: set[tuple[int, int]] = set()
        for matcher in matchers:
            found.update((start + offset, end + offset) for _, start, end in matcher(doc))
        return sorted(found)


def _lower_words(doc: Doc | Span) -> frozenset[str]:
    if isinstance(doc, Span):
        return frozenset(token.lower_ for token in doc)
    words = doc.user_data.get("lower_words")
    if words is None:
        words = doc.user_data["lower_words"] = frozenset(token.lower_ for token in doc)
    return words


def _anchor(pattern: list) -> frozenset[str] | None:
    """The smallest set of words one of which any match must contain, or None."""
    best = None
    for spec in pattern:
        if not isinstance(spec, dict) or str(spec.get("OP", "1")).startswith(("?", "*", "{0", "{,", "!")):
            continue
        for key in ("LOWER", "ORTH", "TEXT"):  # not NORM: a token's norm may differ from its lower form
            value = spec.get(key)
            if isinstance(value, str):
                words = frozenset([value.lower()])
            elif isinstance(value, dict) and set(value) == {"IN"}:
                words = frozenset(str(v).lower() for v in value["IN"])
            else:
                continue
            if words and words.isdisjoint(COMMON_WORDS) and (best is None or len(words) < len(best)):
                best = words
    return best


EMPTY = Patterns(None, (), None, {})


def compile_patterns(spec, where: str) -> Patterns:
    """Compile `{phrases, lemmas, patterns}` (any subset); `where` names it in errors."""
    if spec is None:
        return EMPTY
    if not isinstance(spec, dict):
        raise PatternError(f"{where}: expected a mapping with keys {', '.join(PATTERN_KEYS)}")
    unknown = sorted(set(spec) - set(PATTERN_KEYS))
    if unknown:
        raise PatternError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(PATTERN_KEYS)})")
    nlp = pipeline()
    phrases: set[str] = set()
    for key in ("phrases", "lemmas"):
        values = spec.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise PatternError(f"{where}.{key}: expected a list of non-empty strings")
        for value in values:
            if key == "phrases":
                phrases.add(value.lower())
            else:
                words = [token.text for token in nlp.make_doc(value.lower())]
                phrases.update(" ".join(combo) for combo in
                               itertools.product(*(inflections(w) if w.isalpha() else (w,) for w in words)))
    phrase_matcher = None
    if phrases:
        phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrase_matcher.add("phrases", list(nlp.tokenizer.pipe(sorted(phrases))))
    token_patterns = spec.get("patterns") or []
    if not isinstance(token_patterns, list):
        raise PatternError(f"{where}.patterns: expected a list of token patterns")
    anchored: list[tuple[frozenset[str], Matcher]] = []
    unanchored = None
    for index, pattern in enumerate(token_patterns):
        expanded = _expand_lemmas(pattern)
        anchor = _anchor(expanded)
        if anchor is None:
            unanchored = unanchored or Matcher(nlp.vocab, validate=False)  # linear_regexes validates
            target = unanchored
        else:
            target = Matcher(nlp.vocab, validate=False)
            anchored.append((anchor, target))
        try:
            target.add(f"p{index}", [linear_regexes(nlp.vocab, expanded)])
        except Exception as error:  # spaCy raises several types for bad patterns
            reason = " ".join(str(error).split())
            raise PatternError(f"{where}.patterns[{index}]: invalid token pattern: {reason[:300]}") from None
    return Patterns(phrase_matcher, tuple(anchored), unanchored, spec)


def _expand_lemmas(pattern):
    """Rewrite `LEMMA` keys (no lemmatizer in a blank pipeline) into `LOWER IN inflections`."""
    if not isinstance(pattern, list):
        raise PatternError("a token pattern must be a list of token specs")
    expanded = []
    for token in pattern:
        if isinstance(token, dict) and "LEMMA" in token:
            token = dict(token)
            value = token.pop("LEMMA")
            words = value.get("IN", []) if isinstance(value, dict) else [value]
            forms = sorted({form for word in words for form in inflections(str(word))})
            token["LOWER"] = {"IN": forms}
        expanded.append(token)
    return expanded
