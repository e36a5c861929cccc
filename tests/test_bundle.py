"""The data behind the book: one archive with every chart's data, the checked claims, the
panel and the sources, each equal to what the book shows."""

from __future__ import annotations

import base64
import io
import re
import zipfile

import nbformat
import pandas as pd

from helpers import bundle, paths
from helpers.book.notebooks import chart_csvs


def test_archive_holds_every_chart_and_the_registry(tmp_path):
    path = bundle.write(tmp_path / "data.zip")
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        assert {"README.txt", "claims.csv", "panel.csv", "sources.csv"} <= names
        assert "charts/problems/fig-table4.csv" in names
        claims = pd.read_csv(io.BytesIO(z.read("claims.csv")), keep_default_na=False)
        assert {"computed", "gap", "outcome", "expected"} <= set(claims.columns)
        assert (claims["outcome"] == claims["expected"]).all()
        assert z.read("sources.csv") == paths.SOURCES_CSV.read_bytes()
    links = 0
    for nb in [paths.ROOT / "index.ipynb", *sorted((paths.ROOT / "chapters").glob("*.ipynb"))]:
        text = nbformat.writes(nbformat.read(nb, as_version=4)).replace('\\"', '"')
        links += len(set(re.findall(r'download="([^"]+\.csv)"', text)))
    chapter_charts = [n for n in names if n.startswith("charts/") and "/profiles/" not in n]
    assert len(chapter_charts) == links > 0, "every chart download link is in the archive"
    again = bundle.write(tmp_path / "again.zip")
    assert again.read_bytes() == path.read_bytes(), "an unchanged book gives the same archive"


def test_chart_csv_is_the_linked_data(tmp_path):
    csv = "a,b\n1,2\n"
    b64 = base64.b64encode(csv.encode()).decode()
    out = nbformat.v4.new_output(
        "display_data", data={"application/papermill.record/text/html":
                              f'<a download="chart-x.csv" href="data:text/csv;base64,{b64}">'},
        metadata={"scrapbook": {"name": "fig-x"}})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[out])])
    nbformat.write(nb, tmp_path / "n.ipynb")
    assert chart_csvs(tmp_path / "n.ipynb") == {"fig-x.csv": csv}
