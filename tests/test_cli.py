"""The command line: JSON indicators, source listing, and clear errors with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize(("country", "year", "source"),
                         [("CHN", "2020", "nbs"), ("USA", "2023", "bea"), ("JPN", "2018", "oecd"),
                          ("DEU", "2014", "wiod")])
def test_indicators_json(country, year, source):
    r = run("indicators", country, year, "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["country"], out["year"], out["source"]) == (country, int(year), source)
    assert out["unit"]
    assert 0.05 < out["ps_input_share"] < 0.5
    assert set(out["ps_input_share_by_intensity"]) == {"high", "medium", "low"}
    assert all(0 < v < 0.6 for v in out["ps_input_share_by_intensity"].values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("indicators", "FRX", "2014"), "valid countries"),
        (("indicators", "CHN", "2019"), "available: nbs CHN"),
        (("indicators", "USA", "2010", "--source", "bea"), "available: bea USA 2012-2024"),
    ],
)
def test_bad_input_exits_non_zero_with_options(args, message):
    r = run(*args)
    assert r.returncode != 0
    assert message in r.stderr


def test_unknown_source_is_rejected():
    r = run("indicators", "CHN", "2020", "--source", "imf")
    assert r.returncode != 0 and "invalid choice" in r.stderr


def test_sources_lists_every_source():
    r = run("sources")
    assert r.returncode == 0
    for source in ("nbs:", "nbs42:", "bea:", "oecd:", "wiod:"):
        assert source in r.stdout
    assert "excluded wiod ROU 2014" in r.stdout


def test_claims_json_lists_every_claim_with_its_outcome():
    r = run("claims", "--json")
    assert r.returncode == 0, r.stderr
    out = {c["id"]: c for c in json.loads(r.stdout)}
    assert len(out) >= 250
    row = out["t3.2020.total.share"]
    assert (row["check"], row["outcome"], row["published"]) == ("regenerate", "match", 13.9)
    assert abs(row["computed"] - 13.9) < 0.05
    assert all(c["outcome"] == "n/a" and c["computed"] is None
               for c in out.values() if c["check"] == "cite")


def test_claims_summary_exits_zero_when_outcomes_are_as_reviewed():
    r = run("claims", "--check", "consistency")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "consistency" in r.stdout and "unexpected" not in r.stdout


def test_panel_writes_every_table_and_matches_indicators(tmp_path):
    import pandas as pd

    out = tmp_path / "panel.csv"
    r = run("panel", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert f"to {out}" in r.stderr
    df = pd.read_csv(out)
    one = json.loads(run("indicators", "DEU", "2014", "--source", "wiod", "--json").stdout)
    row = df[(df["source"] == "wiod") & (df["country"] == "DEU") & (df["year"] == 2014)]
    assert len(row) == 1 and row.iloc[0]["ps_input_share"] == pytest.approx(
        one["ps_input_share"], rel=1e-12)
    printed = run("panel")
    assert printed.returncode == 0 and printed.stdout.count("\n") == len(df) + 1


def test_panel_refresh_recomputes(monkeypatch, tmp_path):
    """``--refresh`` reaches the panel (which then parses every raw file again: covered in
    test_cache_faults without the cost of doing it here)."""
    from helpers import cli
    from helpers.measures import panel_cache

    asked = []
    monkeypatch.setattr(panel_cache, "csv_bytes",
                        lambda jobs=1, refresh=False: asked.append(refresh) or b"a\n1\n")
    assert cli.main(["panel", "--refresh", "--out", str(tmp_path / "p.csv")]) == 0
    assert cli.main(["panel", "--out", str(tmp_path / "q.csv")]) == 0
    assert asked == [True, False]
    assert (tmp_path / "p.csv").read_bytes() == b"a\n1\n"


def test_panel_rejects_unknown_option():
    r = run("panel", "--nope")
    assert r.returncode == 2 and "unrecognized arguments" in r.stderr


def test_check_outputs_names_a_page_with_a_traceback(tmp_path):
    import nbformat

    good, bad = tmp_path / "good.ipynb", tmp_path / "bad.ipynb"
    cell = nbformat.v4.new_code_cell("1 / 0")
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), good)
    cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError",
                                           evalue="division by zero", traceback=[])]
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), bad)
    r = run("check-outputs", str(good), str(bad))
    assert r.returncode == 1
    assert f"error output in {bad}: cell 0: ZeroDivisionError" in r.stderr
    assert str(good) not in r.stderr
    assert run("check-outputs", str(good)).returncode == 0


def test_linkages_json_gives_both_indices_per_category_and_the_extraction_loss():
    from helpers.data.classify import PS_CATEGORIES

    r = run("linkages", "CHN", "2020", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["source"], out["country"], out["year"]) == ("nbs", "CHN", 2020)
    for side in ("backward", "forward"):
        assert set(out[side]) == set(PS_CATEGORIES)
        assert all(0.2 < v < 3 for v in out[side].values())
    assert 0 < out["extraction_loss_share"] < 5


def test_linkages_pick_a_square_table_or_say_there_is_none():
    r = run("linkages", "USA", "2014", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["source"] == "wiod"  # the BEA table is not square
    r = run("linkages", "USA", "2020", "--json")
    assert r.returncode == 2
    assert json.loads(r.stderr)["type"] == "NotSquareError"
    assert "bea:USA:2020 is commodity-by-industry" in r.stderr


def test_decompose_json_parts_sum_to_the_total_change():
    r = run("decompose", "CHN", "2017", "2020", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    parts = out["technology"] + out["final_demand_structure"] + out["final_demand_level"]
    assert parts == pytest.approx(out["total_change"], rel=1e-9)
    assert out["total_change"] == pytest.approx(out["end"] - out["start"], rel=1e-12)
    assert out["unit"] == "10 thousand CNY"
    split = out["technology_intensity"] + out["technology_linkage"]
    assert split == pytest.approx(out["technology"], rel=1e-9)
    assert out["basis"] == ["total", "total"]


def test_linkages_and_decompose_on_the_domestic_basis():
    total = json.loads(run("linkages", "CHN", "2020", "--json").stdout)
    r = run("linkages", "CHN", "2020", "--basis", "domestic", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (total["basis"], out["basis"]) == ("total", "domestic (import proportionality)")
    # imports taken out: less manufacturing output rests on producer services' purchases
    assert out["extraction_loss_of_output"] < total["extraction_loss_of_output"]
    for key in ("ps_output_pulled_by_manufacturing", "manufacturing_output_supported_by_ps"):
        assert 0 < out[key] < 1
    r = run("decompose", "CHN", "2017", "2020", "--basis", "domestic", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["basis"] == ["domestic (import proportionality)"] * 2


def test_price_shock_json_gives_manufacturing_cost_overall_and_by_industry():
    r = run("price-shock", "CHN", "2020", "--category", "transport", "--change", "-0.1",
            "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["basis"] == "domestic (import proportionality)"
    overall, direct = out["manufacturing_cost_change"], out["manufacturing_cost_change_direct"]
    assert -0.1 < overall < direct < 0  # a cut lowers costs, more in total than directly
    rows = out["by_industry"]
    assert sum(row["output_share"] for row in rows) == pytest.approx(1.0)
    assert sum(row["output_share"] * row["total"] for row in rows) == pytest.approx(overall)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("price-shock", "CHN", "2020", "--category", "transprt", "--change", "-0.1"),
         "invalid choice: 'transprt' (choose from 'science_tech'"),
        (("price-shock", "CHN", "2020", "--category", "finance", "--change", "-1.5"),
         "not a relative price change"),
        (("linkages", "JPN", "2022", "--source", "oecd25", "--basis", "domestic"),
         "only the basis 'total' is available"),
        (("linkages", "CHN", "2020", "--basis", "imported"), "invalid choice: 'imported'"),
    ],
)
def test_basis_and_price_shock_name_bad_input(args, message):
    r = run(*args)
    assert r.returncode == 2 and message in r.stderr, r.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("decompose", "CHN", "2020", "2017"), "must be earlier"),
        (("decompose", "CHN", "2017", "2019"), "available: nbs CHN"),
        (("linkages", "CHN", "2020", "--source", "bea"), "bea covers USA"),
    ],
)
def test_beyond_commands_name_bad_input(args, message):
    r = run(*args)
    assert r.returncode == 2 and message in r.stderr, r.stderr


def test_fetch_warm_fills_the_caches_after_fetching(monkeypatch, capsys):
    import pandas as pd

    from helpers import cli
    from helpers.data import fetch
    from helpers.measures import panel_cache

    calls = []
    monkeypatch.setattr(fetch, "fetch_all", lambda: calls.append("fetch") or {"present": 3})
    monkeypatch.setattr(panel_cache, "load", lambda jobs: calls.append(("panel", jobs))
                        or pd.DataFrame({"x": [1, 2]}))
    assert cli.main(["fetch"]) == 0
    assert calls == ["fetch"], "without --warm nothing is parsed"
    assert cli.main(["fetch", "--warm", "--jobs", "3"]) == 0
    assert calls == ["fetch", "fetch", ("panel", 3)]
    out = capsys.readouterr().out
    assert "raw data ready: 3 present" in out and "caches warm: 2 tables" in out


def test_a_traceback_printed_to_stderr_is_an_error_output(tmp_path):
    import nbformat

    from helpers.book.notebooks import error_outputs

    cell = nbformat.v4.new_code_cell("import warnings")
    cell.outputs = [nbformat.v4.new_output(
        "stream", name="stderr", text="Traceback (most recent call last):\n  File 'x'\nE\n")]
    page = tmp_path / "page.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), page)
    assert isinstance(json.loads(page.read_text())["cells"][0]["outputs"][0]["text"], list)
    assert error_outputs(page) == ["cell 0: a traceback printed to stderr"]
