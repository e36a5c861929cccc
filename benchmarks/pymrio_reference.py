"""The reference an input-output analyst would use: pymrio's ``IOSystem.calc_system`` (A and
L) on the same tables, run in the benchmark's own environment (pymrio is not a dependency of
the book).

Reads the stacks the book's panel works on (``*.npz`` written by ``core_timings.py``) with
numpy alone, builds one ``IOSystem`` per square table and times only ``calc_system``, twice:
as an analyst would use it, from flows ``Z`` and final demand ``Y`` (it computes x, A and
L), and, stricter, with gross output ``x`` given too (it computes A and L). Prints the
seconds of both as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pymrio


def square_tables(folder: Path):
    """(label, Z, x) of every square table in the parsed stacks."""
    for path in sorted(folder.glob("*.npz")):
        with np.load(path, allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            if meta["products"] != meta["industries"]:
                continue
            Z, x = f["Z"], f["x"]
        for i, (country, year) in enumerate(zip(meta["countries"], meta["years"], strict=True)):
            yield f"{meta['source']} {country} {year}", meta["industries"], Z[i], x[i]


def timed_calc_system(folder: Path, give_x: bool) -> tuple[int, float]:
    """Tables and seconds spent in ``calc_system`` alone over every square table."""
    seconds, n = 0.0, 0
    for label, codes, Z, x in square_tables(folder):
        idx = pd.MultiIndex.from_product([[label], codes], names=["region", "sector"])
        final = pd.MultiIndex.from_product([[label], ["final demand"]],
                                           names=["region", "category"])
        io = pymrio.IOSystem(
            Z=pd.DataFrame(Z, index=idx, columns=idx),
            Y=pd.DataFrame(x - Z.sum(axis=1), index=idx, columns=final),
            x=pd.DataFrame(x, index=idx, columns=["indout"]) if give_x else None,
        )
        started = time.perf_counter()
        io.calc_system()
        seconds += time.perf_counter() - started
        n += 1
    return n, seconds


def main() -> None:
    folder = Path(sys.argv[1])
    n, from_zy = timed_calc_system(folder, give_x=False)
    _, given_x = timed_calc_system(folder, give_x=True)
    print(json.dumps({"tables": n, "seconds": from_zy, "seconds_x_given": given_x,
                      "pymrio": pymrio.__version__}))


if __name__ == "__main__":
    main()
