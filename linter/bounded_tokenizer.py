"""spaCy's tokenizer, kept linear on runs of punctuation and symbols without a space.

The tokenizer peels prefixes and suffixes off a word one at a time, re-slicing the
rest each time, so a run of them without a space ('[[[[...', '*****', emoji) takes
time quadratic in its length: 5,000 such characters took 2.4 s, 40,000 over two
minutes. Any run of non-space characters longer than RUN_LIMIT is cut into tokens of
that length before the tokenizer sees it; no word a rule reads is that long, and the
Doc's text, and so every offset, stays the same.
"""
from __future__ import annotations

import re

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

RUN_LIMIT = 200
LONG_RUN = re.compile(r"\S{%d,}" % (RUN_LIMIT + 1))


class BoundedTokenizer:
    """Wraps a spaCy tokenizer; use it as `nlp.tokenizer`."""

    def __init__(self, tokenizer) -> None:
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab

    @property
    def rules(self) -> dict:
        """The wrapped tokenizer's special cases ("can't" -> "ca", "n't")."""
        return self.tokenizer.rules

    def __call__(self, text: str) -> Doc:
        if not LONG_RUN.search(text):
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for run in LONG_RUN.finditer(text):
            self._tokenize(text[position:run.start()], words, spaces)
            chunks = [run.group()[i:i + RUN_LIMIT] for i in range(0, len(run.group()), RUN_LIMIT)]
            words.extend(chunks)
            spaces.extend([False] * len(chunks))
            position = run.end()
            if text.startswith(" ", position):  # the space after the run belongs to its last token
                spaces[-1] = True
                position += 1
        self._tokenize(text[position:], words, spaces)
        from spacy.tokens import Doc

        return Doc(self.vocab, words=words, spaces=spaces)

    def _tokenize(self, text: str, words: list[str], spaces: list[bool]) -> None:
        for token in self.tokenizer(text) if text else ():
            words.append(token.text)
            spaces.append(bool(token.whitespace_))

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)
