"""Map page state: widget keys, their first values from the URL, and the URL kept in step."""

from __future__ import annotations

import time

import streamlit as st

from geo.viewstate import MapView, from_query_params, to_query_params

PREFIX = "map_"
URL_KEYS = ("substance", "country", "conveyance", "measure", "granularity", "mode", "period", "presenter")
PLAY_SECONDS = 2.0


def init_from_url() -> list[str]:
    """Give every map widget a value: the URL's on a session's first visit, else the last one used.

    Streamlit forgets a widget's value when a run does not draw it (presenter mode hides the
    filters; another page hides them all): re-storing the values keeps them. Returns what the
    URL held that could not be read (first visit only).
    """
    first = f"{PREFIX}initialised" not in st.session_state
    view = from_query_params({k: st.query_params[k] for k in URL_KEYS if k in st.query_params})
    values = {
        "substances": list(view.substances), "countries": list(view.countries),
        "conveyances": list(view.conveyances), "measure": view.measure, "granularity": view.granularity,
        "mode": view.mode, "presenter": view.presenter, "playing": False,
    }
    st.session_state.update({f"{PREFIX}{name}": st.session_state.get(f"{PREFIX}{name}", value)
                             for name, value in values.items()})
    if first and view.period:
        st.session_state[f"{PREFIX}wanted_period"] = view.period
    st.session_state[f"{PREFIX}initialised"] = True
    return list(view.warnings) if first else []


def current_view(period: str | None = None) -> MapView:
    """The view the widgets describe."""
    state = st.session_state
    return MapView(
        substances=tuple(state[f"{PREFIX}substances"]), countries=tuple(state[f"{PREFIX}countries"]),
        conveyances=tuple(state[f"{PREFIX}conveyances"]), measure=state[f"{PREFIX}measure"],
        granularity=state[f"{PREFIX}granularity"], mode=state[f"{PREFIX}mode"], period=period,
        presenter=bool(state[f"{PREFIX}presenter"]),
    )


def sync_url(view: MapView) -> None:
    """Write ``view`` to the URL so that a copied link reopens it (other parameters are kept)."""
    others = {k: st.query_params[k] for k in st.query_params if k not in URL_KEYS}
    wanted = {**others, **to_query_params(view)}
    if wanted != st.query_params.to_dict():
        st.query_params.from_dict(wanted)


def period_choice(keys: tuple[str, ...], default_index: int) -> None:
    """Keep the slider's value valid for ``keys`` (granularity changes replace every key)."""
    key = f"{PREFIX}period"
    wanted = st.session_state.pop(f"{PREFIX}wanted_period", None)
    if wanted in keys:
        st.session_state[key] = wanted
    elif st.session_state.get(key) not in keys:
        st.session_state[key] = keys[default_index]


def step(keys: tuple[str, ...], delta: int) -> None:
    """Move the slider ``delta`` periods (a callback of the step buttons), wrapping at the ends."""
    key = f"{PREFIX}period"
    index = keys.index(st.session_state[key]) if st.session_state.get(key) in keys else 0
    st.session_state[key] = keys[(index + delta) % len(keys)]


def advance_if_due(keys: tuple[str, ...]) -> None:
    """While playing, move one period per tick (user clicks within a tick do not advance)."""
    now = time.monotonic()
    last = st.session_state.get(f"{PREFIX}last_tick", 0.0)
    if now - last >= PLAY_SECONDS * 0.9:
        step(keys, +1)
        st.session_state[f"{PREFIX}last_tick"] = now
