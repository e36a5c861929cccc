"""Sphinx extension: the Chinese edition from gettext catalogues, numbers included.

* **Glue in translated paragraphs.** Sphinx parses each translated message (``msgstr``) as a
  small document of its own, and myst-nb's glue roles look their values up in the notebook's
  element renderer, which myst-nb keeps on the page's document only while parsing it: in a
  translated paragraph every glued value came out empty (``No key ... found in glue data``).
  :class:`Parser` keeps each page's renderer until the page's translations are applied and
  hands it to the documents of its translated messages, so ``{glue:text}`key``` (and the
  ``glue`` and ``glue:md`` roles) resolve there from the page's own glue data, exactly as in
  English.
* **Catalogues by page.** :func:`domain` names the catalogue of each page: ``index``, one per
  chapter (``concepts``, ``status``, ...), and ``profiles`` for every profile page, which are
  all made from one template, so a profile run on request is translated too.
* **The book's own strings.** The catalogue ``book`` holds the title and author (from
  ``_config.yml``) and the theme's strings that it does not translate itself
  (:data:`THEME_STRINGS`); the translated edition uses them. The part captions of
  ``_toc.yml`` are messages of the landing page (``index``). Strings the theme's templates
  write as literal text (the sidebar toggles' tooltips, the navigation's and the printed
  contents' labels) come from copies of those templates in :data:`TEMPLATES` that call
  ``book_text``; its calls are not gettext calls, so a gettext build extracts nothing
  from them.
* **A language switch** at the top of every page links to the same page in the other
  edition (the Chinese one lives in ``zh/`` under the English one); the search and index
  pages, which the theme draws without a page body, carry it through their templates.
* **Generated pages.** A generated page (the profiles' landing and economy pages) may have a
  translated twin beside it, ``<name>.<language>.md``, written by its generator; the
  translated edition reads the twin instead of the page. Twins hold no glue and are not in
  any catalogue.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from myst_nb.sphinx_ import Parser as NbParser
from sphinx.application import Sphinx
from sphinx.locale import get_translator
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform

from helpers.book import outputs

#: Catalogue of every page under this folder: one template makes them all.
PROFILES = "chapters/profiles/"
PROFILES_DOMAIN = "profiles"
#: Catalogue of pages that have translated twins instead (never written to ``locales``).
TWINS_DOMAIN = "_twins"
TWIN_PAGES = ("chapters/profiles/index", "chapters/profiles/economies/")

#: The catalogue of the book's own strings, and the theme's strings it translates.
BOOK_DOMAIN = "book"
BOOK_NAMESPACE = "helpers-book"
THEME_STRINGS = ("Search this book...", "Color mode", "System Settings", "Light", "Dark",
                 "Main", "Page", "Contents", "Print to PDF", "Download source file",
                 "Download this page", "Fullscreen mode", "Skip to main content",
                 "Back to top", "By", "Toggle primary sidebar", "Toggle secondary sidebar",
                 "Link to this heading", "Link to this image")
#: Templates that take precedence over the theme's: the theme's own, with the language
#: switch, or with literal text given to ``book_text``.
TEMPLATES = Path(__file__).with_name("templates")
#: The Chinese edition's folder under the English site, and each edition's switch text.
EDITION_DIR = "zh"
SWITCH = {"en": ("中文", "zh-CN"), "zh": ("English", "en")}

#: Each page's myst-nb element renderer, from its parse until its translations are applied.
_RENDERERS: dict[str, object] = {}


def domain(docname: str, compaction: bool | str = False) -> str:
    """The catalogue (gettext domain) that holds the messages of page ``docname``."""
    if docname.startswith(TWIN_PAGES):
        return TWINS_DOMAIN
    if docname.startswith(PROFILES):
        return PROFILES_DOMAIN
    return docname.removeprefix("chapters/")


class _Keeping(dict):
    """Document attributes that keep myst-nb's renderer when the parser removes it."""

    kept: object = None

    def pop(self, key, *default):
        if key == "nb_renderer":
            self.kept = self.get(key)
        return super().pop(key, *default)


