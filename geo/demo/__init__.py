"""Synthetic demo records, always marked ``source = "synthetic demo"``: the same seed gives the same file.

The generator draws from three tables of data: ``story`` (the trafficking streams: substances, sites,
routes and trends per year), ``agencies`` (who seizes, how cases are numbered) and ``places`` (hub
towns and regions, sea areas, air routes' cities).
"""

from geo.demo.generator import HUBS, generate, write_csv
from geo.demo.twins import TwinDemo, generate_with_twins

__all__ = ["HUBS", "TwinDemo", "generate", "generate_with_twins", "write_csv"]
