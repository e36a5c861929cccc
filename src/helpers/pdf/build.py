"""One edition's PDF, start to finish, and its copy beside the data archive."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from helpers import paths
from helpers.pdf import outline, printer, site, textlayer
from helpers.pdf import toc as tocs

#: The words the PDF adds to the book, per edition.
LABELS = {
    "en": {"contents": "Contents", "edition": "Printed edition of {date} (source {commit})"},
    "zh_CN": {"contents": "目录", "edition": "印刷版 {date}（源代码 {commit}）"},
}
STATIC = paths.ROOT / "_static"


class EditionNotBuilt(site.EditionError):
    """The edition's site has not been built, so there is nothing to print."""


def _source_version(root: Path) -> tuple[str, str]:
    """The date and short hash of the checked-out commit, else today's date."""
    done = subprocess.run(["git", "log", "-1", "--format=%cs %h"], cwd=root,
                          capture_output=True, text=True, check=False)
    if done.returncode == 0 and done.stdout.strip():
        date, commit = done.stdout.split()
        return date, commit
    return dt.date.today().isoformat(), "not in git"


def _catalogue(root: Path, name: str) -> dict[str, str]:
    """The translated, reviewed (not fuzzy) messages of one of the Chinese catalogues."""
    from helpers.book import translations

    po = translations.catalogue_dir(root) / f"{name}.po"
    if not po.exists():
        return {}
    return {m.id: m.string for m in translations.read(po) if m.id and m.string and not m.fuzzy}


def _part_captions(root: Path) -> dict[str, str]:
    """The table of contents' part captions in the Chinese edition: from the landing page's
    catalogue, where the edition's navigation takes them."""
    return _catalogue(root, "index")


def cover(lang: str, conf: dict, root: Path = paths.ROOT) -> dict[str, str]:
    """The title page's title and author in the edition's language, as its site shows them
    (the book's catalogue, ``book.po``), and the English title beside a translated one."""
    from helpers.book.sphinx_i18n import BOOK_DOMAIN

    title, author = conf["title"], conf.get("author", "")
    if lang == "en":
        return {"title": title, "author": author, "original": ""}
    book = _catalogue(root, BOOK_DOMAIN)
    if title not in book:
        raise site.EditionError(f"the {lang} catalogue {BOOK_DOMAIN}.po has no translation "
                                f"of the book's title {title!r}")
    return {"title": book[title], "author": book.get(author, author), "original": title}


def build(lang: str, runs: set[str], root: Path = paths.ROOT) -> Path:
    """Build the PDF of the ``lang`` edition with the profiles in ``runs``; returns it."""
    ed = site.edition(lang)
    if not site.built(ed):
        raise EditionNotBuilt(f"no {lang} site in {ed.site}: build it first (make book)")
    page = site.build(ed, runs, root)
    conf = site.config(ed, root / "_config.yml")
    date, commit = _source_version(root)
    labels = LABELS[lang]
    front = cover(lang, conf, root)
    entries = [e.__dict__ for e in tocs.entries(tocs.read(ed.work / "_toc.yml"))]
    if lang != "en":  # part captions as the edition's navigation shows them
        captions = _part_captions(root)
        entries = [{**e, "part": captions.get(e["part"], e["part"])} for e in entries]
    printed = printer.print_book(page, {
        "entries": entries, "labels": labels, "title": front["title"],
        "original": front["original"],
        "edition": labels["edition"].format(date=date, commit=commit),
    }, outline.first_pages)
    pages = outline.first_pages(printed.pdf, printed.entries)
    pdf = outline.finish(printed.pdf, printed.entries, pages, {
        "Title": front["title"], "Author": front["author"], "Subject": commit,
        "Lang": lang.replace("_", "-")}, printed.front, printed.front_pages, textlayer.fix)
    ed.pdf.write_bytes(pdf)
    return ed.pdf


def publish(pdf: Path, site_root: Path, static: Path = STATIC) -> list[Path]:
    """Copy ``pdf`` beside the data archive: the book's ``_static`` and the built site's."""
    copies = []
    for folder in (static, site_root / "_static"):
        folder.mkdir(parents=True, exist_ok=True)
        copies.append(Path(shutil.copyfile(pdf, folder / pdf.name)))
    return copies
