"""The one spaCy pipeline, and the compiled pattern sets rules match with.

spaCy's blank English pipeline has no lemmatizer, so inflection is handled when a
pattern is compiled rather than per token at run time: `lemmas` phrases and `LEMMA`
keys in token patterns are expanded into every inflected form (lemminflect's
tables) and matched on `LOWER`. This keeps lemma matching in the fast
`PhraseMatcher` and costs nothing per word. Pattern sets are compiled once, when a
rule pack loads, and every check matches against the per-block Docs built once. The
built-in packs' sets, which the tests compile, wait for their first use instead: a
one-file run then never compiles the crisis lines of an article that names no crisis.
"""
from __future__ import annotations

import itertools
import json
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .gates import WORD_RUN, BlockScans, Gate, Scan, gate_for
from .shapes import LITERAL_KEYS, op_counts, pattern_chunks

if TYPE_CHECKING:  # spaCy loads on first use: a run answered from the cache never needs it
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

PATTERN_KEYS = ("phrases", "lemmas", "patterns")
# A name in camel case ("McGill", "DeVos", "GoodRx") is capitalised as names are, though
# str.istitle() says it is not: the pipeline's IS_TITLE holds for it too, so every pattern
# that reads a capitalised word as a name (a source, a brand, a person) reads this one.
CAMEL_CASE_NAME = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]*)+")
# A school, financial or flu-season year: "2023-24", "2022–23", "2023-2024".
YEAR_SPAN = re.compile(r"(?:19|20)\d\d[-–](?:(?:19|20)?\d\d)")
SENTENCE_KEYS = ("IS_SENT_START", "SENT_START")  # token keys, any case, that need sentence starts set
GATED_KEYS = frozenset([*LITERAL_KEYS, "LIKE_NUM", "IS_DIGIT"])  # the keys `_spec_gate` reads


class PatternError(ValueError):
    """A pattern set that does not compile; the message names the key and the reason."""


@lru_cache(maxsize=1)
def pipeline():
    from .bounded_tokenizer import BoundedTokenizer
    from .spacy_import import import_spacy

    import_spacy()
    nlp = _english()
    nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    # spaCy refuses texts over a million characters for the memory its parser and NER
    # would need; this pipeline has neither, and its memory is linear in the text.
    nlp.max_length = sys.maxsize
    nlp.add_pipe("sentencizer")
    _read_camel_case_as_title(nlp.vocab)
    return nlp


def _english():
    """Blank English whose tokenizer also splits "pc" after a figure: "70pc", as British and
    South Asian papers write a percentage, splits as "70%" does; and keeps a year span whole,
    "2023-24" read as one number as "2023/24" is, so that whatever names a year names this
    one too ("the department's 2023-24 School Immunization Survey"). These are the language's
    defaults, so the tokenizer is built with them once: setting a built tokenizer's suffix
    rule reloads its special cases, about a tenth of a second of every cold start."""
    from spacy.attrs import LIKE_NUM
    from spacy.lang.en import English

    english_like_num = English.Defaults.lex_attr_getters[LIKE_NUM]

    def like_num(text: str) -> bool:
        return YEAR_SPAN.fullmatch(text) is not None or english_like_num(text)

    class HealthDefaults(English.Defaults):
        suffixes = [*English.Defaults.suffixes, r"(?<=[0-9])pc"]
        token_match = YEAR_SPAN.fullmatch
        lex_attr_getters = {**English.Defaults.lex_attr_getters, LIKE_NUM: like_num}

    class HealthEnglish(English):
        Defaults = HealthDefaults

    return HealthEnglish()


def is_title(text: str) -> bool:
    return text.istitle() or CAMEL_CASE_NAME.fullmatch(text) is not None


def _read_camel_case_as_title(vocab) -> None:
    """IS_TITLE by `is_title` for every word from now on, and for those the vocabulary holds."""
    from spacy.attrs import IS_TITLE

    vocab.lex_attr_getters[IS_TITLE] = is_title
    for lexeme in vocab:
        if not lexeme.is_title and is_title(lexeme.orth_):
            lexeme.is_title = True


@lru_cache(maxsize=1)
def _sentence_ends() -> frozenset[int]:
    return frozenset(pipeline().vocab.strings.add(char) for char in pipeline().get_pipe("sentencizer").punct_chars)


