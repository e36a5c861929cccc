"""Country x year profile pages: the page model read from the panel, the page text, the run
matrix and parallel runner (local or on a Dask cluster), and the generated landing and
economy pages. Imports :mod:`helpers.measures`, :mod:`helpers.data`, :mod:`helpers.book` and
below; within the package, ``layout`` <- ``profile`` <- ``pages``/``index`` <- ``runs``, which
uses ``kernels`` (kernels kept across runs) and, given a scheduler, ``cluster``."""
