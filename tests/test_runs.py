"""Profile runs: specs and the run matrix, the parallel runner on a two-run matrix, a profile's
numbers against ``python -m helpers indicators``, nbval on a generated profile, failures, and
kernels kept across runs (the same notebooks as fresh kernels, a failure replaces the kernel)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from helpers import cli, paths
from helpers.book.present import SIGNIFICANT, significant
from helpers.data import catalog
from helpers.data.catalog import TableKey
from helpers.errors import HelpersError, UnknownTableError
from helpers.measures import panel_cache
from helpers.profiles import index as profile_index
from helpers.profiles import pages, runs
from helpers.profiles import profile as profiles

#: A square NBS table and a commodity-by-industry BEA table (no Leontief measures).
TWO_RUNS = [TableKey("nbs42", "CHN", 2017), TableKey("bea", "USA", 2014)]
RECORD = "application/papermill.record/text/plain"


# --- specs and the matrix ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "key"), [
    ("CHN:2020:nbs", TableKey("nbs", "CHN", 2020)),
    ("chn:2020", TableKey("nbs", "CHN", 2020)),
    ("usa-2017-bea", TableKey("bea", "USA", 2017)),
    ("DEU:2014", TableKey("wiod", "DEU", 2014)),
])
def test_parse_spec(text, key):
    assert runs.parse_spec(text) == key


@pytest.mark.parametrize(("text", "error", "message"), [
    ("China", runs.RunSpecError, "expected COUNTRY:YEAR[:SOURCE]"),
    ("CHN:20", runs.RunSpecError, "expected COUNTRY:YEAR[:SOURCE]"),
    ("XYZ:2020", UnknownTableError, "valid countries: AGO, ARE, ARG, AUS"),
    ("CHN:2021:nbs", UnknownTableError, "2002, 2005, 2007"),
    ("CHN:2020:foo", UnknownTableError, "valid sources: nbs, nbs42, bea, oecd, wiod"),
    ("LUX:2014:wiod", UnknownTableError, "excluded"),
])
def test_parse_spec_errors_name_the_options(text, error, message):
    with pytest.raises(error, match=message.replace("[", r"\[").replace("]", r"\]")):
        runs.parse_spec(text)


def test_default_matrix_expands_all_and_latest():
    keys = runs.default_matrix()
    nbs_years = [k.year for k in catalog.available() if k.source == "nbs"]
    assert [k.year for k in keys if k.source == "nbs"] == nbs_years
    latest_bea = max(k.year for k in catalog.available() if k.source == "bea")
    assert {(k.country, k.year) for k in keys if k.source == "bea"} == {
        ("USA", latest_bea), ("USA", 2014), ("USA", 2017)}
    assert TableKey("wiod", "DEU", 2014) in keys and TableKey("oecd", "JPN", 2017) in keys
    assert len(keys) == len(set(keys)), "a table listed twice runs once"


def test_default_matrix_expands_every_economy_of_a_year():
    keys = runs.default_matrix()
    oecd25 = {k for k in catalog.available() if k.source == "oecd25" and k.year == 2022}
    assert len(oecd25) > 4 and oecd25 <= set(keys)
    assert {"CHN", "USA", "DEU", "JPN"} <= {k.country for k in oecd25}


@pytest.mark.parametrize(("body", "message"), [
    ("source,country\nnbs,CHN\n", "needs columns"),
    ("source,country,year\nfoo,CHN,2020\n", "line 2: unknown source 'foo'"),
    ("source,country,year\nnbs,CHN,2020\nbea,USA,2009\n", "line 3: no table for bea USA 2009"),
    ("source,country,year\nwiod,XYZ,latest\n", "line 2: no table .*valid countries"),
    ("source,country,year\nnbs,CHN,soon\n", "line 2: year 'soon' is not a year"),
    ("source,country,year\noecd25,all,latest\n", "line 2: country 'all' needs a year"),
    ("source,country,year\noecd25,all,1999\n", "line 2: oecd25 has no table for 1999; its "
     "years: 2022"),
    ("source,country,year\nfoo,all,2022\n", "line 2: unknown source 'foo'"),
    ("", "runs.csv cannot be read"),
    ("source,country,year,why\n", "lists no runs"),
])
def test_malformed_matrix_names_the_line(tmp_path, body, message):
    path = tmp_path / "runs.csv"
    path.write_text(body)
    with pytest.raises(runs.RunMatrixError, match=message):
        runs.default_matrix(path)


def test_every_economy_with_a_table_has_a_name():
    named = set(profiles.economies().index)
    assert {k.country for k in catalog.available()} <= named


def test_profile_of_unknown_table_lists_options():
    with pytest.raises(UnknownTableError, match="available: bea USA 2012-2024"):
        profiles.load("USA", 2030, "bea")


def test_profile_peers_and_trend():
    p = profiles.load("CHN", 2014, "wiod")
    peers = p.peers()
    assert peers["is_self"].sum() == 1 and peers["country"].is_unique
    have_2014 = {k.country for k in catalog.available() if k.year == 2014}
    assert not have_2014 & {c for (_, c, y) in catalog.EXCLUDED if y == 2014}
    fallback = peers[peers["year"] != 2014]
    assert set(fallback["country"]) == set(peers["country"]) - have_2014, (
        "only economies without a 2014 table")
    gaps = {k.country: abs(k.year - 2014) for k in sorted(
        catalog.available(), key=lambda k: -abs(k.year - 2014))}  # the nearest year last wins
    assert all(abs(y - 2014) == gaps[c] for c, y in zip(fallback["country"], fallback["year"],
                                                          strict=True)), "the nearest year"
    assert fallback.set_index("country").loc[["LUX", "ROU"], "year"].eq(2013).all()
    k, n = p.rank()
    assert 1 <= k <= n == len(peers)
    trend = p.trend()
    assert set(trend["source"]) == {"nbs", "nbs42", "oecd", "wiod", "oecd25"}
    assert trend["is_self"].sum() == 1
    assert p.previous()["year"] == 2013


def test_profile_peers_prefer_the_same_year_and_source():
    p = profiles.load("DEU", 2022, "oecd25")
    peers = p.peers()
    others = peers[~peers["is_self"]]
    assert (others["year"] == 2022).all() and (others["source"] == "oecd25").all()
    sentence = pages.peer_sentence(p)
    assert "all with a table for the same year" in sentence and "come from" not in sentence
    wiod = profiles.load("DEU", 2014, "wiod").peers()
    assert wiod.set_index("country").loc["USA", "source"] == "wiod", "same source first"


def test_cli_unknown_run_exits_2_listing_options(capsys):
    assert cli.main(["runs", "execute", "CHN:2019"]) == 2
    assert "available: nbs CHN" in capsys.readouterr().err


# --- the runner on a two-run matrix ----------------------------------------------------------

@pytest.fixture(scope="module")
def two_runs(tmp_path_factory) -> tuple[runs.Layout, runs.Report]:
    layout = runs.scratch_book(tmp_path_factory.mktemp("book"))
    report = runs.execute(TWO_RUNS, jobs=2, layout=layout, template=runs.BOOK.template,
                          progress=False)
    return layout, report


def glued(path: Path) -> dict[str, str]:
    nb = nbformat.read(path, as_version=4)
    return {o["metadata"]["scrapbook"]["name"]: o["data"].get(RECORD)
            for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
            if "scrapbook" in o.get("metadata", {})}


def test_two_runs_execute_in_parallel(two_runs):
    layout, report = two_runs
    assert sorted(report.executed) == sorted(TWO_RUNS)
    assert not report.failed and not report.skipped
    for key in TWO_RUNS:
        nb = nbformat.read(runs.output_path(key, layout), as_version=4)
        assert nb.metadata[runs.META_KEY]["spec"] == runs.spec(key)
        # the title is glued, in English and Chinese, so all profiles share one message
        assert nb.cells[0].source == "# {glue:text}`title`"
        titles = glued(runs.output_path(key, layout))
        assert titles["title"].startswith(f"'{'China' if key.country == 'CHN' else 'United'}")
        assert titles["title_zh"].startswith(f"'{'中国' if key.country == 'CHN' else '美国'}")
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert injected and "remove-cell" in injected[0].metadata["tags"]
        log = runs.log_path(key, layout).read_text()
        assert log.rstrip().endswith("s")
        # parallel kernels on Unix sockets: no TCP port for two kernels to race for
        assert "over TCP" not in log


def test_pages_and_toc_group_runs_by_economy(two_runs):
    layout, _ = two_runs
    index = layout.index.read_text()
    toc = yaml.safe_load(layout.toc.read_text())
    part = next(p for p in toc["parts"] if p["caption"] == "Economy profiles")
    [landing] = part["chapters"]
    assert landing["file"] == "chapters/profiles/index"
    assert [e["file"] for e in landing["sections"]] == [
        "chapters/profiles/economies/chn", "chapters/profiles/economies/usa"]
    for economy, key in zip(landing["sections"], TWO_RUNS, strict=True):
        [entry] = economy["sections"]
        assert entry == {"file": f"chapters/profiles/runs/{runs.slug(key)}",
                         "title": profile_index.short_title(key)}
        assert f"<runs/{runs.slug(key)}>" in index
        page = profile_index.economy_path(key.country, layout).read_text()
        assert f"<../runs/{runs.slug(key)}>" in page
    assert toc["parts"][:-1] == yaml.safe_load(runs.BOOK.toc.read_text())["parts"][:-1]
    for page in [layout.index, *layout.economies.glob("*.md")]:
        rows = [line for line in page.read_text().splitlines() if line.startswith("|")]
        assert len(rows) >= 3 and len({row.count("|") for row in rows}) == 1, page.name


def test_clean_removes_pages_and_empties_the_toc(tmp_path, two_runs):
    layout, _ = two_runs
    scratch = runs.scratch_book(tmp_path / "book")
    for folder in ("runs", "economies"):
        src = getattr(layout, folder)
        getattr(scratch, folder).mkdir(parents=True)
        for f in src.iterdir():
            (getattr(scratch, folder) / f.name).write_bytes(f.read_bytes())
    profile_index.write_pages(scratch)
    assert runs.generated(scratch) == sorted(TWO_RUNS, key=catalog.available().index)
    assert runs.clean(scratch) == 6  # two runs, two economy pages and their Chinese twins
    toc = yaml.safe_load(scratch.toc.read_text())
    assert toc["parts"][-1]["chapters"] == [{"file": "chapters/profiles/index"}]
    assert "No profile has been generated yet" in scratch.index.read_text()
    assert "尚未生成任何画像" in profile_index.twin_path(scratch.index).read_text()
    assert not list(scratch.economies.glob("*.md"))


def test_pages_wait_for_another_batch_and_list_what_it_wrote(tmp_path, two_runs):
    """While one batch holds the pages lock, another batch's page writing waits; it then
    lists the profiles the first batch wrote meanwhile (no lost update of the toc)."""
    import threading

    layout, _ = two_runs
    scratch = runs.scratch_book(tmp_path / "book")
    scratch.runs.mkdir(parents=True)
    first, second = (layout.runs / f"{runs.slug(k)}.ipynb" for k in TWO_RUNS)
    (scratch.runs / first.name).write_bytes(first.read_bytes())
    writer = threading.Thread(target=profile_index.write_pages, args=(scratch,))
    with profile_index.pages_lock(scratch):
        writer.start()
        writer.join(timeout=1.0)
        assert writer.is_alive(), "page writing went ahead while another batch held the lock"
        (scratch.runs / second.name).write_bytes(second.read_bytes())
    writer.join(timeout=120)
    assert not writer.is_alive()
    toc = scratch.toc.read_text()
    assert all(runs.slug(k) in toc for k in TWO_RUNS), toc


def test_profile_of_a_vanished_table_is_named(tmp_path):
    layout = runs.scratch_book(tmp_path)
    layout.runs.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata[runs.META_KEY] = {"spec": "CHN:2019:nbs"}
    nbformat.write(nb, layout.runs / "chn-2019-nbs.ipynb")
    with pytest.raises(HelpersError, match=r"chn-2019-nbs.ipynb profiles CHN:2019:nbs.*runs clean"):
        runs.generated(layout)


def test_toc_without_markers_is_an_error(tmp_path):
    layout = runs.Layout.of(tmp_path)
    layout.toc.write_text("format: jb-book\nroot: index\n")
    with pytest.raises(HelpersError, match="BEGIN profiles"):
        profile_index.write_pages(layout)


def test_rerun_with_nothing_changed_skips(two_runs):
    layout, _ = two_runs
    again = runs.execute(TWO_RUNS, jobs=2, layout=layout, template=runs.BOOK.template,
                         progress=False)
    assert sorted(again.skipped) == sorted(TWO_RUNS) and not again.executed
    made = runs.stamp(runs.BOOK.template)
    assert all(runs.status(k, layout, made) == "current" for k in TWO_RUNS)


@pytest.mark.parametrize("key", TWO_RUNS, ids=runs.slug)
def test_profile_numbers_match_indicators_command(two_runs, key, capsys):
    layout, _ = two_runs
    assert cli.main(["indicators", key.country, str(key.year), "--source", key.source,
                     "--json"]) == 0
    expected = panel_cache.flatten(json.loads(capsys.readouterr().out))
    shown = glued(runs.output_path(key, layout))
    numbers = {k: v for k, v in expected.items() if isinstance(v, float)}
    assert len(numbers) >= 25
    for name, value in numbers.items():
        assert name in shown, f"{name} is not on the profile page"
        assert float(shown[name]) == significant(value), name
        assert float(shown[name]) == pytest.approx(value, rel=10.0 ** (1 - SIGNIFICANT)), name


def test_profile_without_square_table_says_why(two_runs):
    layout, _ = two_runs
    text = glued(runs.output_path(TableKey("bea", "USA", 2014), layout))["leontief_sentence"]
    assert "not available" in text and "commodity-by-industry" in text
    zh = glued(runs.output_path(TableKey("bea", "USA", 2014), layout))["leontief_sentence_zh"]
    assert "bea USA 2014" in zh and "73×71" in zh, zh
    assert all(s in zh for s in catalog.SQUARE_SOURCES) and " bea" not in zh.split("来源为")[1]
    square = glued(runs.output_path(TableKey("nbs42", "CHN", 2017), layout))["leontief_sentence"]
    assert "in total" in square


def test_generated_profile_passes_nbval(two_runs):
    layout, _ = two_runs
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-q",
         "--nbval-sanitize-with", str(paths.ROOT / "tests" / "nbval_sanitize.cfg"),
         "-p", "no:cacheprovider", str(runs.output_path(TWO_RUNS[0], layout))],
        capture_output=True, text=True, timeout=300, cwd=layout.runs)
    assert r.returncode == 0, r.stdout[-2000:]


# --- failures -------------------------------------------------------------------------------

def test_failed_run_is_named_logged_and_leaves_no_page(tmp_path, monkeypatch, capsys):
    layout = runs.scratch_book(tmp_path / "book")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Profile"),
        nbformat.v4.new_code_cell("country = 'CHN'\nyear = 2020\nsource = 'nbs'",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("raise RuntimeError(f'broken profile for {country}')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    layout.template.parent.mkdir(parents=True)
    nbformat.write(nb, layout.template)
    key = TWO_RUNS[0]
    runs.output_path(key, layout).parent.mkdir(parents=True)
    runs.output_path(key, layout).write_text("{}")  # an older page that must not survive
    monkeypatch.setattr(runs, "BOOK", layout)
    assert cli.main(["runs", "execute", runs.spec(key)]) == 1
    printed = capsys.readouterr().out
    assert f"failed: {runs.spec(key)}" in printed and "broken profile for CHN" in printed
    assert not runs.output_path(key, layout).exists()
    assert "RuntimeError" in runs.log_path(key, layout).read_text()
    assert runs.partials(key, layout)
    assert "runs/" not in layout.toc.read_text(), "a failed run is not in the book"


# --- kept kernels ---------------------------------------------------------------------------

THREE_RUNS = [*TWO_RUNS, TableKey("wiod", "DEU", 2014)]


def kernel_lines(layout: runs.Layout, keys: list[TableKey]) -> list[str]:
    """Each run's log line naming the kept kernel it ran in: ``kept kernel PID: run N in it``."""
    return [next(line for line in runs.log_path(k, layout).read_text().splitlines()
                 if line.startswith("kept kernel")) for k in keys]


