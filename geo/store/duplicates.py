"""Duplicate pairs across agencies: found by the linkage, reviewed by analysts, read per viewer.

A pair is shown only to a viewer who may see both of its records: every read joins the pair to the
records under the viewer's visibility rule (:func:`geo.access.sql_clause`; on PostGIS row-level
security on ``duplicate_pairs`` applies the same rule through ``records``' own policy). Nothing about a
record the viewer may not see comes back: no pair, no count, no flag. Confirming or rejecting is
audited in the same transaction as the change.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

import pandas as pd

from geo import access
from geo.access import Actor, Viewer
from geo.store.audit import AuditMixin
from geo.store.schema_sql import DUPLICATE_STATUSES
from geo.store.sql import AccessDenied, now_text

PAIR_COLUMNS = ("a", "b", "probability", "status", "agree", "differ", "reference", "reviewed_by", "reviewed_at")


class DuplicatesMixin(AuditMixin):
    """Saving the linkage's pairs, reading them as a viewer may, confirming and rejecting them."""

    def batch_extent(self, batch_id: str) -> tuple[tuple[str, ...], date | None, date | None]:
        """The countries of a batch's records and its first and last dates: where its pairs can be.

        Read in SQL, as the store itself (the linkage sees every record), so that linking a new batch does
        not read a million stored records to find out.
        """
        frame = self._frame("SELECT country, min(date) AS first, max(date) AS last FROM records"
                            " WHERE batch_id = ? GROUP BY country", [batch_id])
        countries = tuple(sorted(str(c) for c in frame["country"] if c is not None))
        dates = [_day(value) for value in (*frame["first"], *frame["last"]) if value is not None]
        return countries, (min(dates) if dates else None), (max(dates) if dates else None)

    def agencies_between(self, countries: Sequence[str], first: date, last: date, limit: int = 2) -> int:
        """How many agencies hold records in ``countries`` from ``first`` to ``last``, up to ``limit``.

        A blank agency counts as one; SQL stops at ``limit``. One agency alone has no cross-agency pair.
        """
        marks = ",".join("?" * len(countries))
        frame = self._frame(f"SELECT DISTINCT coalesce(agency, '') AS agency FROM records WHERE country IN ({marks})"  # noqa: S608
                            f" AND date >= ? AND date <= ? LIMIT {int(limit)}",
                            [*countries, first.isoformat(), last.isoformat()])
        return len(frame)

    def save_duplicate_pairs(self, pairs: pd.DataFrame) -> int:
        """Add or refresh probable pairs (``a`` < ``b``, ``probability``, ``agree``, ``differ``); return how many.

        A pair already reviewed keeps its status and review: a new run never undoes an analyst's decision.
        The linkage runs as the store itself (every record), so this takes no viewer.
        """
        if pairs.empty:
            return 0
        found = now_text()
        rows = [(str(a), str(b), float(p), json.dumps(list(agree)), json.dumps(list(differ)), found)
                for a, b, p, agree, differ in zip(pairs["a"], pairs["b"], pairs["probability"], pairs["agree"],
                                                  pairs["differ"], strict=True)]
        with self._write() as connection:
            connection.cursor().executemany(self._sql(
                "INSERT INTO duplicate_pairs (record_a, record_b, probability, agree, differ, found_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (record_a, record_b) DO UPDATE SET"
                " probability = excluded.probability, agree = excluded.agree, differ = excluded.differ,"
                " found_at = excluded.found_at WHERE duplicate_pairs.status = 'probable'"), rows)
        return len(rows)

    def duplicate_pairs(self, viewer: Viewer | None, *, min_probability: float = 0.0,
                        statuses: Sequence[str] = DUPLICATE_STATUSES) -> pd.DataFrame:
        """Pairs whose two records ``viewer`` may see, most probable first (:data:`PAIR_COLUMNS`)."""
        unknown = sorted(set(statuses) - set(DUPLICATE_STATUSES))
        if unknown:
            raise ValueError(f"status {unknown[0]!r}: expected one of {', '.join(DUPLICATE_STATUSES)}")
        visibility, params = access.sql_clause(viewer)
        # Each pair's two records looked up by id (as sees_confirmed_pair does): "record_a IN (SELECT record_id
        # FROM records ...)" walked every record the viewer may see, ~0.2-0.4 s at a million records, pairs or not.
        also = f" AND ({visibility})" if visibility else ""
        seen = [f"EXISTS (SELECT 1 FROM records WHERE records.record_id = duplicate_pairs.{column}{also})"  # noqa: S608
                for column in ("record_a", "record_b")]
        frame = self._frame(
            "SELECT record_a AS a, record_b AS b, probability, status, agree, differ, reference, reviewed_by,"  # noqa: S608
            f" reviewed_at FROM duplicate_pairs WHERE {seen[0]} AND {seen[1]}"
            f" AND probability >= ? AND status IN ({','.join('?' * len(statuses))})"
            " ORDER BY probability DESC, record_a, record_b",
            [*params, *params, float(min_probability), *statuses], viewer)
        for column in ("agree", "differ"):
            frame[column] = frame[column].map(json.loads)
        frame["probability"] = frame["probability"].astype(float)
        return frame

    def review_duplicate(self, actor: Actor, viewer: Viewer, a: str, b: str, status: str,
                         reference: str | None = None) -> dict:
        """Confirm (one seizure) or reject (two seizures) the pair of ``a`` and ``b``; audited.

        Only an analyst or administrator who may see both records may review; ``reference`` (one of the two)
        is the record a confirmed cluster counts. Returns the pair as stored.
        """
        if status not in ("confirmed", "rejected"):
            raise ValueError(f"review {status!r}: expected confirmed or rejected")
        if actor.role not in access.EDITOR_ROLES:
            raise AccessDenied("only analysts and administrators review duplicates")
        a, b = sorted((str(a), str(b)))
        if reference is not None and reference not in (a, b):
            raise ValueError(f"reference {reference}: not one of the pair's records")
        pair = self.duplicate_pairs(viewer).query("a == @a and b == @b")
        if pair.empty:  # unknown, or one record hidden from this viewer: the same answer, nothing leaks
            raise AccessDenied(f"pair {a} / {b}: not found")
        reviewed = now_text()
        with self._write(viewer) as connection:
            self._execute(connection, "UPDATE duplicate_pairs SET status = ?, reference = ?, reviewed_by = ?,"
                          " reviewed_at = ? WHERE record_a = ? AND record_b = ?",
                          [status, reference if status == "confirmed" else None, actor.name, reviewed, a, b])
            self._audit(connection, actor, f"duplicate_{status}", target=f"{a} | {b}", records=2,
                        detail={"previous": pair.iloc[0]["status"], "probability": float(pair.iloc[0]["probability"]),
                                "reference": reference})
        return {**pair.iloc[0].to_dict(), "status": status, "reference": reference, "reviewed_by": actor.name,
                "reviewed_at": reviewed}


def _day(value: object) -> date:
    """A stored date (text on GeoPackage, a date on PostGIS) as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
