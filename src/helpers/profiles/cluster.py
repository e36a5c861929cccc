"""Profile runs on a Dask cluster (``runs execute --scheduler tcp://HOST:PORT``).

The workers must see the same checkout at the same paths, with the raw data fetched: a run
reads the template there and writes its notebook and log there, as a local run does, and
refuses to run if the worker's template or panel inputs differ from the client's. Each worker
thread keeps a kernel across runs (:mod:`helpers.profiles.kernels`); a worker plugin kills
them when the worker closes. This module (and Dask) is imported only when a scheduler is
given.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from distributed import Client, WorkerPlugin, as_completed
from distributed.comm.addressing import get_address_host_port

from helpers.data import catalog
from helpers.errors import HelpersError
from helpers.profiles.layout import slug

if TYPE_CHECKING:
    from distributed import Future, Worker

    from helpers.profiles.runs import Run, Submit

#: Seconds to wait for the scheduler before giving up.
CONNECT_TIMEOUT = 5


class SchedulerError(HelpersError):
    """The Dask scheduler cannot be reached at the given address."""


class KeptKernels(WorkerPlugin):
    """Kills the kernels a worker kept when the worker closes."""

    idempotent = True  # registered once per worker, whoever submits
    name = "helpers-kept-kernels"

    def teardown(self, worker: Worker) -> None:
        kernels = sys.modules.get("helpers.profiles.kernels")  # not imported: no kernels
        if kernels is not None:
            kernels.kill_all()


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at ``address``; an error naming it if none answers within
    ``timeout`` seconds (default :data:`CONNECT_TIMEOUT`)."""
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    try:
        get_address_host_port(address)
    except ValueError as exc:
        raise SchedulerError(f"{address!r} is not a scheduler address ({exc}); expected "
                             "tcp://HOST:PORT (`dask scheduler` listens on port 8786)") from None
    try:
        return Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({exc}); "
            "start one with `dask scheduler`, or leave out --scheduler (and "
            "HELPERS_DASK_SCHEDULER) to run locally") from None


@contextmanager
def pool(address: str) -> Iterator[Submit]:
    """Runs given to the cluster at ``address`` (connected now), as :func:`runs.execute`
    gives them to local processes; ``warm`` is not used (kernels start with the first run)."""
    client = connect(address)
    try:
        client.register_plugin(KeptKernels())

        def submit(run: Run, keys: list[catalog.TableKey], warm: Callable[[], None] | None
                   ) -> Iterator[tuple[catalog.TableKey, Future]]:
            batch = uuid.uuid4().hex[:8]
            futures = {client.submit(run, k, key=f"profile-{slug(k)}-{batch}", pure=False): k
                       for k in keys}
            return ((futures[f], f) for f in as_completed(futures, loop=client.loop))

        yield submit
    finally:
        client.close()
