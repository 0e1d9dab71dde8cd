"""Synthetic demo records, always marked ``source = "synthetic demo"``: the same seed gives the same file.
``story`` holds the trafficking patterns the generator draws from (hubs, routes, substances per period)."""

from geo.demo.generator import HUBS, generate, write_csv

__all__ = ["HUBS", "generate", "write_csv"]