def kernel_pid(line: str) -> str:
    return line.split()[2].rstrip(":")


def test_kept_kernel_equals_fresh_kernel(tmp_path, comparable):
    layout = runs.scratch_book(tmp_path / "book")
    kept = runs.execute(THREE_RUNS, jobs=1, layout=layout, template=runs.BOOK.template,
                        progress=False)
    assert kept.executed == THREE_RUNS
    pid = kernel_pid(kernel_lines(layout, THREE_RUNS)[0])
    assert kernel_lines(layout, THREE_RUNS) == [
        f"kept kernel {pid}: run {n} in it" for n in (1, 2, 3)], "one kernel for the three"
    on_kept = {k: comparable(runs.output_path(k, layout)) for k in THREE_RUNS}
    # the runs that followed another in the kept kernel, each again on a kernel of its own
    after_another = THREE_RUNS[1:]
    fresh = runs.execute(after_another, jobs=1, layout=layout, template=runs.BOOK.template,
                         force=True, fresh_kernel=True, progress=False)
    assert fresh.executed == after_another
    assert not any("kept kernel" in runs.log_path(k, layout).read_text()
                   for k in after_another)
    for key in after_another:
        on_fresh = comparable(runs.output_path(key, layout))
        assert on_kept[key] == on_fresh, runs.spec(key)
        counts = [c.execution_count for c in on_fresh.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))


