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
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

PATTERN_KEYS = ("phrases", "lemmas", "patterns")


class PatternError(ValueError):
    """A pattern set that does not compile; the message names the key and the reason."""


@lru_cache(maxsize=1)
def pipeline():
    nlp = spacy.blank("en")
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


@dataclass(frozen=True)
class Patterns:
    """A compiled pattern set: phrases (exact, case-insensitive), lemma phrases, token patterns."""

    phrase_matcher: PhraseMatcher | None
    matcher: Matcher | None
    source: dict

    def __bool__(self) -> bool:
        return self.phrase_matcher is not None or self.matcher is not None

    def spans(self, doc: Doc | Span) -> list[tuple[int, int]]:
        """Token (start, end) of every match in `doc`, relative to the Doc."""
        offset = doc.start if isinstance(doc, Span) else 0
        found: set[tuple[int, int]] = set()
        for matcher in (self.phrase_matcher, self.matcher):
            if matcher is not None:
                found.update((start + offset, end + offset) for _, start, end in matcher(doc))
        return sorted(found)


EMPTY = Patterns(None, None, {})


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
    matcher = None
    token_patterns = spec.get("patterns") or []
    if not isinstance(token_patterns, list):
        raise PatternError(f"{where}.patterns: expected a list of token patterns")
    if token_patterns:
        matcher = Matcher(nlp.vocab, validate=True)
        for index, pattern in enumerate(token_patterns):
            try:
                matcher.add(f"p{index}", [_expand_lemmas(pattern)])
            except Exception as error:  # spaCy raises several types for bad patterns
                reason = " ".join(str(error).split())
                raise PatternError(f"{where}.patterns[{index}]: invalid token pattern: {reason[:300]}") from None
    return Patterns(phrase_matcher, matcher, spec)


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
