"""Route provenance: whether a drawn leg is *reported* by the records or *inferred* by the program.

Two things can make a leg the program's rather than the records':

* **its ends**: a record states a leg when both its countries are consecutive stated links
  of its path (origin, transits, seizure country, destination). A leg that spans an
  unknown or unrecognised link ("BRA; unknown; SEN" gives BRA → SEN) joins two stated
  countries across a gap the record left open, so that record does not report it. Each
  leg row carries ``reported_kg`` and ``reported_cases`` next to ``kg`` and ``cases``
  (sums, so any window or aggregate adds them up) and ``reported_share``, the share of its
  weight (kg, or cases for a counted substance) whose records state both ends.
* **its passage**: where :mod:`geo.analysis.route_geometry` draws a land leg through a
  border post or border point, or a sea leg along a corridor, the program chose that
  passage; no record names it.

A leg is drawn as *reported* (solid) when at least :data:`REPORTED_MAJORITY` of its weight
has both ends stated and its line goes straight from one country to the other; otherwise it
is *inferred* (dashed). Unknown links stay unknown: no country is ever added for them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PROVENANCES = ("reported", "inferred")
REPORTED_MAJORITY = 0.5  # share of a leg's weight whose records must state both ends for a solid line
# ``via`` prefixes (geo.analysis.route_geometry.leg_geometry) of passages the program chose.
CHOSEN_PASSAGES = ("border_post:", "border", "corridor:")


def stated_pairs(tokens: list[str | None], known: list[bool]) -> set[tuple[str, str]]:
    """Pairs of known countries adjacent in a record's stated links, with no unknown link between them.

    ``tokens`` are the record's non-blank links in order (upper-cased codes or text) and
    ``known`` says which are recognised countries. A blank link is not a link: it states
    nothing, so the countries around it stay adjacent; an "unknown" or unrecognised one
    breaks the adjacency.

    >>> sorted(stated_pairs(["BRA", "UNKNOWN", "SEN", "MLI"], [True, False, True, True]))
    [('SEN', 'MLI')]
    >>> sorted(stated_pairs(["SEN", "SEN", "MLI"], [True, True, True]))
    [('SEN', 'MLI')]
    """
    pairs: set[tuple[str, str]] = set()
    previous: str | None = None
    for token, is_known in zip(tokens, known, strict=True):
        if not is_known:
            previous = None
            continue
        if previous is not None and previous != token:
            pairs.add((previous, str(token)))
        previous = str(token)
    return pairs


def reported_share(legs: pd.DataFrame) -> pd.Series:
    """Share of each leg's weight whose records state both ends (NaN for a leg of zero weight).

    Reads ``basis``, ``kg``, ``cases``, ``reported_kg`` and ``reported_cases``; a missing
    reported total (a leg that vanished, kept by a change comparison) counts as none.
    """
    by_kg = legs["basis"].eq("kg").to_numpy()
    weight = np.where(by_kg, legs["kg"].to_numpy(float), legs["cases"].to_numpy(float))
    reported = np.where(by_kg, legs["reported_kg"].fillna(0.0).to_numpy(float),
                        legs["reported_cases"].fillna(0).to_numpy(float))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(weight > 0, np.minimum(reported / weight, 1.0), np.nan)
    return pd.Series(share, index=legs.index, dtype=float)


def passage_chosen(via: object) -> bool:
    """Whether a leg's line goes through a passage the program chose (border post, border, corridor).

    >>> passage_chosen("border_post:Kidira–Diboli border crossing"), passage_chosen("great_circle")
    (True, False)
    """
    return isinstance(via, str) and via.startswith(CHOSEN_PASSAGES)


def provenance(legs: pd.DataFrame) -> pd.Series:
    """"reported" or "inferred" for each drawn leg (rows with ``via`` and the reported totals)."""
    share = reported_share(legs).fillna(0.0)
    chosen = legs["via"].map(passage_chosen) if "via" in legs else pd.Series(False, index=legs.index)
    reported = (share >= REPORTED_MAJORITY) & ~chosen.astype(bool)
    return pd.Series(np.where(reported, "reported", "inferred"), index=legs.index, dtype=object)