def split_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Token (start, end) of each sentence, marking each start's IS_SENT_START.

    The sentencizer's rule (a sentence ends after ".", "!", "?" or their kin once a
    token that is not punctuation follows), read from token attribute arrays: the
    sentencizer itself builds a Token object for every token.
    """
    if not len(doc):
        return []
    ends = _sentence_ends()
    from spacy.attrs import IS_PUNCT, ORTH

    orths = doc.to_array(ORTH).tolist()
    puncts = doc.to_array(IS_PUNCT).tolist()
    starts = [0]
    after_end = False
    for index, orth in enumerate(orths):
        if after_end and not puncts[index] and orth not in ends:
            starts.append(index)
            after_end = False
        elif orth in ends:
            after_end = True
    for start in starts:
        doc[start].is_sent_start = True
    return list(zip(starts, starts[1:] + [len(doc)]))


INFLECTIONS = Path(__file__).parent / "inflections.json"


def _shipped_table(path: Path):
    """A word table written by tests/update_inflections.py; None when it is missing or damaged,
    and the caller asks lemminflect itself."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def shipped_inflections() -> dict[str, list[str]]:
    """`lemminflect_forms` of every word the built-in rules inflect, computed when they were
    written: loading lemminflect's tables takes most of a second."""
    return _shipped_table(INFLECTIONS) or {}


@lru_cache(maxsize=4096)
def inflections(word: str) -> tuple[str, ...]:
    """Every inflected form of `word` (as lemma or as an inflected form), lower-cased."""
    word = word.lower()
    shipped = shipped_inflections().get(word)
    return tuple(shipped) if shipped is not None else lemminflect_forms(word)


def lemminflect_forms(word: str) -> tuple[str, ...]:
    from lemminflect import getAllInflections, getAllInflectionsOOV, getAllLemmas

    forms = {word}
    lemmas = {word}
    known = getAllLemmas(word)
    for found in known.values():
        lemmas.update(found)
    for lemma in lemmas:
        for found in getAllInflections(lemma).values():
            forms.update(form.lower() for form in found)
    if not known and len(word) > 3 and word.replace("-", "").isalpha():
        # A word lemminflect does not know ("audiologist", "meta-analysis") is most likely a
        # noun: its plural is guessed, so a LEMMA pattern still matches "audiologists".
        for found in getAllInflectionsOOV(word, "NOUN").values():
            forms.update(form.lower() for form in found)
    return tuple(sorted(forms))


LEMMAS = Path(__file__).parent / "lemmas.tsv"


@lru_cache(maxsize=1)
def shipped_lemmas() -> bytes:
    """lemminflect's lemma lookup, written out ahead: a line per word it knows, sorted by
    its UTF-8 bytes, holding the word and, after a tab, its other lemmas (space-separated)
    if it has any. Searched where it lies: decoding it into a dict took a fiftieth of a
    second of a one-file run; lemminflect's own tables take a fifth."""
    try:
        return LEMMAS.read_bytes()
    except OSError:
        return b""


