"""The Chinese edition's catalogues and build.

The English book is the source: a gettext build extracts every translatable string into
templates (``_build/gettext/<catalogue>.pot``), and :func:`update` merges them into the
committed catalogues ``locales/zh_CN/LC_MESSAGES/<catalogue>.po`` (as ``sphinx-intl update``
does: new strings empty, changed ones fuzzy, removed ones dropped). Catalogues are read
strictly (:func:`read`): a syntax error names the file and line. :func:`status` counts what
each catalogue still lacks, and refuses catalogues without some of the English book's
messages (:func:`lacking`, from a fresh extraction); :func:`build` renders the translated
edition into ``_build/html/zh`` from the same notebooks and glue as the English one.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from helpers.book import outputs, po_syntax, vocabulary
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


class CatalogueError(TranslationError):
    """A catalogue is malformed, or lacks messages of the English book."""


#: A message's key in a catalogue: its context (``None`` for none) and its msgid.
Key = tuple[str | None, str]
#: How many problems (or messages) an error lists.
SHOWN = 5
#: The profile template, and the page it stands in for while no profile has been run.
PROFILE_TEMPLATE = "chapters/profiles/template.ipynb"
PROFILE_STAND_IN = "chapters/profiles/runs/preview"
#: A profile's heading as the profile runs write it: the title is glued.
PROFILE_HEADING = "# {glue:text}`title`"
#: What a catalogue's lines may be, for the message on a malformed one.
GRAMMAR = ("each entry is msgid \"...\" then msgstr \"...\" (msgctxt \"...\" first if it has "
           "one), each string in double quotes on one line, longer ones continued by more "
           "quoted lines, entries separated by blank lines, comments starting with #; fix the "
           "lines, or restore the file with git and translate again")


class MalformedCatalogueError(CatalogueError):
    """Catalogues that break the catalogue grammar; ``problems`` as ``file:line: what``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        listed = "".join(f"\n  {p}" for p in problems[:SHOWN])
        super().__init__(f"malformed catalogue:{listed}{more}\n{GRAMMAR}")


def catalogue_dir(root: Path = ROOT) -> Path:
    return root / LOCALES / LANGUAGE / "LC_MESSAGES"


def _sphinx(root: Path, builder: str, outdir: Path, doctrees: Path,
            overrides: dict | None = None, quiet: bool = True, fresh: bool = False,
            strict: bool = True, jobs: int = 1) -> None:
    """One jupyter-book build of the book at ``root`` (as its command line does it, with the
    book's ``_config.yml`` and ``_toc.yml``), warning-free when ``strict``."""
    from jupyter_book.sphinx import build_sphinx
    from sphinx import locale

    # Sphinx keeps every catalogue it loaded for the rest of the process: an English build
    # after a translated one would otherwise translate its pages
    locale.translators.clear()
    log = io.StringIO()
    with contextlib.redirect_stderr(log) if quiet else contextlib.nullcontext():
        result = build_sphinx(
            root, outdir, noconfig=True, path_config=str(root / "_config.yml"),
            confoverrides={"external_toc_path": (root / "_toc.yml").as_posix(),
                           "nitpicky": True, "latex_individualpages": False,
                           "templates_path": _templates_path(root), **(overrides or {})},
            doctreedir=doctrees, builder=builder, warningiserror=strict, keep_going=True,
            quiet=quiet, freshenv=fresh, force_all=fresh, jobs=jobs)
    if result != 0:
        raise TranslationError(f"the {builder} build of {root} failed"
                               f"{' (warnings are errors)' if strict else ''}:\n"
                               + log.getvalue()[-4000:])


def _templates_path(root: Path) -> list[str]:
    """The book's own ``templates_path``, as a new list: the themes append theirs to Sphinx's
    shared default, which would carry them into every later build in the same process (and
    a gettext build would then extract the themes' templates as a catalogue)."""
    import yaml

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    return list(((config.get("sphinx") or {}).get("config") or {}).get("templates_path", []))


def extract(root: Path = ROOT, out: Path | None = None, strict: bool = True) -> Path:
    """The English book's message templates, one ``.pot`` per catalogue, into ``out``
    (default ``_build/gettext``); returns that folder."""
    out = root / "_build" / "gettext" if out is None else out
    _sphinx(root, "gettext", out, out.parent / f".doctrees-{out.name}", strict=strict)
    return out


