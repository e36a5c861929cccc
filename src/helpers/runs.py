"""Profile runs: the run matrix, and executing the profile template for many economy-years.

A run is one available table (source, country, year). ``data/runs.csv`` lists the book's
default runs; any other available table can be run on request. Each run executes
``chapters/profiles/template.ipynb`` with papermill in its own process and writes
``chapters/profiles/runs/<slug>.ipynb``; the book renders these without executing them again.
A run is skipped while its output is current: made from the same template and the same
cached panel results (see :mod:`helpers.panel_cache`).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import sys
import time
import traceback
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from helpers import catalog, panel_cache, paths
from helpers.errors import HelpersError, UnknownTableError

MATRIX_CSV = paths.DATA / "runs.csv"
META_KEY = "helpers_run"
SPEC_FORMAT = "COUNTRY:YEAR[:SOURCE] (e.g. CHN:2020:nbs, USA:2017) or a slug (chn-2020-nbs)"
_SPEC = re.compile(r"^(?P<country>[A-Za-z]{3})[:\-](?P<year>\d{4})(?:[:\-](?P<source>[a-z0-9]+))?$")


@dataclass(frozen=True)
class Layout:
    """Where a book keeps its profile template, the runs' outputs and logs, the generated
    pages and its table of contents."""

    root: Path
    template: Path
    runs: Path
    logs: Path
    index: Path
    economies: Path
    toc: Path

    @classmethod
    def of(cls, root: Path) -> Layout:
        """The layout of the book whose root folder is ``root``."""
        profiles = root / "chapters" / "profiles"
        return cls(root=root, template=profiles / "template.ipynb", runs=profiles / "runs",
                   logs=profiles / "logs", index=profiles / "index.md",
                   economies=profiles / "economies", toc=root / "_toc.yml")

    def docname(self, path: Path) -> str:
        """A page's name in the book (its path from the root, without suffix)."""
        return path.relative_to(self.root).with_suffix("").as_posix()


#: The book's own layout.
BOOK = Layout.of(paths.ROOT)


def scratch_book(root: Path) -> Layout:
    """An empty book at ``root`` with this book's table of contents: somewhere to run
    profiles without touching the book (tests, benchmarks)."""
    root.mkdir(parents=True, exist_ok=True)
    layout = Layout.of(root)
    layout.toc.write_text(BOOK.toc.read_text(encoding="utf-8"), encoding="utf-8")
    return layout


class RunMatrixError(HelpersError):
    """The run matrix file is malformed or names a table that does not exist."""


class RunSpecError(HelpersError):
    """A run given on the command line cannot be read."""


def slug(key: catalog.TableKey) -> str:
    """The file name (without suffix) of a run's output: ``chn-2020-nbs``."""
    return f"{key.country}-{key.year}-{key.source}".lower()


def spec(key: catalog.TableKey) -> str:
    return f"{key.country}:{key.year}:{key.source}"


def parse_spec(text: str) -> catalog.TableKey:
    """A run named as ``COUNTRY:YEAR[:SOURCE]`` or by its slug; unknown tables raise an error
    listing what exists."""
    m = _SPEC.match(text.strip())
    if not m:
        raise RunSpecError(f"cannot read run {text!r}; expected {SPEC_FORMAT}")
    return catalog.resolve(m["country"], int(m["year"]), m["source"])


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


def output_path(key: catalog.TableKey, layout: Layout = BOOK) -> Path:
    return layout.runs / f"{slug(key)}.ipynb"


def log_path(key: catalog.TableKey, layout: Layout = BOOK) -> Path:
    return layout.logs / f"{slug(key)}.log"


def made_from(path: Path) -> dict:
    """What a generated profile records it was made from (empty if it is not one)."""
    try:
        return dict(nbformat.read(path, as_version=4).metadata.get(META_KEY, {}))
    except Exception:  # unreadable or not a notebook
        return {}


def status(key: catalog.TableKey, layout: Layout = BOOK, current: dict | None = None) -> str:
    """``current``, ``stale`` (made from another template or panel) or ``missing``."""
    path = output_path(key, layout)
    if not path.exists():
        return "missing"
    made, want = made_from(path), current or stamp(layout.template)
    return "current" if all(made.get(k) == v for k, v in want.items()) else "stale"


def _finish(nb: nbformat.NotebookNode, key: catalog.TableKey, made: dict) -> None:
    """Give an executed profile its title, hide the parameters and record what it was made of."""
    from helpers.profiles import load

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

    from helpers.notebooks import kernel_config

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

    from helpers.profile_index import write_pages

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


def generated(layout: Layout = BOOK) -> list[catalog.TableKey]:
    """Every profile on disk (whatever made it), in catalogue order."""
    keys = []
    for path in sorted(layout.runs.glob("*.ipynb")) if layout.runs.exists() else []:
        made = made_from(path)
        if not made.get("spec"):
            continue
        try:
            keys.append(parse_spec(made["spec"]))
        except HelpersError as exc:
            raise HelpersError(f"{path} profiles {made['spec']}, which is not an available "
                               f"table ({exc}); delete it, or `python -m helpers runs clean` "
                               "to delete every generated profile") from None
    order = {k: i for i, k in enumerate(catalog.available())}
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def clean(layout: Layout | None = None) -> int:
    """Delete every generated profile, log and page, and empty the profiles part of the table
    of contents; the number of files deleted."""
    from helpers.profile_index import write_pages

    layout = layout or BOOK
    n = 0
    for folder, pattern in ((layout.runs, "*.ipynb"), (layout.logs, "*"),
                            (layout.economies, "*.md")):
        for f in folder.glob(pattern) if folder.exists() else []:
            f.unlink()
            n += 1
    write_pages(layout)
    return n
