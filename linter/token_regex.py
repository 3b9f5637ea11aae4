"""REGEX in token patterns: checked when a rule pack loads, matched in linear time.

spaCy's Matcher runs a pattern's `REGEX` with Python's backtracking `re`, in which
`(a+)+$` takes exponential time and even `\\d+x` quadratic time on a long token, and
a token is as long as the longest run of an article without a space. So each REGEX
is compiled with RE2 (google-re2), whose matching time is linear in the text, and
becomes a lexical flag: RE2 decides it once per distinct word, and the Matcher only
tests a bit. A pattern RE2 cannot run (backreferences, lookaround), or one with a
nested quantifier, the shape of catastrophic backtracking that always has a simpler
equivalent (`(a+)+` is `a+`), is a load error naming the token, key and reason.
"""
from __future__ import annotations

import re

import re2
from spacy.attrs import LOWER, NORM, PREFIX, SHAPE, SUFFIX
from spacy.schemas import validate_token_pattern
from spacy.vocab import Vocab

# Token attributes a REGEX may test: the word itself, or a lexical attribute of it.
TEXT_ATTRIBUTES = {"ORTH": None, "TEXT": None, "LOWER": LOWER, "NORM": NORM, "SHAPE": SHAPE, "PREFIX": PREFIX,
                   "SUFFIX": SUFFIX}
LIST_OPERATORS = ("IN", "NOT_IN")
REPEAT = re.compile(r"\*|\+|\?|\{(\d+)(?:(,)(\d*))?\}")
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 would also print each error to stderr
_FLAGS: dict[tuple, int] = {}  # (vocab, attribute, negate, patterns) -> lexical flag id


class UnsafeRegex(ValueError):
    """A REGEX that cannot be matched in linear time; the message names the token, key and why."""


def linear_regexes(vocab: Vocab, pattern: list) -> list:
    """`pattern`, validated with spaCy's schema, with each REGEX predicate replaced by
    a lexical flag that RE2 computes. Add the result to a Matcher built with
    `validate=False`: flags have ids, not names, and the schema knows only names."""
    errors = validate_token_pattern(pattern)
    if errors:
        raise ValueError("; ".join(errors))
    rewritten = []
    for index, spec in enumerate(pattern):
        if not isinstance(spec, dict):
            rewritten.append(spec)
            continue
        spec = dict(spec)
        if "_" in spec:
            raise UnsafeRegex(f"token {index}: extension attributes ('_') are not available in rule packs")
        for key, value in list(spec.items()):
            operators = {str(op).upper(): op for op in value} if isinstance(value, dict) else {}
            if "REGEX" not in operators:
                continue
            where = f"token {index}: {key}.REGEX"
            if str(key).upper() not in TEXT_ATTRIBUTES:
                raise UnsafeRegex(f"{where}: REGEX applies to text attributes only "
                                  f"(allowed: {', '.join(TEXT_ATTRIBUTES)})")
            rest = {op: v for op, v in value.items() if op != operators["REGEX"]}
            if rest:
                spec[key] = rest
            else:
                del spec[key]
            spec[_flag(vocab, str(key).upper(), value[operators["REGEX"]], where)] = True
        rewritten.append(spec)
    return rewritten


def holds_regex(pattern: list) -> bool:
    """Whether some token spec of `pattern` tests a REGEX."""
    return any(isinstance(value, dict) and any(str(op).upper() == "REGEX" for op in value)
               for spec in pattern if isinstance(spec, dict) for value in spec.values())


def _flag(vocab: Vocab, attribute: str, value, where: str) -> int:
    """The id of a lexical flag telling whether a word's `attribute` matches `value`:
    a regex, or {IN: [regexes]} (one matches) or {NOT_IN: [regexes]} (none does)."""
    if isinstance(value, str):
        negate, patterns = False, (value,)
    elif isinstance(value, dict) and len(value) == 1 and str(next(iter(value))).upper() in LIST_OPERATORS \
            and isinstance(next(iter(value.values())), list):
        negate, patterns = str(next(iter(value))).upper() == "NOT_IN", tuple(next(iter(value.values())))
    else:
        raise UnsafeRegex(f"{where}: expected a regular expression, or {{IN: [...]}} or {{NOT_IN: [...]}} of them")
    key = (vocab, attribute, negate, patterns)
    if key not in _FLAGS:
        regexes = _regex_set(patterns, where)
        getter = vocab.lex_attr_getters.get(TEXT_ATTRIBUTES[attribute]) or (lambda word: word)
        try:
            _FLAGS[key] = vocab.add_flag(lambda word: (regexes.Match(getter(word)) is None) == negate)
        except ValueError:
            raise UnsafeRegex(f"{where}: too many different REGEX predicates in the rule packs "
                              f"(at most {len(_FLAGS)})") from None
    return _FLAGS[key]