def book_strings(root: Path = ROOT) -> list[str]:
    """The book's own strings: title, author and theme strings (the part captions are
    messages of the landing page)."""
    import yaml

    from helpers.book.sphinx_i18n import THEME_STRINGS

    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    found = [config.get("title"), config.get("author")]
    return list(dict.fromkeys(s for s in [*found, *THEME_STRINGS] if s))


def templates(root: Path = ROOT, folder: Path | None = None) -> dict[str, object]:
    """Every catalogue's template: the pages' strings (gettext build of the English book, or
    its ``.pot`` files in ``folder``), their outputs' strings, and the book's own strings."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    from helpers.book.sphinx_i18n import BOOK_DOMAIN

    folder = extract(root) if folder is None else folder
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
    from babel.messages.pofile import write_po

    target = catalogue_dir(root)
    counts = {}
    for name, template in templates(root).items():
        po = target / f"{name}.po"
        if po.exists():
            catalog = read(po)
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


def _shown(path: Path) -> str:
    """A file as messages name it: relative to the book when inside it."""
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


def _decoded(po: Path, data: bytes) -> str:
    """A catalogue's text; a :class:`MalformedCatalogueError` naming the line if it is not
    UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MalformedCatalogueError([f"{_shown(po)}:{line}: not UTF-8 ({exc.reason}); "
                                       "save it as UTF-8"]) from None


def check_syntax(po: Path, data: bytes) -> None:
    """Refuse a catalogue that breaks the catalogue grammar, naming the file and each bad
    line (Babel's reader would skip or misread them)."""
    found = po_syntax.problems(_decoded(po, data))
    if found:
        raise MalformedCatalogueError([f"{_shown(po)}:{p.line}: {p.text}" for p in found])


def read(po: Path):
    """A catalogue, parsed strictly: a :class:`MalformedCatalogueError` naming the file and
    line of any syntax error."""
    from babel.messages.pofile import PoFileError, read_po

    data = po.read_bytes()
    check_syntax(po, data)
    try:
        return read_po(io.BytesIO(data), locale=LANGUAGE, abort_invalid=True)
    except PoFileError as exc:
        problem = str(exc).rsplit(" on ", 1)[0]
        raise MalformedCatalogueError([f"{_shown(po)}:{exc.lineno + 1}: {problem}"]) from None


def catalogues(root: Path = ROOT) -> dict[str, object]:
    """Every catalogue, parsed strictly, by name; one :class:`MalformedCatalogueError` for
    all the malformed ones."""
    folder = catalogue_dir(root)
    if not folder.exists():
        raise TranslationError(f"no catalogues in {folder}: run python -m helpers "
                               "translations update")
    out, problems = {}, []
    for name in _names(folder):
        try:
            out[name] = read(folder / f"{name}.po")
        except MalformedCatalogueError as exc:
            problems.extend(exc.problems)
    if problems:
        raise MalformedCatalogueError(problems)
    return out


def messages(root: Path = ROOT) -> dict[str, list[tuple[str, str, bool]]]:
    """Every catalogue's entries as ``(msgid, msgstr, fuzzy)``."""
    return {name: [(m.id, m.string or "", m.fuzzy) for m in catalog if m.id]
            for name, catalog in catalogues(root).items()}


def output_messages(root: Path = ROOT) -> dict[str, set[str]]:
    """Every catalogue's output strings (message context ``output``)."""
    return {name: {m.id for m in catalog if m.id and m.context == outputs.CONTEXT}
            for name, catalog in catalogues(root).items()}


def status(root: Path = ROOT) -> list[Progress]:
    """Each catalogue's number of entries, untranslated and fuzzy; a
    :class:`CatalogueError` if a catalogue is malformed or lacks messages of the English
    book."""
    rows = [Progress(name, len(entries), sum(not s.strip() for _, s, _f in entries),
                     sum(f and bool(s.strip()) for _, s, f in entries))
            for name, entries in messages(root).items()]
    check_complete(root)
    return rows


# --- the catalogues against the English book -----------------------------------------------

