"""A parallel build (``-j 2``) writes the same pages as a serial one: a small book with the
book's own configuration and extensions, eight pages in two parts with numbered sections,
figures, tables and equations referred to across pages, and a glossary."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import paths

PAGES = 8  # Sphinx reads and writes in parallel only when more than five pages change
BUILD = """
import sys
from pathlib import Path
from helpers.book import translations
root, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
translations._sphinx(root, "html", out, out.parent / (out.name + "-doctrees"), quiet=False,
                     fresh=sys.argv[4] == "fresh", jobs=jobs)
"""


def _page(n: int) -> str:
    other = (n % (PAGES - 1)) + 1
    return f"""# Chapter {n}

({f"ch{n}"})=
## Section {n}.1

A paragraph that cites {{numref}}`fig-{other}`, {{numref}}`tbl-{other}`, equation
{{eq}}`eq-{other}`, {{ref}}`the section of chapter {other} <ch{other}>` and
{{term}}`producer service` (生产性服务业).

```{{figure}} ../_static/favicon.svg
:name: fig-{n}
:width: 40px

Figure of chapter {n} (图 {n}).
```

```{{list-table}} Table of chapter {n}
:name: tbl-{n}
:header-rows: 1

* - Year
  - Share, %
* - 2017
  - {n}.5
```

```{{math}}
:label: eq-{n}
L = (I - A)^{{-1}} + {n}
```

## Section {n}.2

### Subsection {n}.2.1

Text with a footnote[^note{n}].

[^note{n}]: The footnote of chapter {n}.
"""


@pytest.fixture(scope="module")
def toy_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "book"
    (root / "chapters").mkdir(parents=True)
    shutil.copytree(paths.ROOT / "_static", root / "_static",
                    ignore=shutil.ignore_patterns("*.pdf", "*.zip", "vega-bundle.js"))
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    # the book reads its notebooks, not their paired text; this book has only text
    config["exclude_patterns"] = [p for p in config["exclude_patterns"]
                                  if p not in ("index.md", "chapters/*.md")]
    (root / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                      encoding="utf-8")
    chapters = [f"chapters/c{n}" for n in range(1, PAGES)]
    toc = {"format": "jb-book", "root": "index", "parts": [
        {"caption": "Part one", "numbered": True,
         "chapters": [{"file": c} for c in chapters[:4]]},
        {"caption": "Part two", "numbered": True,
         "chapters": [{"file": c} for c in chapters[4:]]}]}
    (root / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    (root / "index.md").write_text(
        "# A small book\n\n```{glossary}\nproducer service\n  A service bought by firms "
        "(生产性服务业).\n```\n", encoding="utf-8")
    for n, chapter in enumerate(chapters, start=1):
        (root / f"{chapter}.md").write_text(_page(n), encoding="utf-8")
    return root


def _build(root: Path, jobs: int, fresh: bool = True) -> tuple[Path, str]:
    out = root.parent / f"html-j{jobs}"
    done = subprocess.run([sys.executable, "-c", BUILD, str(root), str(out), str(jobs),
                           "fresh" if fresh else "again"],
                          capture_output=True, text=True, cwd=root, check=False)
    assert done.returncode == 0, f"the -j {jobs} build failed:\n{done.stdout[-3000:]}" \
                                 f"\n{done.stderr[-3000:]}"
    return out, done.stdout + done.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file() and p.name != ".buildinfo"}


def test_a_parallel_build_writes_the_pages_a_serial_build_writes(toy_book):
    serial, serial_log = _build(toy_book, 1)
    parallel, parallel_log = _build(toy_book, 2)
    # a parallel build reports its progress by chunks of pages ("c1 .. c4")
    for step in ("reading sources", "writing output"):
        assert not re.search(rf"{step}.* \.\. ", serial_log)
        assert re.search(rf"{step}.* \.\. ", parallel_log), f"-j 2: no {step} in parallel"
    one, two = _files(serial), _files(parallel)
    assert sorted(one) == sorted(two), "the builds wrote different files"
    assert len([n for n in one if n.endswith(".html")]) >= PAGES
    differ = [name for name in one if one[name] != two[name]]
    assert not differ, f"pages that differ between -j 1 and -j 2: {differ}"
    chapter = (serial / "chapters" / "c2.html").read_text(encoding="utf-8")
    for target in ("c3.html#fig-3", "c3.html#tbl-3", "c3.html#equation-eq-3", "c3.html#ch3",
                   "../index.html#term-producer-service"):
        assert f'href="{target}"' in chapter, f"no link to {target}"


def _captions(page: Path) -> list[str]:
    return re.findall(r'caption-number">\s*([^<]*?)\s*<', page.read_text(encoding="utf-8"))


def test_numbers_restart_on_every_page_and_follow_an_edit(toy_book, tmp_path):
    book = tmp_path / "book"
    shutil.copytree(toy_book, book)
    site, _ = _build(book, 1)
    assert _captions(site / "chapters" / "c3.html") == ["Fig. 1", "Table 1"]
    page = book / "chapters" / "c3.md"  # a figure before the others: numbers move up
    text = page.read_text(encoding="utf-8")
    at = text.index("```{figure}")
    page.write_text(text[:at] + "```{figure} ../_static/favicon.svg\n:name: fig-new\n\n"
                    "A new first figure.\n```\n\n" + text[at:], encoding="utf-8")
    site, log = _build(book, 1, fresh=False)
    assert re.search(r"updating environment.*1 changed", log), "not an incremental build"
    assert _captions(site / "chapters" / "c3.html") == ["Fig. 1", "Fig. 2", "Table 1"]
    assert _captions(site / "chapters" / "c4.html") == ["Fig. 1", "Table 1"]
