"""What a change touched, from real git: the articles to lint and the lines to report on.

As reviewdog's added-lines filter does for Vale, a finding is kept when its span touches
a line the change added or modified, and a finding about the whole article whenever the
article's file changed, so a pull request is judged on its own lines, not on the old ones
around them. "Changed since REF" counts from where the branch left REF (their merge base,
as `git diff REF...` does), so commits that landed on REF later are not this change;
it covers committed, staged and unstaged edits to tracked files and untracked files
that git does not ignore. Deleted files are skipped; a renamed file is followed to its
new path, and a pure rename (same content) is no change to its text.
"""
from __future__ import annotations

import codecs
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .finding import Finding
from .sources import LINTED_SUFFIXES

HUNK = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
# Override user settings that would change the diff's shape: colour, external or textconv
# diff drivers, other path prefixes, paths relative to a subfolder.
DIFF = ("-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative",
        "--find-renames", "--ignore-submodules")


class ChangesError(Exception):
    """Git could not say what changed (no repository, unknown ref, no shared history)."""


@dataclass(frozen=True)
class Changes:
    """Each changed article (path relative to the working directory) with its added or
    modified line numbers; None means every line is new (a file git does not track yet)."""

    lines: dict[str, frozenset[int] | None]

    @property
    def paths(self) -> list[str]:
        return sorted(self.lines)

    def touches(self, finding: Finding) -> bool:
        changed = self.lines.get(finding.path, frozenset())
        if finding.document_level or changed is None:
            return True
        return any(line in changed for line in range(finding.line, finding.end_line + 1))


def _git(args: tuple[str, ...] | list[str], what: str) -> bytes:
    try:
        done = subprocess.run(["git", "--literal-pathspecs", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise ChangesError("--changed-since needs git, which was not found") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ChangesError(f"--changed-since: {what}" + (f" ({detail[0]})" if detail else ""))
    return done.stdout


def _merge_base(ref: str) -> str:
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                  f"unknown git ref {ref!r}").decode().strip()
    return _git(["merge-base", commit, "HEAD"],
                f"{ref!r} and HEAD share no history (in a shallow clone, fetch the history of both)").decode().strip()


def _unquote(name: bytes) -> str:
    """A path as git prints it in a diff header: C-quoted when it holds quotes, backslashes or controls."""
    if name.startswith(b'"') and name.endswith(b'"'):
        name = codecs.escape_decode(name[1:-1])[0]
    return os.fsdecode(name)


def added_lines(patch: bytes) -> dict[str, frozenset[int]]:
    """Repository-relative path -> new-side line numbers of every hunk in a `--unified=0` patch.

    Only the header before a file's first hunk is read for its `+++` name, since an added
    line starting with "++ " also begins with "+++".
    """
    lines: dict[str, set[int]] = {}
    current: set[int] | None = None
    in_header = False
    for line in patch.split(b"\n"):
        if line.startswith(b"diff --git "):
            in_header, current = True, None
        elif in_header and line.startswith(b"+++ "):
            name = line[4:].removesuffix(b"\t")  # git adds a tab after names holding a space
            current = None if name == b"/dev/null" else lines.setdefault(_unquote(name).removeprefix("b/"), set())
        elif line.startswith(b"@@ "):
            in_header = False
            match = HUNK.match(line)
            if match and current is not None:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    return {path: frozenset(numbers) for path, numbers in lines.items()}


def _changed_files(base: str, pathspecs: list[str]) -> list[str]:
    """Repository-relative paths of tracked files changed since `base`, under their new names, with
    the deleted ones and the pure renames left out."""
    raw = _git([*DIFF, "--name-status", "-z", base, "--", *pathspecs], "git diff failed").split(b"\0")
    paths = []
    index = 0
    while index < len(raw) - 1:
        status = raw[index].decode()
        names = raw[index + 1:index + (3 if status[0] in "RC" else 2)]
        index += 1 + len(names)
        if status != "D" and status != "R100":
            paths.append(os.fsdecode(names[-1]))
    return paths


def changed_since(ref: str, paths: list[str]) -> Changes:
    """The articles under `paths` changed since `ref`, each with the lines the change added or modified.

    A named path that does not exist is kept (with no changed lines) so that linting it
    reports the missing file, as it would without --changed-since.
    """
    top = os.fsdecode(_git(["rev-parse", "--show-toplevel"], f"{os.getcwd()} is not inside a git repository")
                      .rstrip(b"\n"))
    base = _merge_base(ref)
    patch = _git([*DIFF, "--unified=0", "--src-prefix=a/", "--dst-prefix=b/", base, "--", *paths],
                 "git diff failed")
    hunks = added_lines(patch)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "--full-name", "-z", "--", *paths],
                     "git ls-files failed").split(b"\0")

    def local(repository_path: str) -> str:
        return os.path.relpath(os.path.join(top, repository_path))

    changed: dict[str, frozenset[int] | None] = {}
    for path in _changed_files(base, paths):
        changed[local(path)] = hunks.get(path, frozenset())
    for path in filter(None, untracked):
        changed[local(os.fsdecode(path))] = None
    articles = {path: lines for path, lines in changed.items() if Path(path).suffix.lower() in LINTED_SUFFIXES}
    articles.update({path: frozenset() for path in paths if not os.path.lexists(path)})
    return Changes(articles)
