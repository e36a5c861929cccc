"""Kernels kept across profile runs: start one, run many notebooks in it.

Starting a kernel and importing the book's code costs more than executing a profile, so each
worker thread keeps one kernel and executes profile after profile in it, through papermill
(an engine that uses the kept kernel instead of starting one). Before each run a silent
execution resets the kernel's user namespace and execution count, so the executed notebook
equals papermill's on a fresh kernel. Imported modules stay loaded: that is the saving.

A kernel is replaced when a run needs another working folder or was made from other inputs,
and discarded after a failed run or when it died; every kernel is killed when its process
exits.
"""

from __future__ import annotations

import atexit
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path
from subprocess import Popen
from typing import IO

import nbformat
from jupyter_client import KernelClient, KernelManager
from nbclient import NotebookClient
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
from papermill.log import logger

from helpers.book.notebooks import kernel_config
from helpers.errors import HelpersError

#: papermill's name for the engine that executes on a kept kernel.
ENGINE = "helpers-kept-kernel"
KERNEL_NAME = "python3"
#: Forget the previous run: empty user namespace, history and execution count 1. The reset
#: collects garbage; freezing what survives (modules, caches) keeps the next collection short.
RESET = "get_ipython().reset(new_session=True)\n__import__('gc').freeze()"


class KernelResetError(HelpersError):
    """A kept kernel could not be reset between two runs."""


class KeptKernel:
    """One running kernel, started in ``cwd`` as nbclient starts a fresh one, with its own
    Unix sockets (:func:`helpers.book.notebooks.kernel_config`). What the kernel process
    itself writes to stdout and stderr is kept, for the run logs (:meth:`output`)."""

    def __init__(self, cwd: Path, made: object = None) -> None:
        """Launch the kernel; it is waited for on first use, so the caller can go on."""
        self.cwd, self.made = cwd, made
        self.runs = 0  # runs started in it
        self._files = ExitStack()  # the kernel's sockets folder and its output
        self._client: NotebookClient | None = None
        try:
            folder = Path(self._files.enter_context(tempfile.TemporaryDirectory(
                prefix="helpers-kernel-output-")))
            sink = self._files.enter_context(open(folder / "output", "ab"))
            self._output = self._files.enter_context(open(folder / "output", "rb"))
            self._client = NotebookClient(
                nbformat.v4.new_notebook(), kernel_name=KERNEL_NAME,
                config=self._files.enter_context(kernel_config()),
                resources={"metadata": {"path": str(cwd)}},
                shutdown_kernel="immediate")  # nothing in it is worth a graceful stop
            self._client.km = self._client.create_kernel_manager()
            self._client.start_new_kernel(stdout=sink, stderr=sink)
        except BaseException:
            self.shutdown()
            raise

    @property
    def km(self) -> KernelManager:
        return self._client.km

    @property
    def process(self) -> Popen | None:
        """The kernel's process (``None`` once stopped)."""
        km = self._client.km if self._client is not None else None
        return getattr(getattr(km, "provisioner", None), "process", None)

    @property
    def alive(self) -> bool:
        process = self.process
        return process is not None and process.poll() is None

    @property
    def kc(self) -> KernelClient:
        """The kernel's client, connected (and the kernel ready) on first use."""
        if self._client.kc is None:
            self._client.start_new_kernel_client()
        return self._client.kc

    def reset(self) -> None:
        """Empty the user namespace and restart the execution count, without a trace in the
        next notebook (a silent execution: no output, no history, no count), for the next
        run."""
        self.runs += 1
        reply = self._client.wait_for_reply(
            self.kc.execute(RESET, silent=True, store_history=False, allow_stdin=False))
        if not reply or reply["content"].get("status") != "ok":
            why = (reply or {}).get("content", {}).get("evalue", "no reply")
            raise KernelResetError(f"could not reset the kernel between runs: {why}")

    def output(self) -> str:
        """What the kernel process wrote to stdout and stderr since the last call."""
        return self._output.read().decode("utf-8", errors="replace")

    def shutdown(self) -> None:
        """Stop the kernel, close its client and remove its sockets and output (from the
        thread that uses the kernel)."""
        try:
            if self._client is not None and self._client.km is not None:
                self._client._cleanup_kernel()  # nbclient's own, as after a fresh run
        finally:
            self._files.close()

    def kill(self) -> None:
        """Kill the kernel process and remove its files, from any thread (at exit, or when a
        worker closes: the client's sockets go with the process)."""
        process = self.process
        try:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        finally:
            self._files.close()


class KeptKernelEngine(NBClientEngine):
    """papermill's nbclient engine, on the running kernel given as engine argument
    ``kernel`` (a :class:`KeptKernel`): the notebook is parameterised, executed and recorded
    by papermill as on a fresh kernel. If execution stops short (the kernel died), the
    notebook so far is saved to engine argument ``save_failed`` (with papermill's
    ``request_save_on_cell_execute=False`` nothing is saved before the end)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man: NotebookExecutionManager, kernel_name: str,
                                 kernel: KeptKernel, save_failed: str | None = None,
                                 log_output: bool = False, stdout_file: IO | None = None,
                                 stderr_file: IO | None = None,
                                 execution_timeout: float | None = None,
                                 **kwargs: object) -> nbformat.NotebookNode:
        client = PapermillNotebookClient(
            nb_man, km=kernel.km, kernel_name=kernel_name, log=logger, log_output=log_output,
            stdout_file=stdout_file, stderr_file=stderr_file, timeout=execution_timeout)
        client.kc = kernel.kc  # a client is set and the kernel alive: nothing is started
        try:
            return client.execute()
        except Exception:
            nb_man.output_path = save_failed  # papermill's final save writes it there
            raise


papermill_engines.register(ENGINE, KeptKernelEngine)

_local = threading.local()
_every: set[KeptKernel] = set()
_every_lock = threading.Lock()


def kept(cwd: Path, made: object = None) -> KeptKernel:
    """This thread's kernel for runs in ``cwd`` made from ``made``: the one kept since the
    last run, else a new one (a kernel for another folder or inputs is shut down, a dead one
    dropped)."""
    kernel: KeptKernel | None = getattr(_local, "kernel", None)
    if kernel is not None and kernel.alive and (kernel.cwd, kernel.made) == (cwd, made):
        return kernel
    discard()
    kernel = KeptKernel(cwd, made)
    with _every_lock:
        _every.add(kernel)
    _local.kernel = kernel
    return kernel


def prestart(cwd: Path, made: object = None) -> None:
    """Launch this thread's kernel ahead of the first run (a worker's initializer), so it
    starts while the worker imports; a kernel that fails to start fails the first run."""
    try:
        kept(cwd, made)
    except Exception:
        discard()


def discard() -> None:
    """Shut down this thread's kept kernel, if any: the next run starts a new one."""
    kernel: KeptKernel | None = getattr(_local, "kernel", None)
    _local.kernel = None
    if kernel is not None:
        with _every_lock:
            _every.discard(kernel)
        kernel.shutdown()


@atexit.register
def kill_all() -> None:
    """Kill every kernel this process keeps, whichever thread kept it (at exit, or when a
    cluster worker closes)."""
    with _every_lock:
        kernels = list(_every)
        _every.clear()
    for kernel in kernels:
        kernel.kill()
