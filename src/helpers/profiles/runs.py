"""Profile runs: the run matrix, and executing the profile template for many economy-years.

A run is one available table (source, country, year). ``data/runs.csv`` lists the book's
default runs; any other available table can be run on request. Each run executes
``chapters/profiles/template.ipynb`` with papermill in its own process and writes
``chapters/profiles/runs/<slug>.ipynb``; the book renders these without executing them again.
A run is skipped while its output is current: made from the same template and the same
cached panel results (see :mod:`helpers.measures.panel_cache`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
import traceback
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from helpers import paths
from helpers.data import catalog
from helpers.errors import HelpersError, UnknownTableError
from helpers.measures import panel_cache
from helpers.profiles.layout import (
    BOOK,
    META_KEY,
    SPEC_FORMAT,
    Layout,
    RunSpecError,
    generated,
    log_path,
    made_from,
    output_path,
    parse_spec,
    scratch_book,
    slug,
    spec,
)

__all__ = ["BOOK", "META_KEY", "SPEC_FORMAT", "Layout", "Report", "RunMatrixError",
           "RunSpecError", "clean", "default_matrix", "every_run", "execute", "generated",
           "log_path", "made_from", "output_path", "parse_spec", "scratch_book", "slug", "spec",
           "stamp", "status"]

MATRIX_CSV = paths.DATA / "runs.csv"


class RunMatrixError(HelpersError):
    """The run matrix file is malformed or names a table that does not exist."""


def _years(source: str, country: str, token: str) -> list[int]:
    have = sorted(k.year for k in catalog.available()
                  if k.source == source and k.country == country)
    if token == "all":
        return have
    if token == "latest":
        return have[-1:]
    if not token.isdigit():
        raise RunMatrixError(f"year {token!r} is not a year, 'all' or 'latest'")
    return [int(token)]


def default_matrix(path: Path = MATRIX_CSV) -> list[catalog.TableKey]:
    """The book's default runs, from the matrix file (``all`` and ``latest`` expanded)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    needed = {"source", "country", "year"}
    if not needed <= set(df.columns):
        raise RunMatrixError(f"{path.name} needs columns {sorted(needed)}; "
                             f"it has {list(df.columns)}")
    keys: list[catalog.TableKey] = []
    for line, r in enumerate(df.itertuples(index=False), start=2):
        try:
            if r.source not in catalog.SOURCES:
                raise UnknownTableError(f"unknown source {r.source!r}; valid sources: "
                                        f"{', '.join(catalog.SOURCES)}")
            years = _years(r.source, r.country, r.year)
            if not years:
                catalog.resolve(r.country, 0, r.source)  # raises, listing what exists
            found = [catalog.resolve(r.country, y, r.source) for y in years]
        except HelpersError as exc:
            raise RunMatrixError(f"{path.name} line {line}: {exc}") from None
        keys += [k for k in found if k not in keys]
    return keys


def every_run() -> list[catalog.TableKey]:
    """Every available table: what ``runs execute --all`` runs."""
    return list(catalog.available())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def stamp(template: Path = BOOK.template) -> dict:
    """What a current output was made from: the template and the panel results."""
    return {"template": _sha(template), "panel": panel_cache.fingerprint()}


def status(key: catalog.TableKey, layout: Layout = BOOK, current: dict | None = None) -> str:
    """``current``, ``stale`` (made from another template or panel) or ``missing``."""
    path = output_path(key, layout)
    if not path.exists():
        return "missing"
    made, want = made_from(path), current or stamp(layout.template)
    return "current" if all(made.get(k) == v for k, v in want.items()) else "stale"


def _finish(nb: nbformat.NotebookNode, key: catalog.TableKey, made: dict) -> None:
    """Give an executed profile its title, hide the parameters and record what it was made of."""
    from helpers.profiles.profile import load

    profile = load(key.country, key.year, key.source)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            cell.source = f"# {profile.title}"
            break
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    nb.metadata[META_KEY] = {**made, "spec": spec(key)}


