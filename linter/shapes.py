"""A token pattern's chunks: regexes a block's lowered text must match for the pattern to
match in it, tested after the word gates (linter.gates) open and before spaCy runs.

A gate asks whether a block holds the words a pattern needs, anywhere. spaCy's tokens
hold no whitespace, the text between two adjacent tokens is one space or none (any
other whitespace is a token of its own), and a Doc's tokens spell its text. So tokens
that a pattern needs side by side ("promo" then "code", a number then "%") spell, in the
lowered text, their words with at most a space between: a chunk. A pattern's chunks are
its runs of adjacent tokens (a token that needs a listed word, through LOWER, ORTH or
TEXT, a number, through LIKE_NUM or IS_DIGIT, or a LOWER REGEX; tokens that may be
missing or repeat a few times stay inside a run; any other token ends it).

A chunk may be found in a text the pattern does not match; it is never missing from
one the pattern matches. A word is matched whole, not inside a longer one ("off" is
not in "coffee"), except a word the tokenizer also cuts out of longer ones ("ca" of
"can't", "not" of "cannot"); a word that could not be spelled reliably in lowered text
ends a run. Chunks run on RE2, whose time is linear in the text.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Container

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


@dataclass(frozen=True)
class Spelling:
    """One way a token may be spelled: its core, the characters that may stand around the
    core inside the token (none of them a letter, when the core is bounded on that side),
    and whether a letter can never stand right before or after the token."""

    core: str
    bounded_left: bool = False
    bounded_right: bool = False
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Fragment:
    """The text of one token, in any of its spellings."""

    spellings: tuple[Spelling, ...]
    beyond_words: bool = False  # alone, it tells more than a word gate (linter.gates) does

    def regex(self, first: bool, last: bool) -> str:
        """The fragment as it stands in a chunk. At the chunk's start a search finds the core
        wherever it is, so what may stand before it in the token is left out, and a word
        boundary is asked there instead where the spelling allows one; likewise at the end."""
        groups: dict[tuple[str, str], list[str]] = {}
        for spelling in self.spellings:
            left = (BEFORE_WORD if spelling.bounded_left else "") if first else spelling.before
            right = (AFTER_WORD if spelling.bounded_right else "") if last else spelling.after
            groups.setdefault((left, right), []).append(spelling.core)
        return "(?:" + "|".join(f"{left}(?:{'|'.join(cores)}){right}" for (left, right), cores in groups.items()) + ")"


# A token that a flag holds of is made of characters, whatever they are: inside a run it
# stands for what lies between its neighbours (it never starts or ends one).
WORD_FLAGS = ("IS_ALPHA", "IS_TITLE", "IS_UPPER", "IS_LOWER", "IS_PUNCT", "IS_CURRENCY", "LIKE_URL", "LIKE_EMAIL")
SOME_WORD = Fragment((Spelling(f"{NON_SPACE}+"),))


def _letter_bounds(word: str, split_pieces: Container[str]) -> tuple[bool, bool]:
    """Whether a token spelling `word` never has a letter just before it, or just after it."""
    if word in split_pieces:
        return False, False
    return word[0] in string.ascii_lowercase, word[-1] in string.ascii_lowercase


# Rule packs repeat their word lists (one population list serves a dozen patterns), and a
# fragment of fifty number words is costly to spell out: each is worked out once.
@lru_cache(maxsize=4096)
def words_fragment(words: frozenset[str], split_pieces: frozenset[str]) -> Fragment | None:
    """A token whose lower-case text is one of `words`; None when one could not be found as it
    is spelled in a lowered text (it holds space, or a Greek sigma, whose lower form hangs on context)."""
    words = sorted({str(word).lower() for word in words})
    if not words or any(not word or any(ch.isspace() or ch in "σς" for ch in word) for word in words):
        return None
    return Fragment(tuple(Spelling(re2.escape(word), *_letter_bounds(word, split_pieces)) for word in words))


@lru_cache(maxsize=64)
def numeral_fragment(number_words: frozenset[str], split_pieces: frozenset[str]) -> Fragment:
    """A token that spaCy's English LIKE_NUM accepts: one holding a numeral, or a number word,
    which may carry a sign and commas or periods anywhere (LIKE_NUM strips them)."""
    words = sorted(number_words)
    bounds = [_letter_bounds(word, split_pieces) for word in words]
    spellings = [Spelling(r"\pN", before=f"{NON_SPACE}*", after=f"{NON_SPACE}*")]
    spellings += [Spelling(re2.escape(word), *bound, f"{SIGNS}?[.,]*", "[.,]*") for word, bound in zip(words, bounds)]
    # A word with a comma or period between its letters ("t.wo") stands for them all: far
    # shorter than each number word spelled that way, which every chunk holding one would carry.
    spellings.append(Spelling("[a-z]+[.,]+[a-z][a-z.,]*", all(b[0] for b in bounds), all(b[1] for b in bounds),
                              f"{SIGNS}?[.,]*"))
    return Fragment(tuple(spellings))


def regex_fragment(pattern: str) -> Fragment | None:
    """A token whose lower-case text a LOWER REGEX matches (searched for, as spaCy does): the
    regex itself, with the rest of the token on the sides it does not anchor. None when an
    anchor or a boundary stands anywhere but at an end: it would test the text, not the token."""
    parts = _regex_parts(pattern)
    if parts is None:
        return None
    body, starts, ends = parts
    return Fragment((Spelling(f"(?:{body})", before="" if starts else f"{NON_SPACE}*",
                              after="" if ends else f"{NON_SPACE}*"),), beyond_words=True)


def _regex_parts(pattern: str) -> tuple[str, bool, bool] | None:
    """`pattern` without a leading `^` and a trailing `$`, and whether it had them; None when it
    has another anchor or boundary, or anchors an end of only some of its top-level branches."""
    from .token_regex import class_end  # loaded with the patterns it serves, which need spaCy anyway

    anchors, bars = [], False
    depth, i = 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if pattern[i + 1:i + 2] in ("A", "z", "b", "B"):
                return None
            i += 2
            continue
        if char == "[":
            i = class_end(pattern, i)
            continue
        if char in "^$":
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
            return words_fragment(frozenset([value]), split_pieces)
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return words_fragment(frozenset(map(str, value["IN"])), split_pieces)
    lower = spec.get("LOWER")
    if isinstance(lower, dict) and set(lower) == {"REGEX"} and isinstance(lower["REGEX"], str):
        return regex_fragment(lower["REGEX"])
    if spec.get("LIKE_NUM") is True:
        return numeral_fragment(number_words, split_pieces)
    if spec.get("IS_DIGIT") is True:
        return Fragment((Spelling(r"\pN+"),))
    if any(spec.get(flag) is True for flag in WORD_FLAGS):
        return SOME_WORD
    return None


MOST_REPEATS = 3  # a token repeated up to this often stays inside its chunk


def chunk(run: list[tuple[Fragment, int, int]]) -> str:
    """The regex of tokens standing side by side, each (fragment, fewest, most times), the
    first and last once each: bounded as words at both ends."""
    last = len(run) - 1
    parts = []
    for i, (fragment, low, high) in enumerate(run):
        if i in (0, last):
            parts.append(("" if i == 0 else ADJACENT) + fragment.regex(i == 0, i == last))
        else:
            parts.append(f"(?:{ADJACENT}{fragment.regex(False, False)}){{{low},{high}}}")
    return "".join(parts)


def pattern_chunks(pattern: list, number_words: frozenset[str], split_pieces: Container[str]) -> tuple[str, ...]:
    """The chunks a text must hold for the token pattern to match in it (none: any text).

    A run of tokens starts and ends at a token that must stand there once; tokens that may
    be missing or repeated a few times stay inside it. A token whose text is unknown, or
    that may repeat without limit, ends the run."""
    chunks: list[str] = []
    run: list[tuple[Fragment, int, int]] = []
    pieces, number_words = frozenset(split_pieces), frozenset(number_words)  # hashable, for the fragment caches

    def close() -> None:
        while run and (run[-1][1:] != (1, 1) or run[-1][0] is SOME_WORD):
            run.pop()
        if len(run) > 1 or run and run[0][0].beyond_words:  # one listed word alone: the word gate's
            chunks.append(chunk(run))
        run.clear()

    for spec in pattern:
        low, high = op_counts(spec.get("OP", "1")) if isinstance(spec, dict) else (0, None)
        fragment = _spec_fragment(spec, number_words, pieces) if isinstance(spec, dict) else None
        if fragment is None or high == 0:
            close()
        elif high is not None and high <= MOST_REPEATS and (run or ((low, high) == (1, 1)
                                                                  and fragment is not SOME_WORD)):
            run.append((fragment, low, high))
        else:  # it may repeat without limit, or start a run optionally
            if low and fragment is not SOME_WORD:  # its first token still stands right after the run
                run.append((fragment, 1, 1))
            close()
    close()
    return tuple(dict.fromkeys(chunks))


def op_counts(op) -> tuple[int, int | None]:
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


@lru_cache(maxsize=None)
def compiled(regex: str):
    """A chunk as an RE2 regex over UTF-8 bytes (searching bytes skips the wrapper's offset
    bookkeeping for str, half the cost of a search). Each stays small, so RE2 builds its
    automaton in little time however varied the texts: one Set of every chunk built states
    for seconds on varied prose."""
    return re2.compile(regex.encode(), _OPTIONS)