def shipped_lemma_line(word: str) -> str | None:
    """What the table holds after `word` (its other lemmas, "" for none); None when it lacks it."""
    table, key = shipped_lemmas(), word.encode("utf-8")
    low, high = 0, len(table)  # both at the start of a line
    while low < high:
        start = table.rfind(b"\n", 0, (low + high) // 2) + 1
        end = table.find(b"\n", start)
        end = len(table) if end < 0 else end
        found, _, lemmas = table[start:end].rstrip(b"\r").partition(b"\t")  # "\r": a checkout may add it
        if found == key:
            return lemmas.decode("utf-8")
        if found < key:
            low = end + 1
        else:
            high = start
    return None


@lru_cache(maxsize=65536)
def lemma_keys(word: str) -> frozenset[str]:
    """Lemmas `word` may stand for; two words share one when they differ only in inflection."""
    word = word.lower()
    lemmas = shipped_lemma_line(word)
    if lemmas is not None:
        return frozenset([word, *lemmas.split()])
    # The table holds every word lemminflect knows: this one it would only guess at.
    return _guessed_lemma_keys(word) if shipped_lemmas() else lemminflect_lemma_keys(word)


def lemminflect_lemma_keys(word: str) -> frozenset[str]:
    """lemminflect's lemmas of a lower-case word, guessed as a noun's when it does not know it."""
    from lemminflect import getAllLemmas

    found = getAllLemmas(word)
    return frozenset(itertools.chain([word], *found.values())) if found else _guessed_lemma_keys(word)


def _guessed_lemma_keys(word: str) -> frozenset[str]:
    """lemminflect's guess, which reads "-ies" as "-y" only: "freezies" is also "freezie",
    as "smoothies" is "smoothie"."""
    from lemminflect import getAllLemmasOOV

    guessed = itertools.chain([word], *getAllLemmasOOV(word, "NOUN").values())
    return frozenset([*guessed, word[:-1]] if word.endswith("ies") else guessed)


# Words too common to tell whether a text can match a pattern.
COMMON_WORDS = frozenset("the a an , . of in to and or for on at by with is are was be it this that as "
                         "from not no 's".split())


@lru_cache(maxsize=1)
def split_pieces() -> dict[str, frozenset[str]]:
    """For each token the tokenizer's special cases split out of a longer word ("ca", "not"
    of "cannot"), the longest word run of each such word, where a gate must look for it."""
    from spacy.symbols import ORTH

    found: dict[str, set[str]] = {}
    for text, pieces in pipeline().tokenizer.rules.items():
        runs = WORD_RUN.findall(text.lower())
        if len(pieces) > 1 and runs:
            for piece in pieces:
                found.setdefault(piece[ORTH].lower(), set()).add(max(runs, key=len))
    return {piece: frozenset(words) for piece, words in found.items()}


@lru_cache(maxsize=1)
def number_words() -> frozenset[str]:
    """The words English `LIKE_NUM` accepts besides figures ("three", "third")."""
    from spacy.lang.en.lex_attrs import _num_words

    return frozenset(_num_words) | ordinal_words()


@lru_cache(maxsize=1)
def ordinal_words() -> frozenset[str]:
    """The ordinals `LIKE_NUM` accepts in words ("first", "second", "third")."""
    from spacy.lang.en.lex_attrs import _ordinal_words

    return frozenset(_ordinal_words)


@dataclass(frozen=True)
class Patterns:
    """A compiled pattern set: phrases (exact, case-insensitive), lemma phrases, token patterns.

    Every matcher comes with the gates (linter.gates) that must all open on a text
    before the matcher runs on it: the phrases share one PhraseMatcher gated by a
    word of each phrase; each token pattern that requires words from finite lists
    gets its own Matcher gated by each of those lists; the rest share one that
    always runs.
    """

    runners: tuple["Runner", ...]
    source: dict
    needs_sentences: bool = False  # some pattern asks for IS_SENT_START

    def __bool__(self) -> bool:
        return bool(self.runners)

    def candidates(self, scans: BlockScans) -> frozenset[int]:
        """Indices of the blocks where some runner's gates all open: only there can one match."""
        return frozenset(scans.memo(self, self._runners_by_block))

    def opening(self, scans: BlockScans, index: int) -> list["Runner"]:
        """The runners whose gates all open on block `index` of `scans` and whose chunks it
        holds: only they can match in it."""
        scan = scans.scans[index]
        return [runner for runner in scans.memo(self, self._runners_by_block).get(index, ())
                if runner.holds_chunks(scan)]

    def _runners_by_block(self, scans: BlockScans) -> dict[int, list["Runner"]]:
        by_block: dict[int, list[Runner]] = {}
        for runner in self.runners:
            for index in scans.opening_all(runner.requirement):
                by_block.setdefault(index, []).append(runner)
        return by_block

    def spans(self, doc: Doc, scan: Scan, runners: list["Runner"] | None = None) -> list[tuple[int, int]]:
        """Token (start, end) of every match in `doc` (whose text `scan` holds); `runners` are
        those `opening` gave, when the caller has asked already."""
        found: set[tuple[int, int]] = set()
        for runner in self.opening(BlockScans([scan]), 0) if runners is None else runners:
            found.update(runner.run(doc))
        return sorted(found)


@dataclass(frozen=True, eq=False)
class Runner:
    """One matcher, the gates it needs, and, for token patterns with an anchor (a listed
    word, or else a token a REGEX decides), how many tokens a match may hold before and
    after it: the Matcher's cost grows with every token it walks, so it walks only
    windows around the anchors. A built-in pack's token Matcher is built when the runner
    first runs: a one-file run opens the gates of few runners, and building every
    Matcher (adding and checking each pattern) had cost its first lint 0.317 s, not 0.268 s."""

    requirement: tuple[Gate, ...]
    build: Callable[[], "Matcher | PhraseMatcher"]
    anchor: tuple[int, frozenset[int]] | None = None  # token attribute and its accepted values
    reach: tuple[int | None, int | None] = (None, None)  # tokens before and after; None: unbounded
    patterns: tuple[list, ...] = ()  # the token patterns it matches (a phrase as LOWER specs)

    @cached_property
    def matcher(self) -> Matcher | PhraseMatcher:
        return self.build()

    @cached_property
    def chunks(self) -> tuple[tuple[str, ...], ...]:
        """Per pattern, the chunks (linter.shapes) a text must hold. Worked out when first
        asked: a typical article opens the gates of 28 of the built-in packs' 171 runners."""
        return _needed_chunks(pattern_chunks(pattern, number_words(), split_pieces()) for pattern in self.patterns)

    def holds_chunks(self, scan: Scan) -> bool:
        """Whether the text holds every chunk of some pattern (none asked: it may)."""
        return not self.chunks or any(all(scan.finds(chunk) for chunk in needed) for needed in self.chunks)

    def run(self, doc: Doc) -> list[tuple[int, int]]:
        """Token (start, end) of every match in `doc`."""
        if self.anchor is None or self.reach == (None, None):
            return [(start, end) for _, start, end in self.matcher(doc)]
        attr, accepted = self.anchor
        before, after = self.reach
        positions = _positions(doc, attr)
        windows: list[list[int]] = []
        for index in sorted(i for value in positions.keys() & accepted for i in positions[value]):
            start = 0 if before is None else max(0, index - before)
            end = len(doc) if after is None else min(len(doc), index + after + 1)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        return [(s + start, e + start) for start, end in windows for _, s, e in self.matcher(doc[start:end])]


def _positions(doc: Doc, attr: int) -> dict[int, list[int]]:
    """The indices of the tokens holding each value of a token attribute, worked out once per
    Doc: a runner then finds its anchors by a set intersection, not a walk over every token."""
    positions = doc.user_data.get(("positions", attr))
    if positions is None:
        positions = doc.user_data["positions", attr] = {}
        for index, value in enumerate(doc.to_array(attr).tolist()):
            positions.setdefault(value, []).append(index)
    return positions


def _required(spec) -> bool:
    """Whether every match holds a token this spec accepts (its operator takes at least one
    token, and is not "!", whose token the spec refuses)."""
    if not isinstance(spec, dict):
        return False
    op = str(spec.get("OP", "1"))
    return op != "!" and op_counts(op)[0] >= 1


def _requirement(pattern: list, strings) -> tuple[tuple[Gate, ...], tuple[int, frozenset[int]] | None, int]:
    """Gates a text must pass, all of them, to hold a match of the token pattern (one per
    required token whose words are listed, narrowest first; none: run always), the
    narrowest required token as a token attribute and its accepted values, and the
    index of its spec in the pattern (-1: none)."""
    from spacy.attrs import IDS, LOWER

    required = []
    for at, spec in enumerate(pattern):
        if not _required(spec):
            continue
        candidates = [(gate, key, value, at) for key, value in spec.items()
                      if key in GATED_KEYS and (gate := _spec_gate(key, _hashable(value))) is not None]
        if candidates:
            required.append(min(candidates, key=lambda candidate: candidate[0].size))
    required.sort(key=lambda candidate: candidate[0].size)
    if not required:
        return (), None, -1
    _, key, value, at = required[0]
    if key in ("LIKE_NUM", "IS_DIGIT"):
        anchor = (IDS[key], frozenset([1]))
    else:
        words = [value] if isinstance(value, str) else value["IN"]
        anchor = (LOWER, frozenset(strings.add(str(word).lower()) for word in words))
    return tuple(gate for gate, *_ in required), anchor, at


def _invalid(where: str, index: int, error: Exception) -> PatternError:
    reason = " ".join(str(error).split())
    return PatternError(f"{where}.patterns[{index}]: invalid token pattern: {reason[:300]}")


def _flag_anchor(pattern: list) -> tuple[tuple[int, frozenset[int]] | None, int]:
    """For a pattern with no listed word, its first required token a REGEX decides (a
    lexical flag once linear_regexes has rewritten it): the flag, its accepted value and
    the index of its spec; (None, -1) when there is none."""
    for at, spec in enumerate(pattern):
        if _required(spec):
            for key, value in spec.items():
                if isinstance(key, int) and value is True:
                    return (key, frozenset([1])), at
    return None, -1


def _reach(pattern: list, at: int) -> tuple[int | None, int | None]:
    """How many tokens a match may hold before and after the one matching spec `at`, its
    anchor; None on a side an operator leaves unbounded (or with no anchor). When the
    anchor's spec repeats, each of its tokens is an anchor and their windows join."""
    if at < 0:
        return None, None
    most = [op_counts(spec.get("OP", "1") if isinstance(spec, dict) else "1")[1] for spec in pattern]
    before, after = most[:at], most[at + 1:]
    return (None if None in before else sum(before)), (None if None in after else sum(after))  # type: ignore


def _wider(one: int | None, other: int | None) -> int | None:
    return None if one is None or other is None else max(one, other)


def _hashable(value):
    """A spec's value as a cache key: a word, a tuple of `IN` words, a flag, or None."""
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
        return tuple(str(v).lower() for v in value["IN"])
    return value if isinstance(value, (str, bool)) else None


@lru_cache(maxsize=None)
def _spec_gate(key: str, value) -> Gate | None:
    """The gate for one token spec (shared by every spec listing the same words)."""
    if key in LITERAL_KEYS:  # not NORM: a token's norm may differ from its lower form
        if isinstance(value, str):
            words = {value.lower()}
        elif isinstance(value, tuple):
            words = set(value)
        else:
            return None
        if not words:
            return None
        gate = gate_for(words, split_pieces())
        # A common word opens the gate on almost any text: prefer another anchor.
        common = len(words & COMMON_WORDS)
        return Gate(gate.words, gate.substrings, gate.digits, penalty=100 * common) if common else gate
    if value is True and key == "LIKE_NUM":
        return gate_for(number_words(), split_pieces(), digits=True)
    if value is True and key == "IS_DIGIT":
        return Gate(digits=True)
    return None


EMPTY = Patterns((), {})


_deferring = False  # set while building pattern sets known to compile (linter.rulepack)
_waiting: list["DeferredPatterns"] = []


@contextmanager
def deferred_compiling():
    """Within, `patterns_for` gives pattern sets that compile on first use."""
    global _deferring
    previous, _deferring = _deferring, True
    try:
        yield
    finally:
        _deferring = previous


def compile_waiting() -> None:
    """Compile every pattern set still waiting for its first use, and build its matchers:
    before forking workers, so that they share them instead of each building its own."""
    while _waiting:
        for runner in _waiting.pop().runners:
            runner.matcher


def patterns_for(spec, where: str) -> "Patterns | DeferredPatterns":
    """The pattern set of `spec`: compiled now, or on first use inside `deferred_compiling`."""
    if _deferring and spec is not None:
        deferred = DeferredPatterns(spec, where)
        _waiting.append(deferred)
        return deferred
    return compile_patterns(spec, where)


class DeferredPatterns:
    """A pattern set compiled on first use, standing for the `Patterns` it becomes. Each
    attribute delegates by name: a generic `__getattr__` took half a microsecond a call,
    and the checks make some three hundred calls per article."""

    __slots__ = ("_spec", "_where", "_compiled", "_nonempty")

    def __init__(self, spec, where: str) -> None:
        self._spec, self._where, self._compiled = spec, where, None
        self._nonempty = any(spec.get(key) for key in PATTERN_KEYS) if isinstance(spec, dict) else True

    @property
    def compiled(self) -> Patterns:
        if self._compiled is None:
            self._compiled = compile_patterns(self._spec, self._where, build_matchers=False)
        return self._compiled

    def __bool__(self) -> bool:
        return self._nonempty

    @property
    def runners(self) -> tuple["Runner", ...]:
        return self.compiled.runners

    @property
    def source(self) -> dict:
        return self.compiled.source

    @property
    def needs_sentences(self) -> bool:
        return self.compiled.needs_sentences

    def candidates(self, scans: BlockScans) -> frozenset[int]:
        return self.compiled.candidates(scans)

    def opening(self, scans: BlockScans, index: int) -> list["Runner"]:
        return self.compiled.opening(scans, index)

    def spans(self, doc: "Doc", scan: Scan, runners: list["Runner"] | None = None) -> list[tuple[int, int]]:
        return self.compiled.spans(doc, scan, runners)


def compile_patterns(spec, where: str, build_matchers: bool = True) -> Patterns:
    """Compile `{phrases, lemmas, patterns}` (any subset); `where` names it in errors. Without
    `build_matchers`, each token Matcher is built, and its patterns checked, on first use."""
    if spec is None:
        return EMPTY
    if not isinstance(spec, dict):
        raise PatternError(f"{where}: expected a mapping with keys {', '.join(PATTERN_KEYS)}")
    unknown = sorted(set(spec) - set(PATTERN_KEYS))
    if unknown:
        raise PatternError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(PATTERN_KEYS)})")
    nlp = pipeline()  # first: it imports spaCy (linter.spacy_import)
    from spacy.matcher import PhraseMatcher

    from .token_regex import holds_regex

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
    runners: list[Runner] = []
    if phrases:
        phrase_docs = list(nlp.tokenizer.pipe(sorted(phrases)))
        phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        phrase_matcher.add("phrases", phrase_docs)
        anchors = {max((token.lower_ for token in doc), key=len) for doc in phrase_docs}
        as_patterns = tuple([{"LOWER": token.lower_} for token in doc] for doc in phrase_docs)
        runners.append(Runner((gate_for(anchors, split_pieces()),), lambda: phrase_matcher, patterns=as_patterns))
    token_patterns = spec.get("patterns") or []
    if not isinstance(token_patterns, list):
        raise PatternError(f"{where}.patterns: expected a list of token patterns")
    # Patterns that need the same word list around which to look share one Matcher: a
    # Matcher call costs more than the patterns it tries.
    groups: dict = {}
    for index, pattern in enumerate(token_patterns):
        expanded = _expand_lemmas(pattern)
        # A REGEX becomes a lexical flag, which spaCy sets on every word the vocabulary holds:
        # made now, while it holds few, rather than when a Matcher is first built.
        rewritten = _rewritten(expanded, where, index) if build_matchers or holds_regex(expanded) else None
        requirement, anchor, at = _requirement(expanded, nlp.vocab.strings)
        if anchor is None:
            rewritten = rewritten or _rewritten(expanded, where, index)
            anchor, at = _flag_anchor(rewritten)
        reach = _reach(expanded, at)
        key = (id(requirement[0]) if requirement else None, anchor)
        group = groups.get(key)
        if group is None:
            group = groups[key] = [[], requirement, reach, anchor, []]
        else:
            group[1] = tuple(gate for gate in group[1] if any(gate is other for other in requirement))
            group[2] = (_wider(group[2][0], reach[0]), _wider(group[2][1], reach[1]))
        group[0].append((index, expanded, rewritten))
        group[4].append(expanded)
    runners += [Runner(requirement, partial(_token_matcher, tuple(entries), where), anchor, reach, tuple(patterns))
                for entries, requirement, reach, anchor, patterns in groups.values()]
    if build_matchers:  # now, so that a pattern spaCy refuses is reported when its pack loads
        for runner in runners:
            runner.matcher
    needs_sentences = any(isinstance(token, dict) and any(str(key).upper() in SENTENCE_KEYS for key in token)
                          for pattern in token_patterns for token in pattern)
    return Patterns(tuple(runners), spec, needs_sentences)


