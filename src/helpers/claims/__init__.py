"""The claims registry: every number the source documents publish, its metric or arithmetic,
the checks and scorecard, the report's own tables and the Guangdong figures. Imports
:mod:`helpers.measures`, :mod:`helpers.data` and below."""
