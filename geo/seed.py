"""First-start seeding: an empty store receives the public reports and the demo set."""

from __future__ import annotations

from geo import demo, reference
from geo.store import Batch, BatchResult, GeoPackageStore


def load_public_reports(store: GeoPackageStore) -> BatchResult:
    """Write the publicly reported seizures (``data/public_seizures.csv``) as one batch."""
    records = reference.public_seizures()
    return store.write_batch(records, Batch(kind="public", created_by="couloirs", file_name="public_seizures.csv",
                                            agency="public-reports", sensitivity="public"))


def load_demo(store: GeoPackageStore, rows: int, seed: int) -> BatchResult:
    """Write ``rows`` synthetic demo records generated with ``seed`` as one batch."""
    return store.write_batch(demo.generate(rows=rows, seed=seed),
                             Batch(kind="demo", created_by="couloirs", file_name=f"synthetic-demo-seed{seed}"))


def seed_if_empty(store: GeoPackageStore, *, demo_rows: int, seed: int) -> list[BatchResult]:
    """Seed an empty store; a store holding anything is left as it is."""
    if store.count() or not store.batches().empty:
        return []
    return [load_public_reports(store), load_demo(store, demo_rows, seed)]
