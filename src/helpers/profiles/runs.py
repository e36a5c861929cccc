"""Profile runs: the run matrix, and executing the profile template for many economy-years.

A run is one available table (source, country, year). ``data/runs.csv`` lists the book's
default runs; any other available table can be run on request. Each run executes
``chapters/profiles/template.ipynb`` with papermill and writes
``chapters/profiles/runs/<slug>.ipynb``; the book renders these without executing them again.
Runs go to local worker processes or to a Dask cluster (:mod:`helpers.profiles.cluster`);
each worker keeps a kernel across its runs (:mod:`helpers.profiles.kernels`), or starts one
per run. A run is skipped while its output is current: made from the same template and the
same cached panel results (see :mod:`helpers.measures.panel_cache`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO

import nbformat

from helpers import paths
from helpers.data import catalog
from helpers.errors import HelpersError
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
    partials,
    scratch_book,
    slug,
    spec,
)
from helpers.profiles.matrix import MATRIX_CSV, RunMatrixError, default_matrix

__all__ = ["BOOK", "MATRIX_CSV", "META_KEY", "SPEC_FORMAT", "Layout", "Report",
           "RunMatrixError", "RunSpecError", "TemplateError", "check_template", "clean",
           "default_matrix", "every_run", "execute", "generated", "log_path", "made_from",
           "output_path", "parse_spec", "partials", "scratch_book", "slug", "spec", "stamp",
           "status"]


def every_run() -> list[catalog.TableKey]:
    """Every available table: what ``runs execute --all`` runs."""
    return list(catalog.available())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def page_code() -> str:
    """A hash of the code a profile page is made with besides the panel (the page model,
    its text and the charts: :mod:`helpers.profiles` and :mod:`helpers.book`)."""
    helpers_dir = Path(__file__).resolve().parents[1]
    files = [*sorted((helpers_dir / "profiles").rglob("*.py")),
             *sorted((helpers_dir / "book").rglob("*.py"))]
    return paths.hash_files(files, helpers_dir)[:16]


def stamp(template: Path = BOOK.template) -> dict:
    """What a current output was made from: the template, the panel results and the page
    code."""
    check_template(template)
    return {"template": _sha(template), "panel": panel_cache.fingerprint(),
            "code": page_code()}


class TemplateError(HelpersError):
    """The profile template cannot be parameterised."""


def check_template(template: Path) -> None:
    """Refuse a template without exactly one cell tagged ``parameters``: papermill would
    otherwise put the requested economy-year where the template's own defaults override it."""
    if not template.exists():
        raise TemplateError(f"profile template {template} not found")
    nb = nbformat.read(template, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1:
        raise TemplateError(
            f"{template} has {len(tagged)} cells tagged 'parameters' (cells {tagged}); "
            "it needs exactly one, holding country, year and source")


def status(key: catalog.TableKey, layout: Layout = BOOK, current: dict | None = None) -> str:
    """``current``, ``stale`` (made from another template or panel) or ``missing``."""
    path = output_path(key, layout)
    if not path.exists():
        return "missing"
    made, want = made_from(path), current or stamp(layout.template)
    return "current" if all(made.get(k) == v for k, v in want.items()) else "stale"


def _finish(nb: nbformat.NotebookNode, key: catalog.TableKey, made: dict, out: Path) -> None:
    """Give an executed profile its title, hide the parameters and record what it was made of
    (and, for papermill's record, where the page is, not the partial it was executed into).
    The title is glued (``title``, and ``title_zh`` for the Chinese edition), so every
    profile's heading is one message in the translation catalogue."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            cell.source = "# {glue:text}`title`"
            break
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            tags.append("remove-cell")
    nb.metadata[META_KEY] = {**made, "spec": spec(key)}
    if "papermill" in nb.metadata:
        nb.metadata["papermill"]["output_path"] = str(out)


def _error_text(exc: BaseException) -> str:
    """One line naming what went wrong: the exception type and its message's last line."""
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[-1][:300]}" if lines else type(exc).__name__


def _parameters(key: catalog.TableKey) -> dict:
    """What papermill injects: the economy-year, and the run it is, for the page's own check
    (the template's defaults do not set ``requested_run``, so they cannot override it)."""
    return {"country": key.country, "year": key.year, "source": key.source,
            "requested_run": spec(key)}


#: Fresh-kernel runs change the process's working folder and standard streams: one at a time.
_PROCESS_WIDE = threading.Lock()


