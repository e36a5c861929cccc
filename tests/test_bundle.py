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
from helpers.book.charts import VEGALITE_MIME, render_html
from helpers.book.glue_view import VIEW_KEY
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
    datasets = 0  # every dataset of every chart the chapters draw (not the glue view's copies)
    for nb in [paths.ROOT / "index.ipynb", *sorted((paths.ROOT / "chapters").glob("*.ipynb"))]:
        for cell in nbformat.read(nb, as_version=4).cells:
            for out in cell.get("outputs", []):
                if VIEW_KEY not in out.get("metadata", {}):
                    datasets += sum(len(spec.get("datasets", {}))
                                    for key, spec in out.get("data", {}).items()
                                    if key.endswith(VEGALITE_MIME))
    chapter_charts = [n for n in names if n.startswith("charts/") and "/profiles/" not in n]
    assert len(chapter_charts) == datasets > 0, "every chart's data is in the archive"
    again = bundle.write(tmp_path / "again.zip")
    assert again.read_bytes() == path.read_bytes(), "an unchanged book gives the same archive"


def test_chart_csv_is_the_linked_data(tmp_path):
    spec = {"datasets": {"d1": [{"a": 1, "b": 2}]}, "mark": "bar"}
    html = render_html(spec)
    b64 = re.search(r'href="data:text/csv;base64,([^"]+)"', html).group(1)
    glued = nbformat.v4.new_output(
        "display_data", data={f"application/papermill.record/{VEGALITE_MIME}": spec},
        metadata={"scrapbook": {"name": "fig-x"}})
    shown = nbformat.v4.new_output("display_data", data={VEGALITE_MIME: spec},
                                   metadata={VIEW_KEY: "fig-x"})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[glued, shown])])
    nbformat.write(nb, tmp_path / "n.ipynb")
    csv = base64.b64decode(b64).decode()
    assert csv == "a,b\n1,2\n"
    assert chart_csvs(tmp_path / "n.ipynb") == {"fig-x.csv": csv}
