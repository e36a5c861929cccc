"""Profile runs on a Dask cluster: a two-worker cluster on loopback makes the same pages as
local processes and reports failures the same way; an unreachable scheduler is named."""

from __future__ import annotations

import socket

import pytest
from distributed import LocalCluster

from helpers import cli
from helpers.data.catalog import TableKey
from helpers.profiles import cluster as profile_cluster
from helpers.profiles import runs

TWO_RUNS = [TableKey("nbs42", "CHN", 2017), TableKey("bea", "USA", 2014)]


@pytest.fixture(scope="module")
def scheduler() -> str:
    """The address of a two-worker cluster (one thread each, own processes) on loopback."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      scheduler_port=0, dashboard_address=None) as local:
        yield local.scheduler_address


def generated_pages(layout: runs.Layout) -> dict[str, str]:
    """The landing page, the economy pages and the table of contents."""
    pages = [layout.index, layout.toc, *sorted(layout.economies.glob("*.md"))]
    return {p.name: p.read_text() for p in pages}


def test_cluster_makes_the_pages_local_processes_make(scheduler, tmp_path, comparable):
    layout = runs.scratch_book(tmp_path / "book")
    local = runs.execute(TWO_RUNS, jobs=2, layout=layout, template=runs.BOOK.template,
                         progress=False)
    assert sorted(local.executed) == sorted(TWO_RUNS)
    notebooks = {k: comparable(runs.output_path(k, layout)) for k in TWO_RUNS}
    pages = generated_pages(layout)
    on_cluster = runs.execute(TWO_RUNS, layout=layout, template=runs.BOOK.template,
                              force=True, progress=False, scheduler=scheduler)
    assert sorted(on_cluster.executed) == sorted(TWO_RUNS) and not on_cluster.failed
    for key in TWO_RUNS:
        assert comparable(runs.output_path(key, layout)) == notebooks[key], runs.spec(key)
        assert "kept kernel" in runs.log_path(key, layout).read_text()
    assert generated_pages(layout) == pages
    again = runs.execute(TWO_RUNS, layout=layout, template=runs.BOOK.template, progress=False,
                         scheduler=scheduler)
    assert sorted(again.skipped) == sorted(TWO_RUNS), "current runs are skipped there too"


def test_cluster_failure_is_reported_like_a_local_one(scheduler, failing_book):
    ok, broken = TableKey("nbs42", "CHN", 2017), TableKey("bea", "USA", 2014)
    report = runs.execute([ok, broken], layout=failing_book, progress=False,
                          scheduler=scheduler)
    assert report.executed == [ok]
    assert report.failed == {
        broken: "PapermillExecutionError: RuntimeError: broken profile for USA"}
    assert f"failed: {runs.spec(broken)} (PapermillExecutionError" in report.summary()
    assert not runs.output_path(broken, failing_book).exists()
    assert "RuntimeError" in runs.log_path(broken, failing_book).read_text()
    assert runs.partials(broken, failing_book)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("by_env", [False, True], ids=["option", "environment"])
def test_unreachable_scheduler_is_named(monkeypatch, capsys, by_env):
    monkeypatch.setattr(profile_cluster, "CONNECT_TIMEOUT", 1)
    address = f"tcp://127.0.0.1:{closed_port()}"
    if by_env:
        monkeypatch.setenv(cli.SCHEDULER_ENV, address)
        argv = []
    else:
        monkeypatch.delenv(cli.SCHEDULER_ENV, raising=False)
        argv = ["--scheduler", address]
    assert cli.main(["runs", "execute", "CHN:2020", *argv]) == 2
    err = capsys.readouterr().err
    assert f"cannot reach the Dask scheduler at {address} within 1 s" in err
    assert "Traceback" not in err


def test_malformed_scheduler_address_is_named(capsys):
    assert cli.main(["runs", "execute", "CHN:2020", "--scheduler", "localhost"]) == 2
    assert "'localhost' is not a scheduler address" in capsys.readouterr().err
