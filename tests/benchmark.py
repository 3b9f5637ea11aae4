"""Benchmark: speed and memory of `healthlint check` on a generated corpus.

Run: python tests/benchmark.py [--articles 2000] [--runs 3]
Generates varied articles (Markdown, HTML, plain text) from a fixed seed, then prints
medians of several runs: docs/s, words/s, peak RSS of the whole run, the cold start of a
one-file run against a bare `import spacy; spacy.blank("en")`, and markdown-it-py
parsing the same Markdown as a floor. Numbers only; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 20261125
SENTENCES = [
    "Magnesium helps regulate the nervous system and may ease the transition to sleep.",
    "About {pct}% of adults report trouble falling asleep at least once a week.",
    "According to the CDC, {pct}% of US adults do not get enough sleep.",
    "Take {dose} mg with food, and do not exceed the dose on the label.",
    "Studies show that one in {n} people will try a supplement this year.",
    "Our editors tested {n} products over {n} weeks in {year}.",
    "If you are thinking about suicide, call or text the 988 Suicide & Crisis Lifeline.",
    "Plans start at ${n}5 per week, and new members can start a free trial.",
    "Talk to your doctor before starting anything new, especially if you take other medicines.",
    "Researchers at Stanford found that short naps improved alertness by {pct}%.",
    "Regular exercise, a cool bedroom and a consistent schedule all help.",
    "People who drink coffee late are twice as likely to sleep poorly.",
]
ITEMS = ["Avocado", "Olive oil", "Walnuts", "Leafy greens", "Third-party tested", "Avocados", "Oily fish",
         "Beans and lentils", "Whole grains", "Berries"]
DISCLAIMER = "This article is for informational purposes only and is not a substitute for professional medical advice."


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES).format(pct=rng.randint(5, 80), dose=rng.choice([100, 200, 400]),
                                                 n=rng.randint(2, 9), year=rng.randint(2015, 2025))
                    for _ in range(rng.randint(3, 6)))


def article(rng: random.Random, fmt: str, words: int) -> str:
    blocks: list[tuple[str, object]] = [("h", "A guide to better sleep")]
    count = 0
    while count < words:
        if rng.random() < 0.2:
            items = rng.sample(ITEMS, 5)
            blocks.append(("ul", items))
            count += sum(len(i.split()) for i in items)
        else:
            text = _paragraph(rng)
            if rng.random() < 0.1:
                text += " Try [our pick](https://amzn.to/3x{0}) today.".format(rng.randint(100, 999))
            blocks.append(("p", text))
            count += len(text.split())
    if rng.random() < 0.7:
        blocks.append(("p", DISCLAIMER))
    if fmt == "md":
        out = ["---\ntitle: Sleep\n---"]
        for kind, value in blocks:
            out.append(f"# {value}" if kind == "h" else "\n".join(f"- {i}" for i in value) if kind == "ul" else value)
        return "\n\n".join(out) + "\n"
    if fmt == "html":
        out = ["<!DOCTYPE html><html><head><title>Sleep</title><script>var x = 1;</script></head><body><main>"]
        for kind, value in blocks:
            if kind == "h":
                out.append(f"<h1>{value}</h1>")
            elif kind == "ul":
                out.append("<ul>" + "".join(f"<li>{i}</li>" for i in value) + "</ul>")
            else:
                text = str(value).replace("[our pick](", '<a href="').replace(") today", '">our pick</a> today')
                out.append(f"<p>{text}</p>")
        return "\n".join(out + ["</main><footer>&copy; Example Health</footer></body></html>"]) + "\n"
    out = []
    for kind, value in blocks:
        out.append("\n".join(f"• {i}" for i in value) if kind == "ul" else str(value))
    return "\n\n".join(out) + "\n"


def generate(folder: Path, count: int, words: int) -> int:
    rng = random.Random(SEED)
    total = 0
    for index in range(count):
        fmt = ("md", "html", "txt")[index % 3]
        text = article(rng, fmt, words)
        (folder / f"article-{index:05d}.{fmt}").write_text(text, encoding="utf-8")
        total += len(text.split())
    return total


def timed(command: list[str], runs: int) -> tuple[float, int]:
    """Median wall time of `runs` runs, and the peak RSS (KiB) of the children so far."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def markdown_floor(folder: Path, runs: int) -> float:
    """Words/s of markdown-it-py alone parsing the corpus's Markdown files."""
    from markdown_it import MarkdownIt

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.md"))]
    words = sum(len(t.split()) for t in texts)
    md = MarkdownIt("commonmark").enable("table")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text in texts:
            md.parse(text)
        times.append(time.perf_counter() - start)
    return words / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=800, help="approximate words per article")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    healthlint = shutil.which("healthlint") or str(Path(sys.executable).with_name("healthlint"))
    with tempfile.TemporaryDirectory(prefix="healthlint-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        words = generate(folder, args.articles, args.words)
        print(f"corpus: {args.articles} articles, {words} words (seed {SEED})")
        seconds, peak = timed([healthlint, "check", "-f", "json", str(folder)], args.runs)
        print(f"check corpus: median {seconds:.2f} s over {args.runs} runs; "
              f"{args.articles / seconds:.0f} docs/s; {words / seconds:,.0f} words/s; peak RSS {peak / 1024:.0f} MiB")
        floor = markdown_floor(folder, args.runs)
        print(f"markdown-it-py alone on the Markdown files: {floor:,.0f} words/s")
        one = folder / "article-00000.md"
        cold, _ = timed([healthlint, "check", str(one)], max(args.runs, 5))
        bare, _ = timed([sys.executable, "-c", "import spacy; spacy.blank('en')"], max(args.runs, 5))
        print(f"cold start, one file: median {cold:.2f} s; bare spaCy import + blank('en'): {bare:.2f} s; "
              f"ratio {cold / bare:.2f}")


if __name__ == "__main__":
    main()
