"""Recorded numbers do not depend on the processor.

OpenBLAS picks a kernel for the CPU it runs on, and different kernels sum in different orders,
so results differ in their last bits from machine to machine. Pages record numbers to
``SIGNIFICANT`` digits (charts to ``CHART_DIGITS``); this checks, for the default profile
tables, that the results computed with another kernel (forced with ``OPENBLAS_CORETYPE``)
record the same.
"""

from __future__ import annotations

import math
import os
import platform
import subprocess
import sys

import pandas as pd
import pytest

from helpers.book import charts
from helpers.book.present import SIGNIFICANT, significant
from helpers.measures import panel_cache
from helpers.profiles import runs

COMPUTE = ("import sys\nfrom helpers.measures import panel_cache\n"
           "from helpers.profiles import runs\n"
           "panel_cache.compute(runs.default_matrix()).to_pickle(sys.argv[1])")


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"),
                    reason="OPENBLAS_CORETYPE names x86-64 kernels")
def test_another_blas_kernel_records_the_same_numbers(tmp_path):
    native = panel_cache.compute(runs.default_matrix())
    other_file = tmp_path / "prescott.pkl"
    env = {**os.environ, "OPENBLAS_CORETYPE": "Prescott"}  # SSE3: runs on any x86-64
    subprocess.run([sys.executable, "-c", COMPUTE, str(other_file)], env=env, check=True,
                   timeout=600)
    other = pd.read_pickle(other_file)
    numbers = native.select_dtypes("number").columns
    differ_in_bits, problems = 0, []
    for column in numbers:
        for a, b in zip(native[column], other[column], strict=True):
            if math.isnan(a) and math.isnan(b):
                continue
            differ_in_bits += a != b
            for digits in (SIGNIFICANT, charts.CHART_DIGITS):
                if significant(a, digits) != significant(b, digits):
                    problems.append(f"{column}: {a!r} vs {b!r} at {digits} digits")
    assert not problems, problems[:5]
    print(f"{differ_in_bits} of {native[numbers].size} values differ in their last bits")