class Parser(NbParser):
    """myst-nb's parser, with the page's glue data available to its translated messages."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if document.current_source.endswith("<translated>"):
            renderer = _RENDERERS.get(env.docname)
            if renderer is not None:
                document.attributes["nb_renderer"] = renderer
            try:
                if inputstring.startswith("---"):  # front matter: myst-parser's path reads it
                    super().parse(inputstring, document)
                else:
                    _MESSAGES.parse(inputstring, document)
            finally:
                document.attributes.pop("nb_renderer", None)
            return
        attributes = _Keeping(document.attributes)
        document.attributes = attributes
        try:
            super().parse(inputstring, document)
        finally:
            document.attributes = dict(attributes)
        if attributes.kept is not None and env.config.language not in (None, "en"):
            _RENDERERS[env.docname] = attributes.kept


class _MessageParser:
    """The Markdown parser of translated messages (which hold no front matter), built once
    per build's MyST settings.

    myst-parser builds a new markdown-it parser (its rules compiled, its renderer's methods
    listed) for every document it parses, and Sphinx parses each translated message as a
    document: about a millisecond each, thousands of times in the Chinese edition. Messages
    are parsed one at a time and the renderer resets its state for each, so one parser
    serves them all; one asked for while in use (never, as Sphinx parses messages) is new.
    """

    def __init__(self) -> None:
        self.config: object = None
        self.parser: object = None
        self.busy = False

    def parse(self, text: str, document: nodes.document) -> None:
        from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
        from myst_parser.parsers.mdit import create_md_parser

        config = document.settings.env.myst_config
        if self.busy:
            parser = create_md_parser(config, SphinxRenderer)
        else:
            if self.config is not config:
                self.config, self.parser = config, create_md_parser(config, SphinxRenderer)
            parser = self.parser
        was_busy, self.busy = self.busy, True
        try:
            parser.options["document"] = document
            parser.render(text)
        finally:
            parser.options.pop("document", None)
            self.busy = was_busy


_MESSAGES = _MessageParser()


class ReleaseRenderer(SphinxTransform):
    """After the translations (Sphinx's ``Locale``, priority 20), forget the page's renderer."""

    default_priority = 21

    def apply(self, **kwargs: object) -> None:
        _RENDERERS.pop(self.env.docname, None)


class TranslateOutputs(SphinxTransform):
    """In a translated edition, the text of charts and tables from the page's catalogue
    (message context ``output``, see :mod:`helpers.book.outputs`)."""

    default_priority = 22

    def apply(self, **kwargs: object) -> None:
        language = self.config.language
        if not language or language == "en":
            return
        dirs = [str(Path(self.env.srcdir, d)) for d in self.config.locale_dirs]
        translator, found = init_locale(dirs, language, domain(self.env.docname))
        if not found:
            return

        def tr(text: str) -> str:
            return translator.pgettext(outputs.CONTEXT, text)

        for node in self.document.findall(nodes.raw):
            if "html" in node.get("format", "").split():
                text = node.astext()
                new = outputs.translate(text, tr)
                if new != text:
                    node.children = [nodes.Text(new)]
                    node.rawsource = new


def _book_translator(app: Sphinx):
    dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    translator, found = init_locale(dirs, app.config.language, BOOK_DOMAIN,
                                    namespace=BOOK_NAMESPACE)
    return translator if found else None


def _translated(app: Sphinx) -> bool:
    return bool(app.config.language) and app.config.language != "en"


def translate_config(app: Sphinx, config: object) -> None:
    """The book's title, author and search box text in the edition's language."""
    if not _translated(app) or (tr := _book_translator(app)) is None:
        return
    for name in ("html_title", "project", "author"):
        if getattr(config, name, None):
            setattr(config, name, tr.gettext(getattr(config, name)))
    options = dict(config.html_theme_options or {})
    options["search_bar_text"] = tr.gettext(options.get("search_bar_text",
                                                        "Search this book..."))
    config.html_theme_options = options


def translate_theme(app: Sphinx) -> None:
    """The theme's strings from the book's catalogue, before the themes' own translations
    (which leave some out, and give others in traditional characters)."""
    if not _translated(app) or (tr := _book_translator(app)) is None:
        return
    from sphinx.locale import translators

    ours = {m: tr.gettext(m) for m in THEME_STRINGS if tr.gettext(m) != m}
    for (namespace, _), translator in list(translators.items()):
        if namespace != BOOK_NAMESPACE and isinstance(getattr(translator, "_catalog", None),
                                                      dict):
            translator._catalog.update(ours)


def notebook_copies_outside_the_site(app: Sphinx) -> None:
    """myst-nb writes a copy of each notebook it reads (and their outputs' files) into
    ``jupyter_execute`` beside the output folder: for the translated edition, whose output
    folder is inside the English site, that is in the site (about 20 MB published for
    nothing). They go beside the edition's doctrees instead, and an earlier build's copies
    in the site are removed."""
    if not _translated(app) or not hasattr(app.env, "mystnb_config"):
        return
    import shutil

    from myst_nb.sphinx_ext import OUTPUT_FOLDER

    outside = Path(app.doctreedir).parent / f"{OUTPUT_FOLDER}-{app.config.language}"
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(outside.resolve()))
    in_site = Path(app.outdir).parent / OUTPUT_FOLDER
    if (Path(app.outdir).parent / "index.html").exists() and in_site.is_dir():
        shutil.rmtree(in_site)


def translate_captions(app: Sphinx, doctree: nodes.document) -> None:
    """Part captions of the table of contents from the page's catalogue (sphinx-external-toc
    adds the toctrees after Sphinx has translated the page, so Sphinx extracts the captions
    but leaves them in English)."""
    if not _translated(app):
        return
    from sphinx import addnodes

    toctrees = [t for t in doctree.findall(addnodes.toctree) if t.get("caption")]
    if not toctrees:
        return
    dirs = [str(Path(app.srcdir, d)) for d in app.config.locale_dirs]
    translator, found = init_locale(dirs, app.config.language, domain(app.env.docname))
    for toctree in toctrees if found else []:
        toctree["caption"] = translator.gettext(toctree["caption"])


def add_templates(app: Sphinx, config: object) -> None:
    """Put :data:`TEMPLATES` before every other template folder (a new list: the themes
    append theirs to Sphinx's shared default)."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def add_book_text(app: Sphinx, pagename: str, templatename: str, context: dict,
                  doctree: object) -> None:
    """``book_text(message)`` for the templates: the message from the book's catalogue in
    a translated edition, as it is in English."""
    if _translated(app):
        context["book_text"] = get_translator(BOOK_DOMAIN, BOOK_NAMESPACE).gettext
    else:
        context["book_text"] = str


def switch_href(pagename: str, language: str | None) -> str:
    """The relative link from page ``pagename`` to the same page in the other edition."""
    up = "../" * pagename.count("/")
    if not language or language == "en":
        return f"{up}{EDITION_DIR}/{pagename}.html"
    return f"{up}../{pagename}.html"


def add_switch(app: Sphinx, pagename: str, templatename: str, context: dict,
               doctree: object) -> None:
    """A link to the same page in the other edition, on every page (its link escaped: page
    names come from file names): before the page's body, and as ``language_switch`` for
    the templates of pages without one (search, index)."""
    edition = "en" if not _translated(app) else "zh"
    text, lang = SWITCH[edition]
    href = html.escape(switch_href(pagename, app.config.language))
    link = (f'<p class="language-switch"><a class="language-switch-link" href="{href}" '
            f'hreflang="{lang}" lang="{lang}">{text}</a></p>')
    context["language_switch"] = link
    context["body"] = link + context.get("body", "")
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<link rel="alternate" hreflang="{lang}" href="{href}" />')


def read_twin(app: Sphinx, docname: str, source: list[str]) -> None:
    """In a translated edition, read a generated page's translated twin when it has one."""
    language = app.config.language
    if not language or language == "en" or domain(docname) != TWINS_DOMAIN:
        return
    twin = Path(app.srcdir, f"{docname}.{language}.md")
    if twin.exists():
        source[0] = twin.read_text(encoding="utf-8")


def _use_domains() -> None:
    """Sphinx maps pages to catalogues with ``docname_to_domain`` wherever it needs one."""
    import sphinx.builders
    import sphinx.builders.gettext
    import sphinx.environment
    import sphinx.transforms.i18n

    for module in (sphinx.builders, sphinx.builders.gettext, sphinx.environment,
                   sphinx.transforms.i18n):
        module.docname_to_domain = domain


def setup(app: Sphinx) -> dict:
    _use_domains()
    app.add_source_parser(Parser, override=True)
    app.add_transform(ReleaseRenderer)
    app.add_transform(TranslateOutputs)
    app.connect("source-read", read_twin)
    app.connect("config-inited", translate_config)
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", translate_theme)
    # after myst-nb's own (priority 500), which sets the folder
    app.connect("builder-inited", notebook_copies_outside_the_site, priority=600)
    app.connect("doctree-read", translate_captions, priority=400)
    app.connect("html-page-context", add_switch)
    app.connect("html-page-context", add_book_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
