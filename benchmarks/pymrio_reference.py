"""The reference an input-output analyst would use: pymrio's ``IOSystem.calc_system`` (A and
L) on the same tables, run in the benchmark's own environment (pymrio is not a dependency of
the book).

Reads the parsed-table stacks (``<cache>/parsed/*.npz``, written by the book's loaders) with
numpy alone, builds one ``IOSystem`` per square table and times only ``calc_system``; prints
``{"tables": N, "seconds": S}`` as JSON.
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


def main() -> None:
    folder = Path(sys.argv[1])
    seconds, n = 0.0, 0
    for label, codes, Z, x in square_tables(folder):
        idx = pd.MultiIndex.from_product([[label], codes], names=["region", "sector"])
        io = pymrio.IOSystem(
            Z=pd.DataFrame(Z, index=idx, columns=idx),
            Y=pd.DataFrame(x - Z.sum(axis=1), index=idx,
                           columns=pd.MultiIndex.from_product([[label], ["final demand"]],
                                                              names=["region", "category"])),
            x=pd.DataFrame(x, index=idx, columns=["indout"]),
        )
        started = time.perf_counter()
        io.calc_system()
        seconds += time.perf_counter() - started
        n += 1
    print(json.dumps({"tables": n, "seconds": seconds, "pymrio": pymrio.__version__}))


if __name__ == "__main__":
    main()
