"""Raw data to validated tables: fetching and verifying raw files, one loader per source, the
parsed-table cache, the catalogue of (source, country, year) tables, the ``IOTable``
structure, value-added panels (sources without flows), sector classifications and units.
Imports only :mod:`helpers.errors` and :mod:`helpers.paths`."""