def test_failing_run_in_kept_kernel_fails_only_that_run(failing_book):
    ok, cell_error, kernel_dies, after = (TableKey("nbs42", "CHN", 2017),
                                          TableKey("bea", "USA", 2014),
                                          TableKey("wiod", "DEU", 2014),
                                          TableKey("wiod", "JPN", 2014))
    report = runs.execute([ok, cell_error, kernel_dies, after], jobs=1, layout=failing_book,
                          progress=False)
    assert report.executed == [ok, after]
    assert report.failed == {
        cell_error: "PapermillExecutionError: RuntimeError: broken profile for USA",
        kernel_dies: "DeadKernelError: Kernel died"}
    for key in report.failed:
        assert not runs.output_path(key, failing_book).exists()
        assert runs.partials(key, failing_book), "partial kept"
        assert report.failed[key].split(": ")[-1] in runs.log_path(key, failing_book).read_text()
    assert "Kernel died" in runs.log_path(kernel_dies, failing_book).read_text()
    first, *_, last = kernel_lines(failing_book, [ok, cell_error, kernel_dies, after])
    assert first.endswith("run 1 in it") and last.endswith("run 1 in it")
    assert kernel_pid(first) != kernel_pid(last), "a new kernel after a failure"
    printed = nbformat.read(runs.output_path(after, failing_book), as_version=4).cells[-1]
    assert printed.execution_count == 3 and printed.outputs[0]["text"] == "JPN\n"


