"""Calculations and machinery behind the book, in layers; each imports only those below it.

- :mod:`helpers.errors`, :mod:`helpers.paths`: error types and where files live (no imports).
- :mod:`helpers.data`: raw files to validated input-output tables and classifications.
- :mod:`helpers.measures`: indicators and requirements, pure functions of tables.
- :mod:`helpers.book`: presentation for the book (charts, glue, notebooks, search); imports
  no data or measures.
- :mod:`helpers.claims`: the registry of published numbers and their checks.
- :mod:`helpers.profiles`: the country x year profile pages and their runner.
- :mod:`helpers.cli`: the command line, on top of everything.
"""

from helpers.errors import HelpersError

__all__ = ["HelpersError"]
