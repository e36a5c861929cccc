"""Calculations behind the book: raw data, input-output tables, classifications, indicators."""

from helpers.errors import HelpersError

__all__ = ["HelpersError"]
