"""The mimetypes of a chart's output."""

from __future__ import annotations

import altair as alt

#: A chart's Vega-Lite spec, at altair's major version: what the book draws.
VEGALITE_MIME = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.lstrip('v').split('.')[0]}+json"

#: The same chart compiled to Vega 5: what JupyterLab's built-in renderer draws.
VEGA_MIME = "application/vnd.vega.v5+json"
