"""Sphinx extension: the book can be built in parallel (``-j``).

sphinx-external-toc always loads jupyter-book's ``sphinx_multitoc_numbering``, which does not
say whether it is safe for Sphinx's parallel reading and writing, so Sphinx assumes it is
not and reads every page in one process. All that extension does is replace
``TocTreeCollector.assign_section_numbers``; Sphinx calls that once per build, in the main
process, after the pages have been read (``env-get-updated``), and it stores nothing while
pages are read or written. It is therefore declared safe here, for both.

``tests/test_parallel_build.py`` builds a small book with the book's configuration both
ways and finds every written file byte-identical. ``make book`` still builds serially:
measured on two cores, ``-j 2`` saved about 2 s of a 22 s English build, most of the time
being in steps Sphinx runs in one process (the search index, figure numbering, the
sidebar), and jupyter-book's command line has no ``-j``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Extensions declared safe for parallel builds here, each for the reason above.
DECLARED_SAFE = ("sphinx_multitoc_numbering",)


def setup(app: Sphinx) -> dict:
    for name in DECLARED_SAFE:
        app.setup_extension(name)
        extension = app.extensions[name]
        extension.parallel_read_safe = True
        extension.parallel_write_safe = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}