def _regex_set(patterns: tuple, where: str) -> re2.Set:
    """`patterns` as one RE2 set, each checked by `add_linear`: spaCy asks each flag of every
    word it meets, and for words this short the Python wrapper of a regex search costs more
    than RE2's own work, a third of which a set search costs."""
    regexes = re2.Set.SearchSet(_RE2_OPTIONS)
    for pattern in patterns:
        add_linear(regexes, pattern, where)
    regexes.Compile()
    return regexes


def add_linear(regexes: re2.Set, pattern, where: str) -> None:
    """Add `pattern` to the RE2 set `regexes`; raises UnsafeRegex saying why it cannot be matched
    in linear time. RE2 parses it once; only a pattern it refuses is compiled again, for the reason."""
    if not isinstance(pattern, str):
        raise UnsafeRegex(f"{where}: expected a regular expression string, got {type(pattern).__name__}")
    try:
        regexes.Add(pattern)
    except re2.error:
        raise UnsafeRegex(f"{where}: {pattern!r} cannot be matched in linear time ({_refusal(pattern)}; "
                          f"backreferences and lookaround are not supported)") from None
    nested = nested_quantifier(pattern)
    if nested:
        raise UnsafeRegex(f"{where}: {pattern!r} has a nested quantifier {nested!r}, which can take exponential "
                          f"time; repeat only one level")


def _refusal(pattern: str) -> str:
    """RE2's reason for refusing `pattern` (the set says only that it did)."""
    try:
        re2.compile(pattern, _RE2_OPTIONS)
    except re2.error as error:
        return error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) \
            else str(error)
    return "refused"


def nested_quantifier(pattern: str) -> str | None:
    """The first group that is repeated more than once and whose body (some branch of
    it) ends in a variable repeat, such as `(a+)+` or `(\\w+\\s?)*`: each pass can end
    at many places, and a backtracking engine tries every split. None when there is none;
    `([a-z]+\\.)+`, whose passes end at a fixed character, is fine."""
    open_groups: list[list] = []  # [start, a finished branch ends in a repeat, the current one does]
    closed: tuple[int, bool] | None = None  # the group that just closed: (start, it ends in a repeat)
    i = 0
    while i < len(pattern):
        char = pattern[i]
        repeat = REPEAT.match(pattern, i)
        if char == "(":
            open_groups.append([i, False, False])
            i, closed = _group_body(pattern, i + 1), None
            continue
        if char == ")" and open_groups:
            start, finished, current = open_groups.pop()
            i, closed = i + 1, (start, finished or current)
            _ends_in_repeat(open_groups, False)
            continue
        if char == "|" and open_groups:
            open_groups[-1][1] = open_groups[-1][1] or open_groups[-1][2]
            open_groups[-1][2] = False
            i, closed = i + 1, None
            continue
        if repeat:
            low, comma, high = repeat.groups()
            token = repeat.group()
            variable = token in ("*", "+", "?") or bool(comma and high != low)
            many = token in ("*", "+") or bool(comma and (not high or int(high) > 1)) or \
                bool(not comma and low and int(low) > 1)
            end = repeat.end() + (1 if pattern[repeat.end():repeat.end() + 1] == "?" else 0)  # lazy
            if closed and closed[1] and many:
                return pattern[closed[0]:end]
            _ends_in_repeat(open_groups, variable)
            i, closed = end, None
            continue
        i = i + 2 if char == "\\" else class_end(pattern, i) if char == "[" else i + 1
        closed = None
        _ends_in_repeat(open_groups, False)
    return None


def _ends_in_repeat(open_groups: list[list], value: bool) -> None:
    if open_groups:
        open_groups[-1][2] = value


def _group_body(pattern: str, i: int) -> int:
    """Where the body of a group starts, `i` being just after its `(`: past `?:`,
    `?P<name>`, `?<name>` or inline flags (`?i:`; a bare `(?i)` has no body)."""
    if not pattern.startswith("?", i):
        return i
    if pattern.startswith(("?P<", "?<"), i):
        close = pattern.find(">", i)
        return close + 1 if close >= 0 else len(pattern)
    ends = [at for at in (pattern.find(":", i), pattern.find(")", i)) if at >= 0]
    end = min(ends, default=len(pattern))
    return end + 1 if pattern[end:end + 1] == ":" else end


def class_end(pattern: str, start: int) -> int:
    """The index just after the character class opening at `start`."""
    i = start + 1
    if pattern[i:i + 1] == "^":
        i += 1
    if pattern[i:i + 1] == "]":  # a leading ] is a literal
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1
