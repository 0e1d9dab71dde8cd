"""Synthetic demo records, always marked ``source = "synthetic demo"``: the same seed gives the same file.

The generator draws from three tables of data: ``story`` (the trafficking streams: substances, sites,
routes and trends per year), ``agencies`` (who seizes, how cases are numbered) and ``places`` (hub
towns and regions, sea areas, air routes' cities).
"""

from geo.demo.generator import HUBS, generate, write_csv

__all__ = ["HUBS", "generate", "write_csv"]
