"""Sphinx extension: figures, tables and code blocks numbered page by page.

Without a numbered table of contents Sphinx counts each kind of numbered object across the
whole book, so a profile's first figure could be Fig. 69. This restarts the count on every
page, in the order Sphinx numbered them: each page's first figure is Fig. 1, its first
table Table 1.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def restart_per_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Renumber ``env.toc_fignumbers`` from 1 on each page, for each kind of object."""
    for by_type in env.toc_fignumbers.values():
        for figtype, numbers in by_type.items():
            ordered = sorted(numbers, key=numbers.__getitem__)
            by_type[figtype] = {ident: (i,) for i, ident in enumerate(ordered, start=1)}
    return []


def setup(app: Sphinx) -> dict:
    # after Sphinx's own numbering, which also listens to env-get-updated (priority 500)
    app.connect("env-get-updated", restart_per_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