@contextmanager
def _streams_to(fh: IO[str]) -> Iterator[None]:
    """The process's stdout and stderr (file descriptors 1 and 2) go to ``fh`` in the block."""
    fh.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(fh.fileno(), 1)
    os.dup2(fh.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


@contextmanager
def _records_to(fh: IO[str]) -> Iterator[None]:
    """Warnings that papermill, nbclient and jupyter_client log from this thread go to ``fh``
    in the block (what reaches stderr when nothing else handles them)."""
    handler = logging.StreamHandler(fh)
    handler.setLevel(logging.WARNING)
    thread = threading.get_ident()
    handler.addFilter(lambda record: record.thread == thread)
    loggers = [logging.getLogger(name) for name in ("papermill", "traitlets")]
    for log in loggers:
        log.addHandler(handler)
    try:
        yield
    finally:
        for log in loggers:
            log.removeHandler(handler)


def _on_fresh_kernel(template: Path, partial: Path, key: catalog.TableKey, made: dict,
                     fh: IO[str]) -> nbformat.NotebookNode:
    """papermill on a kernel of its own; everything the process and kernel print goes to
    ``fh``."""
    import papermill

    from helpers.book.notebooks import kernel_config

    with _PROCESS_WIDE, _streams_to(fh), kernel_config() as config:
        return papermill.execute_notebook(
            str(template), str(partial), parameters=_parameters(key), kernel_name="python3",
            progress_bar=False, cwd=str(template.parent), config=config)


def _on_kept_kernel(template: Path, partial: Path, key: catalog.TableKey, made: dict,
                    fh: IO[str]) -> nbformat.NotebookNode:
    """papermill on this thread's kept kernel, reset first; a failure discards the kernel.
    papermill's warnings and what the kernel process prints go to ``fh``."""
    import papermill

    from helpers.profiles import kernels

    with _records_to(fh):
        kernel = kernels.kept(template.parent, made)
        ok = False
        try:
            kernel.reset()
            fh.write(f"kept kernel {kernel.process.pid}: run {kernel.runs} in it\n")
            nb = papermill.execute_notebook(
                str(template), str(partial), parameters=_parameters(key),
                engine_name=kernels.ENGINE, kernel_name=kernels.KERNEL_NAME,
                progress_bar=False, request_save_on_cell_execute=False, kernel=kernel,
                save_failed=str(partial))
            ok = True
        finally:
            fh.write(kernel.output())
            if not ok:
                kernels.discard()
    return nb


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_partials(log: Path) -> None:
    """Delete the partial notebooks of this run left by an earlier failure or interruption:
    those of processes that no longer run, and this thread's own; a partial of a run under
    way in another process or thread stays."""
    own = f"{os.getpid()}-{threading.get_ident()}"
    for old in log.parent.glob(f"{log.stem}.partial-*.ipynb"):
        token = old.name.removeprefix(f"{log.stem}.partial-").removesuffix(".ipynb")
        pid = token.split("-")[0]
        if token == own or not (pid.isdigit() and _alive(int(pid))):
            old.unlink(missing_ok=True)


def execute_one(key: catalog.TableKey, layout: Layout, template: Path, made: dict,
                fresh_kernel: bool = False) -> str | None:
    """Run the template for one table; ``None`` on success, else the error text.

    The run executes on this thread's kept kernel (:mod:`helpers.profiles.kernels`), or with
    ``fresh_kernel`` on a kernel started for it alone; the notebooks are the same. What the
    kernel prints goes to the run's log; a failed run leaves no output notebook in the book
    (the partial notebook is kept beside the log).
    """
    out, log = output_path(key, layout), log_path(key, layout)
    log.parent.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = log.with_name(f"{log.stem}.partial-{os.getpid()}-{threading.get_ident()}.ipynb")
    _remove_stale_partials(log)
    started = time.perf_counter()
    run = _on_fresh_kernel if fresh_kernel else _on_kept_kernel
    with open(log, "w", encoding="utf-8") as fh:
        fh.write(f"run {spec(key)}: template {template.name}, {json.dumps(made)}\n")
        try:
            _check_inputs(template, made)
            nb = run(template, partial, key, made, fh)
            _finish(nb, key, made, out)
            tmp = out.with_suffix(f".{os.getpid()}.tmp")
            nbformat.write(nb, tmp)
            tmp.replace(out)
            partial.unlink()
            error = None
        except Exception as exc:  # reported per run; the other runs go on
            error = _error_text(exc)
            fh.write(traceback.format_exc())
            out.unlink(missing_ok=True)
        fh.write(f"{'failed' if error else 'done'} in {time.perf_counter() - started:.1f} s\n")
    return error


class InputsChangedError(HelpersError):
    """A run would be made from another template or panel than its batch was stamped with."""


_checked: set[str] = set()
_checked_lock = threading.Lock()


def _check_inputs(template: Path, made: dict) -> None:
    """Check, once per process, that this process sees the inputs ``made`` records (a
    cluster worker with another checkout, or a source edited during a batch, would make pages
    that record inputs they were not made from); compute the panel if it is not cached."""
    token = json.dumps([str(template), made], sort_keys=True)
    with _checked_lock:
        if token in _checked:
            return
        here = stamp(template)
        if here != made:
            raise InputsChangedError(
                f"this process sees inputs {here}, the batch was stamped with {made}: run "
                "from the same checkout, unchanged during the batch")
        panel_cache.load()
        _checked.add(token)


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


#: One run: the error text, or ``None`` if it succeeded.
Run = Callable[[catalog.TableKey], str | None]
#: Gives runs to a pool, with what a new worker does first (``warm``, optional): each run's
#: table and its future, as they complete.
Submit = Callable[[Run, list[catalog.TableKey], Callable[[], None] | None],
                  Iterator[tuple[catalog.TableKey, Future]]]


@contextmanager
def _local_pool(jobs: int) -> Iterator[Submit]:
    """``jobs`` local processes (spawned, so no kernel or thread state is inherited)."""
    with ExitStack() as stack:
        def submit(run: Run, keys: list[catalog.TableKey], warm: Callable[[], None] | None
                   ) -> Iterator[tuple[catalog.TableKey, Future]]:
            pool = stack.enter_context(ProcessPoolExecutor(
                max_workers=max(1, jobs), mp_context=multiprocessing.get_context("spawn"),
                initializer=warm))
            futures = {pool.submit(run, k): k for k in keys}
            for future in as_completed(futures):
                yield futures[future], future
            pool.shutdown(wait=False)  # the workers exit while the caller goes on

        yield submit


def _pool(jobs: int, scheduler: str | None) -> AbstractContextManager[Submit]:
    """Local processes, or the Dask cluster at ``scheduler`` (connected now, so an
    unreachable one fails before any work)."""
    if not scheduler:
        return _local_pool(jobs)
    from helpers.profiles import cluster

    return cluster.pool(scheduler)


def _outcome(future: Future) -> str | None:
    """A finished run's error text (``None`` if it succeeded), also when its worker died."""
    try:
        return future.result()
    except Exception as exc:  # the worker itself died
        return _error_text(exc)


def execute(keys: Iterable[catalog.TableKey], jobs: int = 2, layout: Layout | None = None,
            template: Path | None = None, force: bool = False, progress: bool = True,
            fresh_kernel: bool = False, scheduler: str | None = None) -> Report:
    """Execute the runs not yet current, then rewrite the generated pages and the profiles
    part of the table of contents.

    Runs go to ``jobs`` local processes, or to the workers of the Dask scheduler at address
    ``scheduler`` (``tcp://HOST:PORT``). Each process keeps a kernel across runs, or with
    ``fresh_kernel`` starts one per run. ``layout`` defaults to the book's, ``template`` to the
    layout's.
    """
    from tqdm import tqdm

    from helpers.profiles.index import write_pages

    layout = layout or BOOK
    template = template or layout.template
    started = time.perf_counter()
    keys = list(dict.fromkeys(keys))
    check_template(template)
    with _pool(jobs, scheduler) as submit:
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
            from helpers.profiles import kernels  # papermill and Jupyter's client: only to run

            run = partial(execute_one, layout=layout, template=template, made=made,
                          fresh_kernel=fresh_kernel)
            warm = None if fresh_kernel else partial(kernels.prestart, template.parent, made)
            with tqdm(total=len(todo), desc="profiles", unit="run", disable=not progress,
                      file=sys.stderr) as bar:
                for key, future in submit(run, todo, warm):
                    error = _outcome(future)
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
            if f == layout.pages_lock:
                continue
            f.unlink()
            n += 1
    write_pages(layout)
    return n
