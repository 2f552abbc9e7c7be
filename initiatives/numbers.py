"""Renamed units.py. This name stays only until initiatives/services.py imports `format_in_unit` from there."""

from .units import format_change, format_in_unit, format_number

__all__ = ["format_change", "format_in_unit", "format_number"]
