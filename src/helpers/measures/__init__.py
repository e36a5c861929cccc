"""The book's measures, as pure functions of tables: the ``Definition`` of a producer-service
input, the vectorised core, indicators, Leontief requirements, panels over many tables (and
their cache), scenarios, sensitivity and mapping alternatives. Imports :mod:`helpers.data`
and below."""
