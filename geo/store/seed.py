"""First-start seeding: an empty store receives the public reports and the demo set."""

from __future__ import annotations

from geo import demo, reference
from geo.access import Actor
from geo.store.base import Batch, BatchResult, SqlStore

SEEDER = Actor(name="couloirs", agency=None, role="admin")


def load_public_reports(store: SqlStore) -> BatchResult:
    """Write the publicly reported seizures (``data/public_seizures.csv``) as one batch."""
    records = reference.public_seizures()
    store.ensure_agency(SEEDER, "public-reports")
    return store.write_batch(records, Batch(kind="public", created_by=SEEDER.name, file_name="public_seizures.csv",
                                            agency="public-reports", sensitivity="public"))


def load_demo(store: SqlStore, rows: int, seed: int) -> BatchResult:
    """Write ``rows`` synthetic demo records generated with ``seed`` as one batch."""
    records = demo.generate(rows=rows, seed=seed)
    for agency in sorted(set(records["agency"].dropna())):  # so that sharing can name them
        store.ensure_agency(SEEDER, agency)
    return store.write_batch(records, Batch(kind="demo", created_by=SEEDER.name,
                                            file_name=f"synthetic-demo-seed{seed}"))


def seed_if_empty(store: SqlStore, *, demo_rows: int, seed: int) -> list[BatchResult]:
    """Seed an empty store; a store holding anything is left as it is."""
    if store.count() or not store.batches().empty:
        return []
    return [load_public_reports(store), load_demo(store, demo_rows, seed)]