def _rewritten(pattern: list, where: str, index: int) -> list:
    """`pattern` checked, each REGEX made a lexical flag (linter.token_regex)."""
    from .token_regex import linear_regexes

    try:
        return linear_regexes(pipeline().vocab, pattern)
    except Exception as error:  # spaCy raises several types for bad patterns
        raise _invalid(where, index, error) from None


def _token_matcher(entries: tuple[tuple[int, list, list | None], ...], where: str) -> Matcher:
    """A Matcher of the token patterns `entries` (index, pattern, rewritten or None: not yet)."""
    from spacy.matcher import Matcher

    matcher = Matcher(pipeline().vocab, validate=False)
    for index, pattern, rewritten in entries:
        rewritten = _rewritten(pattern, where, index) if rewritten is None else rewritten
        try:
            matcher.add(f"p{index}", [rewritten])
        except Exception as error:
            raise _invalid(where, index, error) from None
    return matcher


def _needed_chunks(per_pattern) -> tuple[tuple[str, ...], ...]:
    """Each pattern's chunks; none at all when some pattern needs none (it may match
    wherever its gates open, and so may the matcher it shares)."""
    per_pattern = list(per_pattern)
    return () if not per_pattern or not all(per_pattern) else tuple(dict.fromkeys(per_pattern))


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
