"""In-process timings of the vectorised core (run by ``benchmarks/run.py`` in a fresh
process with the parsed-table cache warm); prints one JSON object of seconds. With a folder
argument it also writes there the stacks the panel works on, for the reference to read the
same tables."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np


def main() -> None:
    started = time.perf_counter()
    from helpers.data import catalog
    from helpers.data.sources import adb
    from helpers.measures import panel_cache, sweep

    imported = time.perf_counter()
    stacks = catalog.scheme_stacks()  # every table, as the panel reads it
    loaded = time.perf_counter()
    t = time.perf_counter()
    panel = panel_cache.compute()
    panel_seconds = time.perf_counter() - t

    t = time.perf_counter()
    n_square = 0
    for st in stacks:  # bare numpy: A and L of every square table, one at a time
        if not st.is_square:
            continue
        for i in range(len(st)):
            x = st.x[i]
            A = st.Z[i] / np.where(x > 0, x, 1.0)
            np.linalg.inv(np.eye(len(x)) - A)
            n_square += 1
    numpy_seconds = time.perf_counter() - t

    t = time.perf_counter()
    swept = sweep.sweep()
    sweep_seconds = time.perf_counter() - t
    if len(sys.argv) > 1:
        for i, st in enumerate(catalog.scheme_stacks()):
            st.save(Path(sys.argv[1]) / f"{i:02d}-{st.source}-{st.scheme}.npz")
    parse: dict[str, float] = {}
    for unit in catalog.units():  # every raw file parsed again, without the cache
        t = time.perf_counter()
        unit.parse()
        parse[unit.source] = parse.get(unit.source, 0.0) + time.perf_counter() - t
    t = time.perf_counter()
    adb.load()  # the ADB value-added panel
    parse["adb"] = time.perf_counter() - t
    print(json.dumps({
        "parse_by_source": parse,
        "import": imported - started, "load_warm": loaded - imported,
        "tables": len(panel), "square_tables": n_square, "panel": panel_seconds,
        "numpy_A_L": numpy_seconds, "sweep": sweep_seconds,
        "variants": int(swept["variant"].nunique()),
    }))


if __name__ == "__main__":
    main()