def english(root: Path = ROOT) -> dict[str, list[Key]]:
    """Every catalogue's messages in the English book, in order: what :func:`update` merges,
    extracted afresh into a scratch folder (the book's build reports its warnings). While no
    profile has been run, the profile template, titled as a run is, stands in for them."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        book = _with_stand_in(root, scratch / "book") if _needs_stand_in(root) else root
        folder = extract(book, scratch / "gettext", strict=False)
        return {name: list(dict.fromkeys((m.context, m.id) for m in catalog if m.id))
                for name, catalog in templates(book, folder).items()}


def _needs_stand_in(root: Path) -> bool:
    """Whether the book has a profile template but no profile page."""
    from helpers.book.sphinx_i18n import PROFILES_DOMAIN, domain

    return ((root / PROFILE_TEMPLATE).exists()
            and not any(domain(name) == PROFILES_DOMAIN for name in notebooks(root)))


def _with_stand_in(root: Path, book: Path) -> Path:
    """A scratch book of links to ``root``'s files whose one profile page is the template,
    titled as a run is; returns its folder."""
    import nbformat
    import yaml

    from helpers.book.sphinx_i18n import PROFILES

    _link_tree(root, book, {"_build", "_toc.yml", PROFILES.rstrip("/")})
    nb = nbformat.read(root / PROFILE_TEMPLATE, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
            cell.source = PROFILE_HEADING
            break
    page = book / f"{PROFILE_STAND_IN}.ipynb"
    page.parent.mkdir(parents=True)
    nbformat.write(nb, page)
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    (book / "_toc.yml").write_text(yaml.safe_dump(_toc_with(toc, PROFILE_STAND_IN)),
                                   encoding="utf-8")
    return book


def _link_tree(src: Path, dst: Path, skip: set[str], under: str = "") -> None:
    """Link every entry of ``src`` into ``dst`` except the ``skip`` paths, descending into
    the folders that hold one."""
    dst.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        path = f"{under}{entry.name}"
        if path in skip:
            continue
        if any(s.startswith(f"{path}/") for s in skip):
            _link_tree(entry, dst / entry.name, skip, f"{path}/")
        else:
            (dst / entry.name).symlink_to(entry)


def _toc_with(toc: dict, page: str) -> dict:
    """``toc`` with its profile pages replaced by ``page``."""
    from helpers.book.sphinx_i18n import PROFILES

    for part in [toc, *toc.get("parts", [])]:
        chapters = part.get("chapters") or []
        kept = [c for c in chapters if not str(c.get("file", "")).startswith(PROFILES)]
        if len(kept) < len(chapters):
            part["chapters"] = [*kept, {"file": page}]
    return toc


def lacking(root: Path = ROOT) -> dict[str, list[str]]:
    """The msgids of the English book's messages each catalogue lacks, in the book's order
    (catalogues that lack none left out)."""
    found = catalogues(root)
    out = {}
    for name, keys in english(root).items():
        have = {(m.context, m.id) for m in found[name] if m.id} if name in found else set()
        if missing := [msgid for context, msgid in keys if (context, msgid) not in have]:
            out[name] = missing
    return out


def _lacking_text(root: Path, found: dict[str, list[str]]) -> str:
    """What :func:`lacking` found, one catalogue a line: how many and the first few."""
    return "\n".join(
        f"  {_shown(catalogue_dir(root) / f'{name}.po')}: {len(msgids)} missing (first: "
        + ", ".join(repr(m[:70]) for m in msgids[:3]) + ")" for name, msgids in found.items())


def check_complete(root: Path = ROOT) -> None:
    """Refuse catalogues that lack messages of the English book (their page would show
    them in English), naming each catalogue, how many and the first few."""
    found = lacking(root)
    if found:
        raise CatalogueError(
            f"{sum(map(len, found.values()))} messages of the English book missing from the "
            f"catalogues:\n{_lacking_text(root, found)}\nrun `make translations` (python -m "
            "helpers translations update, after the profiles), which adds them untranslated, "
            "then translate them")


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


def build(root: Path = ROOT, quiet: bool = True, jobs: int = 1) -> Path:
    """The translated edition, warning-free, into ``_build/html/zh``; returns that folder."""
    from helpers.book.sphinx_i18n import BOOK_DOMAIN

    out = root / "_build" / "html" / EDITION
    book_po = catalogue_dir(root) / f"{BOOK_DOMAIN}.po"
    built = out / ".buildinfo"
    # the book's catalogue (title, captions, theme) and the vocabulary (economies, sectors,
    # units in every table) are on every page: a change to either rebuilds all
    shared = [p for p in (book_po, *vocabulary.sources(root)) if p.exists()]
    fresh = bool(shared) and (not built.exists() or built.stat().st_mtime
                              < max(p.stat().st_mtime for p in shared))
    if catalogue_dir(root).exists():
        compile_catalogues(root)
    _sphinx(root, "html", out, root / "_build" / f".doctrees-{EDITION}",
            {"language": LANGUAGE}, quiet=quiet, fresh=fresh, jobs=jobs)
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

