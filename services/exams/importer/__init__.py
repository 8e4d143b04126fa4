"""Importing a results file (CSV, gzipped CSV or .xlsx), streamed: header mapping, row parsing,
statistics, and the atomic replacement of an exam's results through the store."""

from .run import import_results

__all__ = ["import_results"]