def execute_one(key: catalog.TableKey, layout: Layout, template: Path, made: dict) -> str | None:
    """Run the template for one table; ``None`` on success, else the error text.

    Everything the kernel prints goes to the run's log; a failed run leaves no output notebook
    in the book (the partial notebook is kept beside the log).
    """
    import papermill

    from helpers.book.notebooks import kernel_config

    out, log = output_path(key, layout), log_path(key, layout)
    log.parent.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = log.with_suffix(".ipynb")
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as fh:
        fh.write(f"run {spec(key)}: template {template.name}, {json.dumps(made)}\n")
        fh.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            with kernel_config() as config:
                papermill.execute_notebook(
                    str(template), str(partial),
                    parameters={"country": key.country, "year": key.year,
                                "source": key.source},
                    kernel_name="python3", progress_bar=False, cwd=str(template.parent),
                    config=config,
                )
            nb = nbformat.read(partial, as_version=4)
            _finish(nb, key, made)
            tmp = out.with_suffix(f".{os.getpid()}.tmp")
            nbformat.write(nb, tmp)
            tmp.replace(out)
            partial.unlink()
            error = None
        except Exception as exc:  # reported per run; the other runs go on
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1][:300]}"
            fh.write(traceback.format_exc())
            out.unlink(missing_ok=True)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
        fh.write(f"{'failed' if error else 'done'} in {time.perf_counter() - started:.1f} s\n")
    return error


@dataclass
class Report:
    """What an ``execute`` call did."""

    executed: list[catalog.TableKey] = field(default_factory=list)
    skipped: list[catalog.TableKey] = field(default_factory=list)
    failed: dict[catalog.TableKey, str] = field(default_factory=dict)
    seconds: float = 0.0
    layout: Layout = BOOK

    def summary(self) -> str:
        text = (f"{len(self.executed)} executed, {len(self.skipped)} current (skipped), "
                f"{len(self.failed)} failed in {self.seconds:.1f} s")
        for key, why in self.failed.items():
            text += f"\nfailed: {spec(key)} ({why}); log: {log_path(key, self.layout)}"
        return text


def execute(keys: Iterable[catalog.TableKey], jobs: int = 2, layout: Layout | None = None,
            template: Path | None = None, force: bool = False,
            progress: bool = True) -> Report:
    """Execute the runs not yet current, ``jobs`` at a time, then rewrite the generated pages
    and the profiles part of the table of contents.

    ``layout`` defaults to the book's, ``template`` to the layout's.
    """
    from tqdm import tqdm

    from helpers.profiles.index import write_pages

    layout = layout or BOOK
    template = template or layout.template
    started = time.perf_counter()
    keys = list(dict.fromkeys(keys))
    if not template.exists():
        raise HelpersError(f"profile template {template} not found")
    panel_cache.load(jobs=jobs)  # the whole panel, computed once before any run
    made = stamp(template)
    report = Report(layout=layout)
    todo = []
    for key in keys:
        if not force and status(key, layout, made) == "current":
            report.skipped.append(key)
        else:
            todo.append(key)
    if todo:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context) as pool, \
                tqdm(total=len(todo), desc="profiles", unit="run", disable=not progress,
                     file=sys.stderr) as bar:
            futures = {pool.submit(execute_one, k, layout, template, made): k for k in todo}
            for future in as_completed(futures):
                key = futures[future]
                try:
                    error = future.result()
                except Exception as exc:  # the worker itself died
                    error = f"{type(exc).__name__}: {exc}"
                if error:
                    report.failed[key] = error
                else:
                    report.executed.append(key)
                bar.set_postfix_str(slug(key) + (" FAILED" if error else ""))
                bar.update()
    write_pages(layout)
    report.seconds = time.perf_counter() - started
    return report


def clean(layout: Layout | None = None) -> int:
    """Delete every generated profile, log and page, and empty the profiles part of the table
    of contents; the number of files deleted."""
    from helpers.profiles.index import write_pages

    layout = layout or BOOK
    n = 0
    for folder, pattern in ((layout.runs, "*.ipynb"), (layout.logs, "*"),
                            (layout.economies, "*.md")):
        for f in folder.glob(pattern) if folder.exists() else []:
            f.unlink()
            n += 1
    write_pages(layout)
    return n