def test_run_refuses_inputs_other_than_its_stamp(tmp_path):
    layout = runs.scratch_book(tmp_path / "book")
    key = TWO_RUNS[0]
    made = {**runs.stamp(runs.BOOK.template), "panel": "0123456789abcdef"}
    error = runs.execute_one(key, layout, runs.BOOK.template, made)
    assert error.startswith("InputsChangedError: ") and "0123456789abcdef" in error
    assert "same checkout" in runs.log_path(key, layout).read_text()
    assert not runs.output_path(key, layout).exists()


@pytest.mark.parametrize(("argv", "env", "expected"), [
    ([], None, {"fresh_kernel": False, "scheduler": None}),
    (["--fresh-kernel"], None, {"fresh_kernel": True, "scheduler": None}),
    (["--scheduler", "tcp://127.0.0.1:8786"], None, {"scheduler": "tcp://127.0.0.1:8786"}),
    ([], "tcp://127.0.0.1:9000", {"scheduler": "tcp://127.0.0.1:9000"}),
    (["--scheduler", "tcp://127.0.0.1:8786"], "tcp://127.0.0.1:9000",
     {"scheduler": "tcp://127.0.0.1:8786"}),
])
def test_cli_passes_kernel_and_scheduler_options(monkeypatch, capsys, argv, env, expected):
    seen = {}

    def fake_execute(keys, **kwargs):
        seen.update(kwargs)
        return runs.Report()

    monkeypatch.setattr(runs, "execute", fake_execute)
    if env:
        monkeypatch.setenv(cli.SCHEDULER_ENV, env)
    else:
        monkeypatch.delenv(cli.SCHEDULER_ENV, raising=False)
    assert cli.main(["runs", "execute", "CHN:2020", *argv]) == 0
    assert expected.items() <= seen.items()


