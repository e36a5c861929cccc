"""The Chinese edition's catalogues and build.

The English book is the source: a gettext build extracts every translatable string into
templates (``_build/gettext/<catalogue>.pot``), and :func:`update` merges them into the
committed catalogues ``locales/zh_CN/LC_MESSAGES/<catalogue>.po`` (as ``sphinx-intl update``
does: new strings empty, changed ones fuzzy, removed ones dropped). :func:`status` counts what
each catalogue still lacks; :func:`build` renders the translated edition into
``_build/html/zh`` from the same notebooks and glue as the English one.
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.book import outputs
from helpers.errors import HelpersError
from helpers.paths import ROOT

LANGUAGE = "zh_CN"
#: The folder of the edition's pages under the English site.
EDITION = "zh"
LOCALES = "locales"
#: Catalogues of pages that are translated by their generator instead (never written).
SKIPPED = ("_twins",)
PROJECT = "Two-Sector Convergence, Reproduced"


class TranslationError(HelpersError):
    """A build of the translated edition or of its templates failed."""


def catalogue_dir(root: Path = ROOT) -> Path:
    return root / LOCALES / LANGUAGE / "LC_MESSAGES"


def _sphinx(root: Path, builder: str, outdir: Path, doctrees: Path,
            overrides: dict | None = None, quiet: bool = True, fresh: bool = False) -> None:
    """One warning-free jupyter-book build of the book at ``root`` (as its command line
    does it, with the book's ``_config.yml`` and ``_toc.yml``)."""
    from jupyter_book.sphinx import build_sphinx

    log = io.StringIO()
    with contextlib.redirect_stderr(log) if quiet else contextlib.nullcontext():
        result = build_sphinx(
            root, outdir, noconfig=True, path_config=str(root / "_config.yml"),
            confoverrides={"external_toc_path": (root / "_toc.yml").as_posix(),
                           "nitpicky": True, "latex_individualpages": False,
                           **(overrides or {})},
            doctreedir=doctrees, builder=builder, warningiserror=True, keep_going=True,
            quiet=quiet, freshenv=fresh, force_all=fresh)
    if result != 0:
        raise TranslationError(f"the {builder} build of {root} failed (warnings are errors):\n"
                               + log.getvalue()[-4000:])


def extract(root: Path = ROOT) -> Path:
    """The English book's message templates, one ``.pot`` per catalogue; returns their folder."""
    out = root / "_build" / "gettext"
    _sphinx(root, "gettext", out, root / "_build" / ".doctrees-gettext")
    return out


def book_strings(root: Path = ROOT) -> list[str]:
    """The book's own strings: title, author and theme strings (the part captions are
    messages of the landing page)."""
    import yaml

    from helpers.book.sphinx_i18n import THEME_STRINGS

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    found = [config.get("title"), config.get("author")]
    return list(dict.fromkeys(s for s in [*found, *THEME_STRINGS] if s))


def templates(root: Path = ROOT) -> dict[str, object]:
    """Every catalogue's template: the pages' strings (gettext build of the English book),
    their outputs' strings, and the book's own strings."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    from helpers.book.sphinx_i18n import BOOK_DOMAIN

    folder = extract(root)
    found = output_strings(root)
    out = {}
    for pot in sorted(folder.rglob("*.pot")):
        name = pot.relative_to(folder).with_suffix("").as_posix()
        if name.startswith(SKIPPED):
            continue
        with pot.open("rb") as f:
            out[name] = read_po(f)
        for text in found.get(name, []):
            out[name].add(text, context=outputs.CONTEXT)
    out[BOOK_DOMAIN] = Catalog(project=PROJECT)
    for text in book_strings(root):
        out[BOOK_DOMAIN].add(text)
    return out


def update(root: Path = ROOT) -> dict[str, int]:
    """Extract, then bring every catalogue in line with its template (new strings empty,
    changed ones fuzzy, removed ones dropped). Returns each catalogue's number of entries."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    target = catalogue_dir(root)
    counts = {}
    for name, template in templates(root).items():
        po = target / f"{name}.po"
        if po.exists():
            with po.open("rb") as f:
                catalog = read_po(f, locale=LANGUAGE)
        else:
            catalog = Catalog(locale=LANGUAGE, domain=name)
        catalog.update(template, update_creation_date=False)
        catalog.revision_date = catalog.creation_date
        # a fuzzy header would leave the compiled catalogue without its charset
        catalog.fuzzy = False
        catalog.project, catalog.version = PROJECT, ""
        po.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_po(buf, catalog, width=0, omit_header=False, ignore_obsolete=True,
                 sort_output=False)
        text = buf.getvalue()
        if not po.exists() or po.read_bytes() != text:
            po.write_bytes(text)
        counts[name] = len(template)
    for stale in set(_names(target)) - set(counts):
        (target / f"{stale}.po").unlink()
    return counts


def compile_catalogues(root: Path = ROOT) -> None:
    """Compile every catalogue whose ``.mo`` is missing or older than its ``.po``."""
    from babel.messages.mofile import write_mo

    folder = catalogue_dir(root)
    for name in _names(folder):
        po, mo = folder / f"{name}.po", folder / f"{name}.mo"
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with mo.open("wb") as f:
                write_mo(f, read(po), use_fuzzy=False)


def notebooks(root: Path = ROOT) -> dict[str, Path]:
    """The notebooks of the book by page name (profiles included, the template not)."""
    found = [root / "index.ipynb", *sorted((root / "chapters").rglob("*.ipynb"))]
    return {p.relative_to(root).with_suffix("").as_posix(): p for p in found
            if p.exists() and p.name != "template.ipynb" and ".ipynb_checkpoints" not in p.parts
            and "logs" not in p.parts}


def output_strings(root: Path = ROOT) -> dict[str, list[str]]:
    """The visible text of every page's HTML outputs (charts, tables), by catalogue."""
    import nbformat

    from helpers.book.charts import VEGALITE_MIME, render_html
    from helpers.book.glue_view import VIEW_KEY
    from helpers.book.sphinx_i18n import domain

    out: dict[str, list[str]] = {}
    for docname, path in notebooks(root).items():
        strings = out.setdefault(domain(docname), [])
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                if VIEW_KEY in output.get("metadata", {}):
                    continue  # a copy shown in Jupyter only
                for mime, data in output.get("data", {}).items():
                    if mime.endswith("text/html"):
                        strings.extend(outputs.strings(data))
                    elif mime.endswith(VEGALITE_MIME):  # a chart, as the book draws it
                        strings.extend(outputs.strings(render_html(data)))
    return {name: list(dict.fromkeys(found)) for name, found in out.items()}


def _names(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.po"))


@dataclass(frozen=True)
class Progress:
    """How far one catalogue is translated."""

    catalogue: str
    entries: int
    untranslated: int
    fuzzy: int

    @property
    def missing(self) -> int:
        return self.untranslated + self.fuzzy


def read(po: Path):
    """A catalogue, parsed."""
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        return read_po(f, locale=LANGUAGE)


def messages(root: Path = ROOT) -> dict[str, list[tuple[str, str, bool]]]:
    """Every catalogue's entries as ``(msgid, msgstr, fuzzy)``."""
    folder = catalogue_dir(root)
    if not folder.exists():
        raise TranslationError(f"no catalogues in {folder}: run python -m helpers "
                               "translations update")
    return {name: [(m.id, m.string or "", m.fuzzy) for m in read(folder / f"{name}.po")
                   if m.id]
            for name in _names(folder)}


def output_messages(root: Path = ROOT) -> dict[str, set[str]]:
    """Every catalogue's output strings (message context ``output``)."""
    folder = catalogue_dir(root)
    return {name: {m.id for m in read(folder / f"{name}.po")
                   if m.id and m.context == outputs.CONTEXT} for name in _names(folder)}


def status(root: Path = ROOT) -> list[Progress]:
    """Each catalogue's number of entries, untranslated and fuzzy."""
    return [Progress(name, len(entries), sum(not s.strip() for _, s, _f in entries),
                     sum(f and bool(s.strip()) for _, s, f in entries))
            for name, entries in messages(root).items()]


#: A glue role (``{glue}`k```, ``{glue:text}`k:.1f```, ...) as it appears in a message.
GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`[^`]+`")


#: A translation may glue a key's Chinese variant, glued by the same page with this suffix
#: (a sentence the page composes, ``peer_sentence`` and ``peer_sentence_zh``).
VARIANT = "_zh"


def glue_roles(text: str) -> list[str]:
    """The glue roles of a message, in order."""
    return GLUE_ROLE.findall(text)


def _plain(role: str) -> str:
    """A glue role with its key's Chinese variant suffix removed."""
    head, key = role.split("`", 1)
    key, _, spec = key.rstrip("`").partition(":")
    return f"{head}`{key.removesuffix(VARIANT)}{':' + spec if spec else ''}`"


def glue_differences(msgid: str, msgstr: str) -> list[str]:
    """Glue roles of ``msgid`` missing from ``msgstr`` and extra in it (each prefixed ``-``
    or ``+``), counting ``key`` and its variant ``key_zh`` as the same value."""
    want = sorted(map(_plain, glue_roles(msgid)))
    have = sorted(map(_plain, glue_roles(msgstr)))
    missing = [r for r in set(want) if want.count(r) > have.count(r)]
    extra = [r for r in set(have) if have.count(r) > want.count(r)]
    return [f"-{r}" for r in sorted(missing)] + [f"+{r}" for r in sorted(extra)]


def build(root: Path = ROOT, quiet: bool = True) -> Path:
    """The translated edition, warning-free, into ``_build/html/zh``; returns that folder."""
    from helpers.book.sphinx_i18n import BOOK_DOMAIN

    out = root / "_build" / "html" / EDITION
    book_po = catalogue_dir(root) / f"{BOOK_DOMAIN}.po"
    built = out / ".buildinfo"
    # the book's catalogue (title, captions, theme) is on every page: a change rebuilds all
    fresh = book_po.exists() and (not built.exists()
                                  or built.stat().st_mtime < book_po.stat().st_mtime)
    if catalogue_dir(root).exists():
        compile_catalogues(root)
    _sphinx(root, "html", out, root / "_build" / f".doctrees-{EDITION}",
            {"language": LANGUAGE}, quiet=quiet, fresh=fresh)
    return out


# --- the glossary --------------------------------------------------------------------------

GLOSSARY = "glossary.csv"
GLOSSARY_EXCEPTIONS = "glossary-exceptions.csv"
_CODE_SPAN = re.compile(r"`[^`]*`")


@dataclass(frozen=True)
class Term:
    """One glossary entry: the English term, the report's Chinese term, where it is used."""

    english: str
    chinese: str
    where: str

    @property
    def pattern(self) -> re.Pattern:
        """The English term as a whole word or phrase, any case, plural allowed."""
        return re.compile(rf"(?<![\w-]){re.escape(self.english)}s?(?![\w-])", re.I)


def glossary(root: Path = ROOT) -> list[Term]:
    """The glossary (``locales/glossary.csv``), longest English term first."""
    import csv

    path = root / LOCALES / GLOSSARY
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    bad = [r for r in rows if not (r.get("english") and r.get("chinese") and r.get("where"))]
    if bad:
        raise TranslationError(f"{path}: rows without english, chinese or where: {bad[:3]}")
    terms = [Term(r["english"].strip(), r["chinese"].strip(), r["where"].strip()) for r in rows]
    return sorted(terms, key=lambda t: -len(t.english))


def glossary_exceptions(root: Path = ROOT) -> set[tuple[str, str, str]]:
    """Reviewed exceptions: ``(catalogue, english term, start of the msgid)``, each with a
    reason in ``locales/glossary-exceptions.csv``."""
    import csv

    path = root / LOCALES / GLOSSARY_EXCEPTIONS
    if not path.exists():
        return set()
    with path.open(encoding="utf-8", newline="") as f:
        return {(r["catalogue"], r["english"], r["msgid_start"]) for r in csv.DictReader(f)}


def terms_used(msgid: str, terms: list[Term]) -> list[Term]:
    """The glossary terms an English message uses: longest first, a term inside a longer one
    counting only as the longer (``high-technology manufacturing``, not ``manufacturing``);
    glue roles and code are not text."""
    text = _CODE_SPAN.sub(" ", GLUE_ROLE.sub(" ", msgid))
    used = []
    for term in terms:
        if term.pattern.search(text):
            used.append(term)
            text = term.pattern.sub(lambda m: " " * len(m.group(0)), text)
    return used


def glossary_misses(msgid: str, msgstr: str, terms: list[Term]) -> list[Term]:
    """The terms of ``msgid`` whose Chinese term its translation does not use."""
    return [t for t in terms_used(msgid, terms) if t.chinese not in msgstr]

