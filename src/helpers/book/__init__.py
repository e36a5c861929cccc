"""Presentation for the book: number formatting and glue, the altair theme and offline Vega
bundle, executing notebooks, and the Chinese search index. Imports nothing from the data or
measures layers."""
