"""Which files get linted: include and exclude globs relative to the config file, .gitignore
in a real git work tree, and files named on the command line (linted unless excluded)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import check

ARTICLE = "# Sleep\n\nMagnesium may help some people sleep.\n"  # one finding: no disclaimer


def linted(report) -> list[str]:
    return sorted({f["path"] for f in report["findings"]})


@pytest.fixture
def site(tmp_path) -> Path:
    """A content tree with articles in several folders and formats."""
    for name in ("content/a.md", "content/b.html", "content/notes.txt", "content/drafts/d.md",
                 "content/news/n.md", "content/news/n.draft.md", "content/page.mdx", "README.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def config(folder: Path, text: str) -> None:
    (folder / ".healthlint.yaml").write_text(text, encoding="utf-8")


# include and exclude ------------------------------------------------------------

def test_without_config_every_article_extension_is_searched(site):
    assert linted(check(site, ".")[1]) == ["./README.md", "./content/a.md", "./content/b.html",
                                          "./content/drafts/d.md", "./content/news/n.draft.md",
                                          "./content/news/n.md", "./content/notes.txt"]


def test_include_replaces_the_article_extensions(site):
    config(site, 'include: ["content/**/*.md", "*.mdx"]\n')
    assert linted(check(site, "content", "README.md")[1]) == [
        "README.md", "content/a.md", "content/drafts/d.md", "content/news/n.draft.md", "content/news/n.md",
        "content/page.mdx"]


def test_exclude_skips_folders_and_patterns_relative_to_the_config(site):
    config(site, 'exclude: ["/content/drafts/", "*.draft.md"]\n')
    assert linted(check(site / "content", ".")[1]) == ["./a.md", "./b.html", "./news/n.md", "./notes.txt"]


def test_an_anchored_glob_does_not_match_deeper_folders(site):
    config(site, 'exclude: ["/drafts/"]\n')  # the config's folder has no drafts/ of its own
    assert "content/drafts/d.md" in linted(check(site, "content")[1])


def test_a_named_file_is_linted_outside_include_but_never_when_excluded(site):
    config(site, 'include: ["content/news/"]\nexclude: ["*.draft.md", "content/drafts/"]\n')
    code, report, stderr = check(site, "content/a.md", "content/news/n.draft.md", "content/drafts")
    assert (code, linted(report), stderr) == (1, ["content/a.md"], "")
    code, report, stderr = check(site, "content/news/n.draft.md")
    assert (code, report["summary"]["files"], stderr) == (0, 0, "")


def test_exclude_in_a_base_config_is_relative_to_the_base(site):
    (site / "content" / "shared.yaml").write_text("exclude: [/drafts/]\n", encoding="utf-8")
    config(site, "extends: content/shared.yaml\n")
    assert "content/drafts/d.md" not in linted(check(site, "content")[1])


def test_a_folder_with_only_excluded_articles_is_still_an_error_if_named(site):
    config(site, 'exclude: ["*.md", "*.html", "*.txt"]\n')
    code, _, stderr = check(site, "content/news")
    assert code == 2 and stderr.startswith("healthlint: content/news: a folder with no articles in it")


# .gitignore ------------------------------------------------------------------------

@pytest.fixture
def repository(site) -> Path:
    git(site, "init", "-q")
    (site / ".gitignore").write_text("drafts/\n*.txt\n", encoding="utf-8")
    (site / "content" / "news" / ".gitignore").write_text("*.md\n!n.md\n", encoding="utf-8")
    (site / ".git" / "info" / "exclude").write_text("/content/b.html\n", encoding="utf-8")
    return site


def test_gitignore_is_respected_at_every_level_by_default(repository):
    assert linted(check(repository, "content")[1]) == ["content/a.md", "content/news/n.md"]


def test_gitignore_applies_from_a_subfolder_of_the_work_tree(repository):
    assert linted(check(repository / "content" / "news", ".")[1]) == ["./n.md"]


def test_respect_gitignore_false_searches_ignored_files(repository):
    config(repository, "respect_gitignore: false\n")
    assert len(linted(check(repository, "content")[1])) == 6


def test_a_named_file_is_linted_even_when_git_ignores_it(repository):
    assert linted(check(repository, "content/notes.txt", "content/drafts/d.md")[1]) == [
        "content/drafts/d.md", "content/notes.txt"]


def test_gitignore_outside_a_git_work_tree_is_not_read(site):
    (site / ".gitignore").write_text("*.md\n", encoding="utf-8")
    assert "content/a.md" in linted(check(site, "content")[1])


def test_a_gitignored_folder_is_not_entered(repository):
    (repository / "content" / "drafts" / ".gitignore").write_text("!d.md\n", encoding="utf-8")
    assert "content/drafts/d.md" not in linted(check(repository, "content")[1])  # git cannot re-include it either
