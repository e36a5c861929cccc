"""Where a book keeps its profiles, and how a run is named: the template, generated
notebooks, logs and pages of a book folder; run slugs and specs; the profiles on disk."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from helpers import paths
from helpers.data import catalog
from helpers.errors import HelpersError

META_KEY = "helpers_run"
SPEC_FORMAT = ("COUNTRY:YEAR[:SOURCE] (e.g. CHN:2020:nbs, USA:2017, CN-GD:2017:prov) or a slug "
               "(chn-2020-nbs, cn-gd-2017-prov)")
_SPEC = re.compile(r"^(?P<country>[A-Za-z]{3}|[Cc][Nn]-[A-Za-z]{2})[:\-](?P<year>\d{4})"
                   r"(?:[:\-](?P<source>[a-z0-9]+))?$")

@dataclass(frozen=True)
class Layout:
    """Where a book keeps its profile template, the runs' outputs and logs, the generated
    pages and its table of contents."""

    root: Path
    template: Path
    runs: Path
    logs: Path
    index: Path
    economies: Path
    toc: Path
    matrix: Path | None = None

    @classmethod
    def of(cls, root: Path) -> Layout:
        """The layout of the book whose root folder is ``root``. Logs and the partial
        notebooks of failed runs go outside the book's sources, under ``_build``; the run
        matrix is the book's ``data/runs.csv`` when it has one."""
        profiles = root / "chapters" / "profiles"
        matrix = root / "data" / "runs.csv"
        return cls(root=root, template=profiles / "template.ipynb", runs=profiles / "runs",
                   logs=root / "_build" / "profile-logs", index=profiles / "index.md",
                   economies=profiles / "economies", toc=root / "_toc.yml",
                   matrix=matrix if matrix.exists() else None)

    @property
    def pages_lock(self) -> Path:
        """The lock file that batches of runs take in turn to write the generated pages."""
        return self.logs / ".pages.lock"

    def docname(self, path: Path) -> str:
        """A page's name in the book (its path from the root, without suffix)."""
        return path.relative_to(self.root).with_suffix("").as_posix()


#: The book's own layout.
BOOK = Layout.of(paths.ROOT)


def scratch_book(root: Path) -> Layout:
    """An empty book at ``root`` with this book's table of contents: somewhere to run
    profiles without touching the book (tests, benchmarks)."""
    root.mkdir(parents=True, exist_ok=True)
    layout = Layout.of(root)
    layout.toc.write_text(BOOK.toc.read_text(encoding="utf-8"), encoding="utf-8")
    return layout

class RunSpecError(HelpersError):
    """A run given on the command line cannot be read."""


def slug(key: catalog.TableKey) -> str:
    """The file name (without suffix) of a run's output: ``chn-2020-nbs``."""
    return f"{key.country}-{key.year}-{key.source}".lower()


def spec(key: catalog.TableKey) -> str:
    return f"{key.country}:{key.year}:{key.source}"


def parse_spec(text: str) -> catalog.TableKey:
    """A run named as ``COUNTRY:YEAR[:SOURCE]`` or by its slug; unknown tables raise an error
    listing what exists."""
    m = _SPEC.match(text.strip())
    if not m:
        raise RunSpecError(f"cannot read run {text!r}; expected {SPEC_FORMAT}")
    return catalog.resolve(m["country"], int(m["year"]), m["source"])

def output_path(key: catalog.TableKey, layout: Layout = BOOK) -> Path:
    return layout.runs / f"{slug(key)}.ipynb"


def partials(key: catalog.TableKey, layout: Layout = BOOK) -> list[Path]:
    """Partial notebooks a failed or interrupted run of ``key`` left beside its log."""
    log = log_path(key, layout)
    return sorted(log.parent.glob(f"{log.stem}.partial-*.ipynb"))


def log_path(key: catalog.TableKey, layout: Layout = BOOK) -> Path:
    return layout.logs / f"{slug(key)}.log"


def made_from(path: Path) -> dict:
    """What a generated profile records it was made from (empty if it is not one)."""
    try:  # the metadata only: parsing the JSON, without validating every cell's outputs
        made = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get(META_KEY)
    except (OSError, ValueError, AttributeError):  # unreadable or not a notebook
        return {}
    return dict(made) if isinstance(made, dict) else {}

def generated(layout: Layout = BOOK) -> list[catalog.TableKey]:
    """Every profile on disk (whatever made it), in catalogue order."""
    keys = []
    for path in sorted(layout.runs.glob("*.ipynb")) if layout.runs.exists() else []:
        made = made_from(path)
        if not made.get("spec"):
            continue
        try:
            keys.append(parse_spec(made["spec"]))
        except HelpersError as exc:
            raise HelpersError(f"{path} profiles {made['spec']}, which is not an available "
                               f"table ({exc}); delete it, or `python -m helpers runs clean` "
                               "to delete every generated profile") from None
    order = {k: i for i, k in enumerate(catalog.available())}
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def stale_html(layout: Layout, html: Path) -> list[Path]:
    """Built pages (and their copied sources) of profiles and economy pages that no longer
    exist in the book: Sphinx drops a deleted page from the book but leaves its old HTML."""
    stale = []
    for folder, suffix in ((layout.runs, ".ipynb"), (layout.economies, ".md")):
        rel = folder.relative_to(layout.root)
        for built in sorted((html / rel).glob("*.html")) if (html / rel).exists() else []:
            if not (folder / f"{built.stem}{suffix}").exists():
                stale.append(built)
        sources = html / "_sources" / rel
        for copied in sorted(sources.glob("*")) if sources.exists() else []:
            if not (folder / copied.name.split(".")[0]).with_suffix(suffix).exists():
                stale.append(copied)
    return stale
