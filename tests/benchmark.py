"""Benchmark: speed and memory of healthlint on a generated corpus. Numbers only; nothing asserts a time.

Run: python tests/benchmark.py [--articles 10000] [--runs 3] [--jobs N]
The corpus (tests/bench_corpus.py) is generated from a fixed seed: realistic articles of
about 1,200 words in Markdown, HTML and plain text. Every figure is a median of --runs runs,
and every comparison is between numbers measured in the same run of this script:
  - words/s per core of the whole lint path (read, parse, all rules) for each format, in
    process, against markdown-it-py alone parsing the same Markdown (the floor);
  - the CLI end to end: docs/s and words/s with --jobs 1 and --jobs N, their ratio, and
    whether the outputs are byte-identical;
  - a re-run answered from the cache, and whether its output is identical;
  - cold start of a one-file run (--no-cache) against `import spacy; spacy.blank("en")`,
    run in turn, at least COLD_RUNS of each;
  - peak RSS of the largest process of each CLI run, and what happens to a 50 MB article.
The package's bytecode is compiled first, as installing it does: with PYTHONDONTWRITEBYTECODE
set, an editable install would otherwise compile every module again in every CLI run.
"""
from __future__ import annotations

import argparse
import compileall
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_corpus import FORMATS, SEED, generate  # noqa: E402

import linter  # noqa: E402
from linter.batch import default_jobs  # noqa: E402


# One-file runs take under a second and vary by a tenth between runs on a shared machine:
# their median takes more of them than the long runs' do.
COLD_RUNS = 11


def run_cli(args: list[str], cwd: Path) -> tuple[float, int, str, int]:
    """Wall time, exit code, SHA-256 of stdout and peak RSS (KiB) of one CLI run. Outputs are
    compared by digest: holding them would grow this process, and a child forked from it
    starts its peak RSS at this process's size."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "linter", *args], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    digest = hashlib.sha256()
    for chunk in iter(lambda: process.stdout.read(1 << 20), b""):
        digest.update(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, os.waitstatus_to_exitcode(status), digest.hexdigest(), usage.ru_maxrss


def median_cli(args: list[str], cwd: Path, runs: int) -> tuple[float, str, int]:
    results = [run_cli(args, cwd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), results[0][2], max(r[3] for r in results)


def in_process(folder: Path, runs: int) -> dict[str, float]:
    """Seconds (median, CPU time of this process) to lint each format's files, and for
    markdown-it-py to parse the Markdown ones; measured in turn, run after run. Each parse
    is dropped when done, as linting drops each article's: holding every article's tokens
    made Python's cycle collector walk them again and again, two fifths of the time the
    floor took, and flattered healthlint's share of it."""
    from markdown_it import MarkdownIt

    from linter.config import Config
    from linter.engine import lint_bytes

    rules = Config().rules_for()
    files = {fmt: [(str(p), p.read_bytes()) for p in sorted(folder.glob(f"*.{fmt}"))] for fmt in FORMATS}
    markdown = MarkdownIt("commonmark").enable("table")
    texts = [data.decode("utf-8") for _, data in files["md"]]
    tasks = {fmt: (lambda fmt=fmt: [lint_bytes(path, data, rules) for path, data in files[fmt]]) for fmt in FORMATS}

    def parse_each() -> None:
        for text in texts:
            markdown.parse(text)  # dropped at once, as the lint path drops each article's parse

    tasks["markdown-it-py"] = parse_each
    tasks["md"]()  # warm the tokenizer's caches and the lemma tables once
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(runs):
        for name, task in tasks.items():
            start = time.process_time()
            task()
            times[name].append(time.process_time() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--words", type=int, default=1200, help="approximate words per article")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--sample", type=int, default=600, help="articles per format for in-process speed")
    args = parser.parse_args()
    compileall.compile_dir(Path(linter.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="healthlint-bench-") as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        words = generate(corpus, args.articles, args.words)
        total = sum(words.values())
        print(f"corpus: {args.articles} articles, {total:,} words ({', '.join(f'{k} {v:,}' for k, v in words.items())}),"
              f" seed {SEED}; {args.jobs} jobs on {os.cpu_count()} CPUs; medians of {args.runs} runs")

        options = ["check", "-f", "json", "--no-cache", "."]
        serial, serial_out, serial_rss = median_cli([*options, "-j", "1"], corpus, args.runs)
        parallel, parallel_out, parallel_rss = median_cli([*options, "-j", str(args.jobs)], corpus, args.runs)
        print(f"CLI --jobs 1: {serial:.2f} s, {args.articles / serial:,.0f} docs/s, {total / serial:,.0f} words/s; "
              f"peak RSS {serial_rss / 1024:.0f} MiB")
        print(f"CLI --jobs {args.jobs}: {parallel:.2f} s, {args.articles / parallel:,.0f} docs/s, "
              f"{total / parallel / args.jobs:,.0f} words/s per core; scaling {serial / parallel:.2f}x; "
              f"largest process {parallel_rss / 1024:.0f} MiB; output identical: {parallel_out == serial_out}")

        cached_options = ["check", "-f", "json", "-j", str(args.jobs), "."]
        _, _, first_out, _ = run_cli(cached_options, corpus)  # fills .healthlint_cache
        cached, cached_out, cached_rss = median_cli(cached_options, corpus, args.runs)
        print(f"CLI re-run from the cache: {cached:.2f} s; peak RSS {cached_rss / 1024:.0f} MiB; "
              f"output identical: {cached_out == first_out == serial_out}")

        one = next(corpus.glob("*.md"))
        colds, bares = [], []
        for _ in range(max(args.runs, COLD_RUNS)):
            colds.append(run_cli(["check", "--no-cache", str(one)], corpus)[0])
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import spacy; spacy.blank('en')"], check=True)
            bares.append(time.perf_counter() - start)
        cold, bare = statistics.median(colds), statistics.median(bares)
        print(f"cold start, one file: {cold:.2f} s; bare spaCy import + blank('en'): {bare:.2f} s; "
              f"ratio {cold / bare:.2f}")

        huge = root / "huge.md"
        paragraph = one.read_bytes()
        with huge.open("wb") as stream:  # piece by piece: a child forked from a large process reports its RSS
            for _ in range(50 * 1024 * 1024 // len(paragraph) + 1):
                stream.write(paragraph)
        huge_time, huge_code, _, huge_rss = run_cli(["check", "--no-cache", str(huge)], root)
        print(f"50 MB article: exit {huge_code} in {huge_time:.2f} s, peak RSS {huge_rss / 1024:.0f} MiB")

        # In process last: a CLI run forked from a process holding spaCy would report its RSS.
        sample = root / "sample"
        sample.mkdir()
        sample_words = generate(sample, args.sample * 3, args.words)
        seconds = in_process(sample, args.runs)
        floor = sample_words["md"] / seconds["markdown-it-py"]
        print(f"markdown-it-py alone, Markdown: {floor:,.0f} words/s per core")
        for fmt in FORMATS:
            speed = sample_words[fmt] / seconds[fmt]
            print(f"healthlint in process, {fmt}: {speed:,.0f} words/s per core"
                  + (f" ({speed / floor:.0%} of markdown-it-py)" if fmt == "md" else ""))


if __name__ == "__main__":
    main()
