"""Figures computed from records, with no drawing.

Totals (stats), reconstructed route legs per period and their change flags (routes, route_geometry), the map's
periods and the legs each step draws (timeline), H3 hexagon totals (hexagons) and drawn-area selection.
"""

from geo.analysis.routes import PeriodLegs, flag_changes, leg_table, period_legs, window_legs
from geo.analysis.stats import summarise, summarise_by, totals

__all__ = ["PeriodLegs", "flag_changes", "leg_table", "period_legs", "summarise", "summarise_by", "totals",
           "window_legs"]
