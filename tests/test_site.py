"""The built site serves only pages that still exist."""

from __future__ import annotations

from helpers.profiles.layout import Layout, stale_html


def test_built_pages_of_deleted_profiles_are_stale(tmp_path):
    layout = Layout.of(tmp_path)
    html = tmp_path / "_build" / "html"
    layout.runs.mkdir(parents=True)
    layout.economies.mkdir(parents=True)
    (layout.runs / "deu-2014-wiod.ipynb").write_text("{}")
    (layout.economies / "deu.md").write_text("# Germany")
    built = html / "chapters" / "profiles"
    sources = html / "_sources" / "chapters" / "profiles"
    for folder in (built / "runs", built / "economies", sources / "runs"):
        folder.mkdir(parents=True)
    keep = [built / "runs" / "deu-2014-wiod.html", built / "economies" / "deu.html",
            sources / "runs" / "deu-2014-wiod.ipynb"]
    gone = [built / "runs" / "fra-2014-wiod.html", built / "economies" / "fra.html",
            sources / "runs" / "fra-2014-wiod.ipynb"]
    for page in keep + gone:
        page.write_text("x")
    assert sorted(stale_html(layout, html)) == sorted(gone)
    assert stale_html(layout, tmp_path / "no-build") == []
