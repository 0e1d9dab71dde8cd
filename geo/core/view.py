"""A map or trends view as plain values, and its round trip through the URL.

``st.query_params`` holds strings; :func:`from_query_params` turns them back into
a :class:`View`, dropping what it cannot read and saying why, so a copied URL
reopens the same view and a mangled one still opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from geo.core import periods, schema
from geo.core.filters import RecordFilter
from geo.core.viewer import Viewer
from geo.reference import countries

MEASURES = ("kg", "cases")
MODES = ("window", "cumulative")


@dataclass(frozen=True)
class View:
    """What the map shows: filters, measure, time step and presentation."""

    substances: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    conveyances: tuple[str, ...] = ()
    measure: str = "kg"
    granularity: str = "year"
    mode: str = "window"
    period: str | None = None  # a period key of `granularity`; None = the latest with data
    presenter: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def with_period(self, period: str | None) -> View:
        """The same view at another period."""
        return replace(self, period=period)

    def record_filter(self, viewer: Viewer | None, *, date_from: date | None = None,
                      date_to: date | None = None) -> RecordFilter:
        """The records this view is drawn from, as ``viewer`` may see them (every period: the view picks one later).

        >>> chosen = View(substances=("cocaine",), countries=("SEN",), period="2021").record_filter(None)
        >>> chosen.substances, chosen.countries, chosen.date_from, chosen.viewer
        (('cocaine',), ('SEN',), None, None)
        """
        return RecordFilter(substances=self.substances, countries=self.countries, conveyances=self.conveyances,
                            date_from=date_from, date_to=date_to, viewer=viewer)


def to_query_params(view: View) -> dict[str, str]:
    """URL parameters for ``view``; defaults are left out to keep URLs short.

    >>> to_query_params(View(substances=("cocaine", "tramadol"), period="2021"))
    {'substance': 'cocaine,tramadol', 'period': '2021'}
    """
    default = View()
    params: dict[str, str] = {}
    for name, values in (("substance", view.substances), ("country", view.countries),
                         ("conveyance", view.conveyances)):
        if values:
            params[name] = ",".join(values)
    for name in ("measure", "granularity", "mode", "period"):
        value = getattr(view, name)
        if value != getattr(default, name):
            params[name] = str(value)
    if view.presenter:
        params["presenter"] = "1"
    return params


def _split(raw: str | None) -> list[str]:
    return [part.strip() for part in (raw or "").split(",") if part.strip()]


def _choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...], default: str,
            warnings: list[str]) -> str:
    value = params.get(name)
    if value is None:
        return default
    if value not in allowed:
        warnings.append(f"{name}={value}: not one of {', '.join(allowed)}")
        return default
    return value


def from_query_params(params: Mapping[str, str]) -> View:
    """Read a view from URL parameters; unreadable values are dropped with a warning.

    >>> view = from_query_params({"substance": "cocaine,chocolate", "granularity": "quarter", "period": "2021-Q3"})
    >>> view.substances, view.period, view.warnings
    (('cocaine',), '2021-Q3', ('substance=chocolate: unknown substance id',))
    """
    warnings: list[str] = []
    known = schema.substances()
    substances = []
    for value in _split(params.get("substance")):
        if value in known:
            substances.append(value)
        else:
            warnings.append(f"substance={value}: unknown substance id")
    codes = []
    for value in _split(params.get("country")):
        if countries.is_iso3(value.upper()):
            codes.append(value.upper())
        else:
            warnings.append(f"country={value}: not an ISO3 country code")
    conveyances = []
    for value in _split(params.get("conveyance")):
        if value in schema.CONVEYANCES:
            conveyances.append(value)
        else:
            warnings.append(f"conveyance={value}: not one of {', '.join(schema.CONVEYANCES)}")
    granularity = _choice(params, "granularity", periods.GRANULARITIES, "year", warnings)
    period = params.get("period")
    if period is not None and not periods.is_period_key(period, granularity):
        warnings.append(f"period={period}: not a {granularity} period")
        period = None
    return View(
        substances=tuple(substances), countries=tuple(codes), conveyances=tuple(conveyances),
        measure=_choice(params, "measure", MEASURES, "kg", warnings), granularity=granularity,
        mode=_choice(params, "mode", MODES, "window", warnings), period=period,
        presenter=params.get("presenter") in {"1", "true"}, warnings=tuple(warnings),
    )
