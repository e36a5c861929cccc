"""The book as one HTML page (Sphinx's ``singlehtml`` builder), in one language."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers import paths
from helpers.book.sphinx_pdf_link import pdf_name
from helpers.errors import HelpersError
from helpers.pdf import toc as tocs

#: Where the PDF editions and their single-page builds go.
PDF_DIR = paths.ROOT / "_build" / "pdf"


class EditionError(HelpersError):
    """A language the book has no edition in, or an edition not built yet."""


@dataclass(frozen=True)
class Edition:
    """One language's edition: where its site is built and where its PDF goes."""

    lang: str
    site: Path  # the built site whose pages the PDF must match
    pdf_name: str

    @property
    def work(self) -> Path:
        return PDF_DIR / self.lang

    @property
    def pdf(self) -> Path:
        return PDF_DIR / self.pdf_name

    @property
    def page(self) -> Path:
        return self.work / "_build" / "singlehtml" / "index.html"


EDITIONS = {
    "en": Edition("en", paths.ROOT / "_build" / "html", pdf_name("en")),
    "zh_CN": Edition("zh_CN", paths.ROOT / "_build" / "html" / "zh", pdf_name("zh_CN")),
}


def edition(lang: str) -> Edition:
    """The edition in ``lang``; an error lists the languages there are."""
    try:
        return EDITIONS[lang]
    except KeyError:
        raise EditionError(f"no edition in language {lang!r}; editions: "
                           f"{', '.join(EDITIONS)}") from None


def built(ed: Edition) -> bool:
    """Whether the edition's site has been built (its PDF is made from the same sources)."""
    return (ed.site / "index.html").is_file()


def config(ed: Edition, source: Path = paths.ROOT / "_config.yml") -> dict:
    """The book's configuration with the edition's language."""
    conf = yaml.safe_load(source.read_text(encoding="utf-8"))
    conf.setdefault("sphinx", {}).setdefault("config", {})["language"] = ed.lang
    return conf


def jupyter_book() -> str:
    """The ``jupyter-book`` command of the running environment."""
    return str(Path(sys.executable).with_name("jupyter-book"))


def build(ed: Edition, runs: set[str], root: Path = paths.ROOT) -> Path:
    """Build the edition as one page with only the profiles in ``runs``; returns the page.

    Extra profiles on disk are left out, so links to them from the economies' pages stay
    unresolved: the build is not run with ``-W`` (the site's build is the warning gate).
    """
    ed.work.mkdir(parents=True, exist_ok=True)
    toc_path = tocs.write(tocs.filtered(tocs.read(root / "_toc.yml"), runs),
                          ed.work / "_toc.yml")
    conf_path = ed.work / "_config.yml"
    conf_path.write_text(yaml.safe_dump(config(ed, root / "_config.yml"), sort_keys=False,
                                        allow_unicode=True), encoding="utf-8")
    cmd = [jupyter_book(), "build", str(root), "--builder", "singlehtml", "--path-output",
           str(ed.work), "--toc", str(toc_path), "--config", str(conf_path), "-q"]
    done = subprocess.run(cmd, cwd=root, check=False)
    if done.returncode or not ed.page.is_file():
        raise EditionError(f"the single-page build of the {ed.lang} edition failed "
                           f"(exit status {done.returncode}): {' '.join(cmd)}")
    return ed.page