def test_local_runs_do_not_import_dask():
    code = ("import sys, helpers.cli, helpers.profiles.runs, helpers.profiles.kernels\n"
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_panel_cache_round_trips_exactly():
    panel_cache.load()
    a = panel_cache.load()  # the second call reads the cache file
    assert panel_cache.cache_path().exists()
    b = panel_cache.compute([TableKey("nbs", "CHN", 2020)])
    row = a[(a["source"] == "nbs") & (a["year"] == 2020)].iloc[0]
    for col in b.columns:
        v = b.iloc[0][col]
        if isinstance(v, float) and not math.isnan(v):
            assert row[col] == v, col


# --- faults: templates, interrupted and concurrent runs, a fresh clone's toc -----------------

def _template(layout: runs.Layout, tags: list[str], later: str = "") -> None:
    """A profile template whose defaults cell carries ``tags`` (and an optional later cell)."""
    cells = [nbformat.v4.new_markdown_cell("# Profile"),
             nbformat.v4.new_code_cell("country = 'CHN'\nyear = 2020\nsource = 'nbs'",
                                       metadata={"tags": tags})]
    real = nbformat.read(runs.BOOK.template, as_version=4)
    cells += [c for c in real.cells if c.cell_type == "code"
              and "parameters" not in c.metadata.get("tags", [])][:1]
    if later:
        cells.insert(2, nbformat.v4.new_code_cell(later))
    nb = nbformat.v4.new_notebook(cells=cells, metadata=real.metadata)
    layout.template.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, layout.template)


