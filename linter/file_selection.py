"""Which files a folder search yields: the config's include and exclude globs and .gitignore.

Globs are gitignore-style (pathspec, as black and yamllint use) and relative to the folder
of the config file that set them. `exclude` also skips files and folders named on the
command line, so pre-commit and editors that pass file names honour it (ruff calls this
force-exclude); `include` and .gitignore only shape folder searches, so a file named
explicitly is linted even when it is ignored by git or outside `include`. pathspec is
imported on first use: a one-file run with no globs never needs it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .sources import LINTED_SUFFIXES

if TYPE_CHECKING:
    import pathspec


@dataclass(frozen=True)
class Globs:
    """Gitignore-style patterns, matched against paths relative to `base` (an absolute folder)."""

    base: str
    patterns: tuple[str, ...]

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec:
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(self.patterns)

    def matches(self, path: str, is_dir: bool = False) -> bool:
        relative = os.path.relpath(os.path.abspath(path), self.base)
        if relative == "." or relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return False  # the base itself, or outside it: no pattern can mean it
        return self._spec.match_file(relative.replace(os.sep, "/") + ("/" if is_dir else ""))


@dataclass(frozen=True)
class FileSelection:
    """include (None: every file with an article extension), exclude, and whether .gitignore counts."""

    include: Globs | None = None
    exclude: Globs | None = None
    respect_gitignore: bool = True
    _ignores: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def excludes(self, path: str) -> bool:
        """True for a file or folder the config's `exclude` names (applies to named paths too)."""
        return self._excluded(path, os.path.isdir(path))

    def _excluded(self, path: str, is_dir: bool) -> bool:
        return self.exclude is not None and self.exclude.matches(path, is_dir)

    def keeps_dir(self, root: str, name: str) -> bool:
        """For a folder a walk met (so known to be one: no need to ask the file system)."""
        path = os.path.join(root, name)
        return not self._excluded(path, True) and not (self.respect_gitignore and self._gitignored(path, True))

    def keeps_file(self, root: str, name: str) -> bool:
        path = os.path.join(root, name)
        if self.include is None:
            if os.path.splitext(name)[1].lower() not in LINTED_SUFFIXES:
                return False
        elif not self.include.matches(path):
            return False
        return not self._excluded(path, False) and not (self.respect_gitignore and self._gitignored(path, False))

    def _gitignored(self, path: str, is_dir: bool) -> bool:
        """Git's answer: the deepest .gitignore with a matching pattern decides, then .git/info/exclude.
        Outside a git work tree nothing is ignored (as ripgrep and ruff do)."""
        path = os.path.abspath(path)
        chain = self._repository_folders(os.path.dirname(path))
        if not chain:
            return False
        specs = [(folder, self._spec(os.path.join(folder, ".gitignore"))) for folder in chain]
        specs.append((chain[-1], self._spec(os.path.join(chain[-1], ".git", "info", "exclude"))))
        for folder, spec in specs:
            if spec is None:
                continue
            relative = os.path.relpath(path, folder).replace(os.sep, "/") + ("/" if is_dir else "")
            verdict = spec.check_file(relative).include
            if verdict is not None:
                return verdict
        return False

    def _repository_folders(self, folder: str) -> tuple[str, ...]:
        """`folder` and its parents up to the git work tree's root, deepest first; () outside one."""
        key = ("chain", folder)
        if key not in self._ignores:
            if os.path.exists(os.path.join(folder, ".git")):
                chain: tuple[str, ...] = (folder,)
            else:
                parent = os.path.dirname(folder)
                above = self._repository_folders(parent) if parent != folder else ()
                chain = (folder, *above) if above else ()
            self._ignores[key] = chain
        return self._ignores[key]

    def _spec(self, path: str) -> pathspec.GitIgnoreSpec | None:
        key = ("spec", path)
        if key not in self._ignores:
            import pathspec

            try:
                with open(path, encoding="utf-8", errors="replace") as stream:
                    self._ignores[key] = pathspec.GitIgnoreSpec.from_lines(stream.read().splitlines())
            except OSError:
                self._ignores[key] = None
        return self._ignores[key]


ALL_ARTICLES = FileSelection(respect_gitignore=False)
"""Every file with an article extension, nothing excluded: the library API's folder search."""
