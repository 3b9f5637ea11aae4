"""A benchmark corpus of realistic articles, generated from a fixed seed.

Articles are assembled from the blocks (paragraphs, headings, lists) of the
hand-written accuracy corpus in fixtures/corpus, so their vocabulary, sentence
lengths, figures, links and promotions are those of real health writing rather
than a handful of repeated sentences. Markdown blocks become Markdown articles,
HTML articles (rendered by markdown-it-py inside a page with a head, nav and
footer) and, from the plain-text sources, plain-text articles.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
SEED = 20261125
FORMATS = ("md", "html", "txt")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/site.css"><script>window.dataLayer = [];</script></head>
<body><nav><a href="/">Home</a> <a href="/health">Health A-Z</a></nav>
<main><article>
{body}
</article></main>
<footer><p>&copy; 2026 Example Health Media</p></footer></body></html>
"""


def _blocks(fmt: str) -> list[str]:
    """Every blank-line separated block of the corpus sources in `fmt` (md for html too)."""
    suffix = "txt" if fmt == "txt" else "md"
    blocks = []
    for path in sorted(CORPUS.glob(f"*.{suffix}")):
        text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))
        blocks += [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    return blocks


def _is_heading(block: str, fmt: str) -> bool:
    return block.startswith("#") if fmt != "txt" else len(block.split()) <= 8 and "\n" not in block


def article(rng: random.Random, fmt: str, words: int, blocks: list[str], render) -> tuple[str, int]:
    """One article of about `words` words (a title, then blocks drawn at random) and its word count."""
    title = next(b for b in rng.sample(blocks, 40) if _is_heading(b, fmt)).lstrip("# ")
    chosen, count = [], 0
    while count < words:
        block = rng.choice(blocks)
        chosen.append(block)
        count += len(block.split())
    count += len(title.split())
    body = "\n\n".join(chosen)
    if fmt == "md":
        return f"---\ntitle: \"{title}\"\n---\n\n# {title}\n\n{body}\n", count
    if fmt == "txt":
        return f"{title}\n\n{body}\n", count
    return HTML_PAGE.format(title=title, body=render(f"# {title}\n\n{body}")), count


def generate(folder: Path, count: int, words: int) -> dict[str, int]:
    """Write `count` articles (formats in turn) into `folder`; words per format."""
    from markdown_it import MarkdownIt

    render = MarkdownIt("commonmark").enable("table").render
    rng = random.Random(SEED)
    pools = {fmt: _blocks(fmt) for fmt in FORMATS}
    totals = dict.fromkeys(FORMATS, 0)
    for index in range(count):
        fmt = FORMATS[index % 3]
        text, count_words = article(rng, fmt, words, pools[fmt], render)
        (folder / f"article-{index:05d}.{fmt}").write_text(text, encoding="utf-8")
        totals[fmt] += count_words
    return totals