@pytest.mark.parametrize("tags", [[], ["parameters", "x"], ["remove-cell"]])
def test_template_without_one_parameters_cell_is_refused(tmp_path, tags):
    layout = runs.scratch_book(tmp_path / "book")
    _template(layout, tags)
    nb = nbformat.read(layout.template, as_version=4)
    if tags == ["parameters", "x"]:  # two tagged cells
        nb.cells.append(nbformat.v4.new_code_cell("year = 2014", metadata={"tags": tags}))
        nbformat.write(nb, layout.template)
    with pytest.raises(runs.TemplateError, match="exactly one"):
        runs.execute([TableKey("wiod", "DEU", 2014)], jobs=1, layout=layout, progress=False)
    assert not list(layout.runs.glob("*.ipynb")) if layout.runs.exists() else True


def test_page_showing_another_economy_than_requested_fails(tmp_path):
    layout = runs.scratch_book(tmp_path / "book")
    _template(layout, ["parameters"], later="country, year, source = 'CHN', 2020, 'nbs'")
    key = TableKey("wiod", "DEU", 2014)
    report = runs.execute([key], jobs=1, layout=layout, progress=False)
    assert "asked for DEU:2014:wiod but the page shows CHN:2020:nbs" in report.failed[key]
    assert not runs.output_path(key, layout).exists()


