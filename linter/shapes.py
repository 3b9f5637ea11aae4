"""Which blocks a token pattern could match in, found for every pattern at once with RE2.

spaCy's tokens hold no whitespace, the text between two adjacent tokens is one space
or none (any other whitespace is a token of its own), and a Doc's tokens spell its
text. So tokens that a pattern needs side by side ("promo" then "code", a number then
"%") spell, in the lowered text, their words with at most a space between: a chunk. A pattern becomes the chunks its runs of
adjacent tokens make (a token that needs a listed word, through LOWER, ORTH or TEXT,
a number, through LIKE_NUM or IS_DIGIT, or a LOWER REGEX; any other token ends a run),
and it can match only in a text holding all of them. Each chunk is a regex; all of them are
searched for in one pass over a block by an RE2 Set, whose time is linear in the text.

A chunk may be found in a text the pattern does not match; it is never missing from
one the pattern matches. A word is matched whole, not inside a longer one ("off" is
not in "coffee"), except a word the tokenizer also cuts out of longer ones ("ca" of
"can't", "not" of "cannot"). A word that could not be spelled reliably in lowered
text, or a Set that cannot decide, opens everything rather than risk a miss.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import re2

# What str.isspace() calls whitespace (where spaCy's tokenizer splits), in RE2 syntax.
SPACE_CLASS = r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
NON_SPACE = f"[^{SPACE_CLASS}]"
ADJACENT = " ?"  # a token's trailing whitespace is one space or none; other space is a token of its own
BEFORE_WORD, AFTER_WORD = "(?:^|[^a-z])", "(?:[^a-z]|$)"  # RE2 has no lookaround: the neighbour is consumed
LITERAL_KEYS = ("LOWER", "ORTH", "TEXT")
SIGNS = "[+\\-±~]"  # LIKE_NUM reads a number after one of these
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.max_mem = 64 << 20  # the Set's DFA over every chunk of the built-in rules needs more than the default 8 MB


@dataclass(frozen=True)
class Fragment:
    """The text of one token: alternatives, each a regex and whether it may be bounded as a
    whole word on the left and on the right."""

    alternatives: tuple[tuple[str, bool, bool], ...]

    def regex(self, left: bool, right: bool) -> str:
        """The fragment, bounded as a word where asked and where its alternatives allow it."""
        groups: dict[tuple[bool, bool], list[str]] = {}
        for body, bounded_left, bounded_right in self.alternatives:
            groups.setdefault((left and bounded_left, right and bounded_right), []).append(body)
        return "(?:" + "|".join((BEFORE_WORD if l else "") + "(?:" + "|".join(bodies) + ")" + (AFTER_WORD if r else "")
                                for (l, r), bodies in sorted(groups.items())) + ")"


def _letter_bounds(word: str, split_pieces: frozenset[str]) -> tuple[bool, bool]:
    """Whether a token spelling `word` never has a letter just before it, or just after it."""
    if word in split_pieces:
        return False, False
    return word[0] in string.ascii_lowercase, word[-1] in string.ascii_lowercase


def words_fragment(words: Iterable[str], split_pieces: frozenset[str]) -> Fragment | None:
    """A token whose lower-case text is one of `words`; None when one could not be found as it
    is spelled in a lowered text (it holds space, or a Greek sigma, whose lower form hangs on context)."""
    words = sorted({str(word).lower() for word in words})
    if not words or any(not word or any(ch.isspace() or ch in "σς" for ch in word) for word in words):
        return None
    return Fragment(tuple((re2.escape(word), *_letter_bounds(word, split_pieces)) for word in words))


def numeral_fragment(number_words: Iterable[str], split_pieces: frozenset[str]) -> Fragment:
    """A token that spaCy's English LIKE_NUM accepts: one holding a numeral, or a number word,
    which may carry a sign and commas or periods anywhere (LIKE_NUM strips them)."""
    alternatives = [(f"{NON_SPACE}*\\pN{NON_SPACE}*", False, False)]
    for word in sorted(set(number_words)):
        spelled = "[.,]*".join(re2.escape(ch) for ch in word)
        alternatives.append((f"{SIGNS}?[.,]*{spelled}[.,]*", *_letter_bounds(word, split_pieces)))
    return Fragment(tuple(alternatives))


def regex_fragment(pattern: str) -> Fragment | None:
    """A token whose lower-case text a LOWER REGEX matches (searched for, as spaCy does): the
    regex itself, with the rest of the token on the sides it does not anchor. None when an
    anchor or a boundary stands anywhere but at an end: it would test the text, not the token."""
    parts = _regex_parts(pattern)
    if parts is None:
        return None
    body, starts, ends = parts
    regex = ("" if starts else f"{NON_SPACE}*") + f"(?:{body})" + ("" if ends else f"{NON_SPACE}*")
    return Fragment(((regex, False, False),))


def _regex_parts(pattern: str) -> tuple[str, bool, bool] | None:
    """`pattern` without a leading `^` and a trailing `$`, and whether it had them; None when it
    has another anchor or boundary, or anchors an end of only some of its top-level branches."""
    anchors, bars = [], False
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern[i + 1:i + 2] in ("A", "z", "b", "B"):
                return None
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 2 if pattern[i + 1:i + 2] == "^" else 1  # a `]` right after the opening is a member
            i += pattern[i:i + 1] == "]"
            continue
        elif char in "^$":
            anchors.append(i)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            bars = True
        i += 1
    starts, ends = 0 in anchors, len(pattern) - 1 in anchors and len(pattern) > 1
    if (bars and anchors) or set(anchors) - {0, len(pattern) - 1}:
        return None
    return pattern[int(starts):len(pattern) - int(ends)], starts, ends


def _spec_fragment(spec: dict, number_words: frozenset[str], split_pieces: frozenset[str]) -> Fragment | None:
    """The text a token matching `spec` must spell, or None when `spec` does not say."""
    if str(spec.get("OP", "1")) == "!":
        return None
    for key in LITERAL_KEYS:
        value = spec.get(key)
        if isinstance(value, str):
            return words_fragment([value], split_pieces)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return words_fragment(value["IN"], split_pieces)
    lower = spec.get("LOWER")
    if isinstance(lower, dict) and set(lower) == {"REGEX"} and isinstance(lower["REGEX"], str):
        return regex_fragment(lower["REGEX"])
    if spec.get("LIKE_NUM") is True:
        return numeral_fragment(number_words, split_pieces)
    if spec.get("IS_DIGIT") is True:
        return Fragment(((r"\pN+", False, False),))
    return None


def chunk(fragments: list[Fragment]) -> str:
    """The regex of tokens standing side by side, bounded as words at both ends."""
    last = len(fragments) - 1
    return ADJACENT.join(fragment.regex(i == 0, i == last) for i, fragment in enumerate(fragments))


def pattern_chunks(pattern: list, number_words: frozenset[str], split_pieces: frozenset[str]) -> tuple[str, ...]:
    """The chunks a text must hold for the token pattern to match in it (none: any text)."""
    chunks: list[str] = []
    run: list[Fragment] = []
    for spec in pattern:
        low, high = _counts(spec.get("OP", "1")) if isinstance(spec, dict) else (0, None)
        fragment = _spec_fragment(spec, number_words, split_pieces) if low and isinstance(spec, dict) else None
        if run and fragment is None:
            chunks.append(chunk(run))
            run = []
        if fragment is not None:
            run.append(fragment)
            if low != high or high != 1:  # more tokens of this spec may follow: the run ends here
                chunks.append(chunk(run))
                run = []
    if run:
        chunks.append(chunk(run))
    return tuple(dict.fromkeys(chunks))


def phrase_chunks(tokens: list[str], split_pieces: frozenset[str]) -> tuple[str, ...]:
    """The chunk of a phrase given as its tokens' lower-case texts (a token that cannot be
    spelled reliably ends a run, as in a pattern)."""
    return pattern_chunks([{"LOWER": token} for token in tokens], frozenset(), split_pieces)


def _counts(op) -> tuple[int, int | None]:
    """The fewest and most tokens a spec with operator `op` takes (None: no limit)."""
    op = str(op)
    if op in ("1", "!"):
        return 1, 1
    if op in ("?", "*", "+"):
        return int(op == "+"), 1 if op == "?" else None
    if op.startswith("{") and op.endswith("}"):
        low, comma, high = op[1:-1].partition(",")
        if low.strip().isdigit() or not low.strip():
            low_count = int(low.strip() or 0)
            if not comma:
                return low_count, low_count
            return low_count, int(high.strip()) if high.strip().isdigit() else None
    return 0, None


@lru_cache(maxsize=256)
def compiled(regex: str):
    """A chunk as an RE2 regex of its own, to search one text for it."""
    return re2.compile(regex, _OPTIONS)


class ChunkBook:
    """Every chunk of the compiled patterns, numbered, and searched for all at once."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._set = None  # compiled on first search after a chunk was added

    def number(self, regex: str) -> int:
        if regex not in self._numbers:
            compiled(regex)  # a chunk that does not compile fails here, naming itself
            self._numbers[regex] = len(self._numbers) + 1  # 0 is the Set's sentinel
            self._set = None
        return self._numbers[regex]

    @property
    def version(self) -> int:
        return len(self._numbers)

    def present(self, lowered: str) -> frozenset[int] | None:
        """The numbers of the chunks found in a lowered text; None when the Set could not tell
        (its DFA ran out of memory), and every chunk must be taken as present."""
        if self._set is None:
            self._set = re2.Set.SearchSet(_OPTIONS)
            self._set.Add("")  # matches every text: missing from the answer, the search failed
            for regex in self._numbers:
                self._set.Add(regex)
            self._set.Compile()
        found = self._set.Match(lowered.encode("utf-8", "replace"))
        return frozenset(found) if found and 0 in found else None


BOOK = ChunkBook()
