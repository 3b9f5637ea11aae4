"""Lint many files: answers from the cache first, then the rest, serially or in worker processes.

Workers are forked after the rules are compiled (every pattern set still waiting for
its first use included), so they inherit the compiled pattern sets instead of
rebuilding them; each gets files in chunks and sends
back FileResults, which the parent puts back in the order of the paths. Below a
few files per worker, starting workers costs more than it saves, so the run stays
serial. The output is the same whatever the number of jobs.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable

from .cache import Cache, file_key
from .finding import FileResult
from .sources import InputError, read_bytes

FILES_PER_WORKER = 8  # fewer files than this per worker: stay serial
_work: tuple = ()  # (rules_for, fmt, suppress), set in the parent before forking


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def lint_files(paths: list[str], prepare: Callable[[], tuple], fmt: str | None, jobs: int,
               cache: Cache | None) -> list[FileResult]:
    """FileResults in the order of `paths`. `prepare()` gives (rules_for(path), suppress) and
    is called only when some file is not in the cache, since compiling rules costs time."""
    results: dict[str, FileResult] = {}
    misses = paths
    if cache is not None:
        misses = []
        for path in paths:
            findings = _cached(cache, path)
            if findings is None:
                misses.append(path)
            else:
                results[path] = FileResult(path, findings)
    if misses:
        rules_for, suppress = prepare()
        for path, (key, result) in zip(misses, _lint_all(misses, rules_for, fmt, suppress, jobs)):
            results[path] = result
            if cache is not None and key is not None and result.error is None:
                cache.put(key, result.findings)
    if cache is not None:
        cache.save()
    return [results[path] for path in paths]


def _cached(cache: Cache, path: str):
    try:
        return cache.get(file_key(path, read_bytes(path)), path)
    except InputError:
        return None  # linting it reports why


def _lint_all(misses, rules_for, fmt, suppress, jobs: int):
    global _work
    _work = (rules_for, fmt, suppress)
    workers = min(jobs, len(misses) // FILES_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_lint_one(item) for item in misses]
    chunk = max(1, min(32, len(misses) // (workers * 8)))
    from .nlp import compile_waiting

    compile_waiting()  # once, here, for every worker to inherit
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(_lint_one, misses, chunksize=chunk)


def _lint_one(path: str) -> tuple[str | None, FileResult]:
    """The file's cache key (from the very bytes linted) and its result."""
    from .engine import lint_bytes

    rules_for, fmt, suppress = _work
    try:
        data = read_bytes(path)
    except InputError as error:
        return None, FileResult(path, error=str(error))
    return file_key(path, data), lint_bytes(path, data, rules_for(path), fmt, suppress)