def test_logs_and_partial_notebooks_stay_outside_the_sources(tmp_path):
    layout = runs.Layout.of(tmp_path)
    assert layout.root / "_build" in runs.log_path(TWO_RUNS[0], layout).parents
    assert layout.root / "chapters" not in runs.log_path(TWO_RUNS[0], layout).parents


def test_fresh_clone_run_keeps_the_default_profiles_in_the_toc(tmp_path):
    layout = runs.scratch_book(tmp_path / "book")
    (layout.root / "data").mkdir()
    (layout.root / "data" / "runs.csv").write_text(runs.MATRIX_CSV.read_text())
    layout = runs.Layout.of(layout.root)
    extra = TableKey("wiod", "FRA", 2014)
    report = runs.execute([extra], jobs=1, layout=layout, template=runs.BOOK.template,
                          progress=False)
    assert report.executed == [extra]
    toc = layout.toc.read_text()
    assert runs.slug(extra) in toc
    assert all(runs.slug(k) in toc for k in runs.default_matrix())
    committed = runs.BOOK.toc.read_text()
    assert all(line in toc for line in committed.splitlines() if "runs/" in line)


def _cli(book: Path, *args: str) -> subprocess.Popen:
    env = {**__import__("os").environ, "PYTHONPATH": str(paths.ROOT / "src")}
    code = ("import sys; from pathlib import Path; from helpers.profiles import runs; "
            f"layout = runs.Layout.of(Path({str(book)!r})); "
            "report = runs.execute([runs.parse_spec(s) for s in sys.argv[1:]], jobs=1, "
            "layout=layout, template=runs.BOOK.template, progress=False); "
            "print(report.summary()); "
            "sys.exit(1 if report.failed else 0)")
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


SPECS = ["DEU:2010:wiod", "DEU:2011:wiod", "DEU:2012:wiod", "DEU:2013:wiod"]


def test_interrupted_batch_leaves_nothing_broken_and_a_rerun_finishes(tmp_path):
    import contextlib
    import os
    import signal
    import time

    layout = runs.scratch_book(tmp_path / "book")
    proc = _cli(layout.root, *SPECS)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(layout.logs.glob("*.log")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the whole process group
    try:
        proc.wait(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    for page in layout.runs.glob("*.ipynb") if layout.runs.exists() else []:
        nbformat.validate(nbformat.read(page, as_version=4))  # whole pages only
    assert not list(layout.runs.glob("*.tmp")) if layout.runs.exists() else True
    rerun = _cli(layout.root, *SPECS)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err[-2000:]
    assert sorted(p.stem for p in layout.runs.glob("*.ipynb")) == sorted(
        runs.slug(runs.parse_spec(s)) for s in SPECS)
    assert not list(layout.logs.glob("*.ipynb")), "partial notebooks are cleaned by the rerun"


def test_concurrent_batches_on_one_book_both_succeed(tmp_path):
    layout = runs.scratch_book(tmp_path / "book")
    first, second = _cli(layout.root, *SPECS[:3]), _cli(layout.root, *SPECS[1:])
    for proc in (first, second):
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, out[-2000:] + err[-2000:]
    pages = sorted(layout.runs.glob("*.ipynb"))
    assert [p.stem for p in pages] == sorted(runs.slug(runs.parse_spec(s)) for s in SPECS)
    for page in pages:
        assert runs.made_from(page)["spec"] in SPECS
    toc = layout.toc.read_text()
    assert all(runs.slug(runs.parse_spec(s)) in toc for s in SPECS)
