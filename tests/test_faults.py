"""Fault injection, as a user meets it: a raw file of each format the project reads (csv, R
data, Excel, parquet) changed by one byte, truncated or deleted. Each time the command fails
with a non-zero exit and a message naming the file and the way out; no wrong number is
printed, no cache hides the fault, and fetching repairs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import paths

WIOD = "wiod-2016-niot/DEU_NIOT_nov16.csv"
NBS = "nbs-ionet/china_2020_153.rda"
WDI = "worldbank-wdi/API_NV.SRV.TOTL.ZS_DS2_en_csv_v2_35142.csv"
MIC = "mic-japan-io/check_japan_2015_185x185_std.xlsx"
ADB = "adb-mrio-summary/summary.parquet"


@pytest.fixture
def raw(tmp_path) -> Path:
    """A private raw folder: links to every fetched file, to be replaced one at a time."""
    folder = tmp_path / "raw"
    for f in paths.RAW.rglob("*"):
        if f.is_file() and not f.name.startswith("."):
            dest = folder / f.relative_to(paths.RAW)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(f)
    return folder


def run(raw: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HELPERS_RAW_DIR": str(raw), "HELPERS_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def warm_copy(cache: Path) -> None:
    """``cache`` made a copy of the book's caches, which `make data` warms (left to fill
    itself where the book has none)."""
    if paths.CACHE.is_dir():
        shutil.copytree(paths.CACHE, cache)


def damage(raw: Path, relpath: str, how: str) -> None:
    path = raw / relpath
    data = path.read_bytes()
    path.unlink()
    if how == "byte":
        i = data.index(b"3", len(data) // 2)  # a digit in the middle becomes another digit
        path.write_bytes(data[:i] + b"2" + data[i + 1:])
    elif how == "truncate":
        path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize("how", ["byte", "truncate", "delete"])
@pytest.mark.parametrize(("relpath", "args"), [
    (WIOD, ("indicators", "DEU", "2014", "--source", "wiod", "--json")),
    (NBS, ("indicators", "CHN", "2020", "--json")),
    (WDI, ("claims",)),
    (MIC, ("indicators", "JPN", "2015", "--source", "mic", "--json")),
    (ADB, ("value-added", "USA", "2022", "--source", "adb", "--json")),
])
def test_damaged_raw_file_fails_loudly(raw, tmp_path, relpath, args, how):
    cache = tmp_path / "cache"
    if args[0] == "claims":
        # the claims read every table before the WDI file: from a copy of the book's warm
        # caches, which must not hide the damage either (the tables' formats meet a cold one)
        warm_copy(cache)
    damage(raw, relpath, how)
    r = run(raw, cache, *args)
    assert r.returncode == 2, r.stdout[-500:]
    assert relpath in r.stderr
    assert ("python -m helpers fetch" in r.stderr)
    assert r.stdout == ""


def test_warm_caches_do_not_hide_a_damaged_file_and_fetch_repairs_it(raw, tmp_path):
    cache = tmp_path / "cache"
    warm_copy(cache)
    good = run(raw, cache, "panel")
    assert good.returncode == 0, good.stderr
    assert list(cache.glob("panel-*.csv")) and list((cache / "parsed").iterdir())
    damage(raw, WIOD, "byte")
    bad = run(raw, cache, "panel")
    assert bad.returncode == 2 and WIOD in bad.stderr and bad.stdout == ""
    bad = run(raw, cache, "indicators", "DEU", "2014", "--source", "wiod")
    assert bad.returncode == 2 and WIOD in bad.stderr
    fixed = run(raw, cache, "fetch")
    assert fixed.returncode == 0, fixed.stderr
    again = run(raw, cache, "panel")
    assert again.returncode == 0 and again.stdout == good.stdout
