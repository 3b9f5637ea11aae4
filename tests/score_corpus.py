"""Score the built-in rules against the hand-judged evaluation corpus (fixtures/corpus/).

Run: python tests/score_corpus.py [CORPUS_DIR]
Prints, per rule, true positives, false positives, misses, precision and recall, then
every miss and false alarm with file:line. Findings match by file, rule and line.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
ARTICLE_SUFFIXES = (".md", ".html", ".txt")


@dataclass
class RuleScore:
    true_positives: int = 0
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + len(self.misses)
        return self.true_positives / expected if expected else 1.0


def articles(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def expected_findings(article: Path) -> Counter:
    sidecar = article.with_name(article.stem + ".expected.yaml")
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    return Counter((f["rule"], f["line"]) for f in data.get("findings") or [])


def score(corpus: Path = CORPUS, rules=None) -> dict[str, RuleScore]:
    from linter import default_rules
    from linter.engine import lint_file

    rules = default_rules() if rules is None else rules
    scores = {rule.id: RuleScore() for rule in rules}
    for article in articles(corpus):
        result = lint_file(str(article), rules)
        if result.error:
            raise RuntimeError(f"{article}: {result.error}")
        found = Counter((f.rule, f.line) for f in result.findings)
        expected = expected_findings(article)
        for (rule, line), count in (found | expected).items():
            hits = min(found[(rule, line)], expected[(rule, line)])
            scores[rule].true_positives += hits
            scores[rule].false_positives += [f"{article.name}:{line}"] * (found[(rule, line)] - hits)
            scores[rule].misses += [f"{article.name}:{line}"] * (expected[(rule, line)] - hits)
    return scores


def format_table(scores: dict[str, RuleScore]) -> str:
    lines = [f"{'rule':<22} {'TP':>4} {'FP':>4} {'miss':>4} {'precision':>9} {'recall':>7}"]
    for rule, s in sorted(scores.items()):
        lines.append(f"{rule:<22} {s.true_positives:>4} {len(s.false_positives):>4} {len(s.misses):>4} "
                     f"{s.precision:>9.3f} {s.recall:>7.3f}")
    for rule, s in sorted(scores.items()):
        lines += [f"  false alarm  {rule}  {where}" for where in s.false_positives]
        lines += [f"  miss         {rule}  {where}" for where in s.misses]
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_table(score(Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS)))
