"""The book as one HTML page (Sphinx's ``singlehtml`` builder), in one language."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers import paths
from helpers.book.sphinx_pdf_link import pdf_name
from helpers.errors import HelpersError
from helpers.pdf import toc as tocs

#: The built site (the English edition; the others in folders of it).
SITE = paths.ROOT / "_build" / "html"
#: Where the PDF editions and their single-page builds go.
PDF_DIR = paths.ROOT / "_build" / "pdf"
#: The extension that links the pages the PDF leaves out to the website.
LEFT_OUT = "helpers.pdf.sphinx_left_out"
#: The site's build options: warnings are errors, all of them listed, nitpicky references.
STRICT = ("-W", "-n", "--keep-going")


class EditionError(HelpersError):
    """A language the book has no edition in, or an edition not built yet."""


@dataclass(frozen=True)
class Edition:
    """One language's edition: where its site is built and where its PDF goes."""

    lang: str
    site: Path  # the built site whose pages the PDF must match
    pdf_name: str
    web_dir: str = ""  # the edition's folder on the website ("" for the English root)
    out: Path = PDF_DIR  # where its PDF and single-page build go

    @property
    def work(self) -> Path:
        return self.out / self.lang

    @property
    def pdf(self) -> Path:
        return self.out / self.pdf_name

    @property
    def page(self) -> Path:
        return self.work / "_build" / "singlehtml" / "index.html"


EDITIONS = {
    "en": Edition("en", SITE, pdf_name("en")),
    "zh_CN": Edition("zh_CN", SITE / "zh", pdf_name("zh_CN"), web_dir="zh"),
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


def config(ed: Edition, source: Path = paths.ROOT / "_config.yml",
           left_out: Iterable[str] = ()) -> dict:
    """The book's configuration with the edition's language, and the pages ``left_out`` of
    its PDF linked on the website (see :mod:`helpers.pdf.sphinx_left_out`)."""
    conf = yaml.safe_load(source.read_text(encoding="utf-8"))
    sphinx = conf.setdefault("sphinx", {})
    sphinx["extra_extensions"] = [*sphinx.get("extra_extensions", []), LEFT_OUT]
    sphinx.setdefault("config", {}).update(
        language=ed.lang, pdf_left_out=sorted(left_out), pdf_site_url=site_url(conf, ed))
    return conf


def site_url(conf: dict, ed: Edition) -> str:
    """The edition's address on the web: the book's ``html.baseurl`` (Sphinx's
    ``html_baseurl``) with the edition's folder; empty when the book has none."""
    base = ((conf.get("html") or {}).get("baseurl")
            or (conf.get("sphinx") or {}).get("config", {}).get("html_baseurl") or "")
    if not base:
        return ""
    return "/".join(p for p in (base.rstrip("/"), ed.web_dir) if p) + "/"


def left_out(toc: dict, printed: dict) -> set[str]:
    """The pages of the book's contents ``toc`` that its PDF's contents ``printed`` lack."""
    return {e.doc for e in tocs.entries(toc)} - {e.doc for e in tocs.entries(printed)}


def jupyter_book() -> str:
    """The ``jupyter-book`` command of the running environment."""
    return str(Path(sys.executable).with_name("jupyter-book"))


def build(ed: Edition, runs: set[str], root: Path = paths.ROOT) -> Path:
    """Build the edition as one page with only the profiles in ``runs``; returns the page.

    Warnings are errors, as in the site's build, all listed before it fails. Links to the
    profiles left out go to the website (or are plain text). A failed build's environment
    is dropped, so that the next build reads every page again and repeats its warnings.
    """
    ed.work.mkdir(parents=True, exist_ok=True)
    book = tocs.read(root / "_toc.yml")
    printed = tocs.filtered(book, runs)
    toc_path = tocs.write(printed, ed.work / "_toc.yml")
    conf_path = ed.work / "_config.yml"
    conf = config(ed, root / "_config.yml", left_out(book, printed))
    conf_path.write_text(yaml.safe_dump(conf, sort_keys=False, allow_unicode=True),
                         encoding="utf-8")
    cmd = [jupyter_book(), "build", str(root), "--builder", "singlehtml", "--path-output",
           str(ed.work), "--toc", str(toc_path), "--config", str(conf_path), "-q",
           *STRICT]
    done = subprocess.run(cmd, cwd=root, check=False)
    if done.returncode or not ed.page.is_file():
        (ed.work / "_build" / ".doctrees" / "environment.pickle").unlink(missing_ok=True)
        raise EditionError(f"the single-page build of the {ed.lang} edition failed "
                           f"(exit status {done.returncode}; warnings are errors, listed "
                           f"above): {' '.join(cmd)}")
    return ed.page
