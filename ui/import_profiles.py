"""The Import page's saved mapping profiles (load, propose, save) and its undo (remove a batch, confirmed).

Kept out of ``pages/import_data.py`` so the page stays a thin sequence of sections; the rules live in
:mod:`geo.ingest.profiles` and the store.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from geo import i18n
from geo.access import Actor
from geo.i18n import ingest as ingest_text
from geo.ingest import profiles
from geo.ingest.mapping import ColumnMapping
from geo.ingest.settings import ImportSettings
from geo.store import SqlStore
from ui.keys import ImportKeys as K


def loaded_profile(store: SqlStore, actor: Actor, agency: str, sha256: str, headers: list[str],
                   t: Callable[..., str], lang: str) -> tuple[str | None, ImportSettings | None]:
    """The profile chosen for this file (by default the agency's last one saved from the same headers).

    Returns the name and its settings fitted to the file's headers, or ``(None, None)`` for the suggestion.
    """
    saved = store.mapping_profiles(actor, agency)
    if saved.empty:
        return None, None
    names = [None, *saved["name"]]
    proposed = profiles.proposed_profile(saved, headers)
    chosen = st.selectbox(t("profile_pick"), names, index=names.index(proposed), key=K.profile(sha256),
                          format_func=lambda n: t("profile_none") if n is None else n)
    if chosen is None:
        return None, None
    try:
        settings = profiles.read_settings(saved.set_index("name").loc[chosen, "settings"])
    except profiles.BadProfile as error:  # said, and the page goes on from the suggestion
        st.error(ingest_text.t("profile_unreadable", lang, name=chosen, reason=str(error)))
        return None, None
    if chosen == proposed:
        st.info(t("profile_proposed", name=chosen))
    return chosen, profiles.fitted(settings, headers)


def seed_mapping(settings: ImportSettings | None, suggested: ColumnMapping, headers: list[str]) -> ColumnMapping:
    """What the mapping editor starts from: the profile's mapping fitted to the file, else the suggestion.

    A profile column the file lacks is left out (the editor lists the file's columns only); a file column the
    profile does not name keeps the suggested field.
    """
    if settings is None:
        return suggested
    fields = {h: settings.columns[h] if h in settings.columns else suggested.fields.get(h) for h in headers}
    return ColumnMapping(fields, settings.default_unit or suggested.default_unit)


def save_form(store: SqlStore, actor: Actor, agency: str, mapping: ColumnMapping, headers: list[str],
              settings: ImportSettings, t: Callable[..., str]) -> None:
    """A name and a button: the page's whole settings (mapping, values, constants, fiscal year) saved as a profile."""
    c1, c2 = st.columns([3, 1])
    name = c1.text_input(t("profile_name"), key=K.PROFILE_NAME, max_chars=80)
    if c2.button(t("profile_save"), key=K.PROFILE_SAVE):
        try:
            store.save_mapping_profile(actor, agency, name, profiles.settings_of(mapping, settings), headers)
        except (ValueError, PermissionError) as error:
            st.error(t("profile_not_saved", reason=str(error)))
        else:
            st.success(t("profile_saved", name=name.strip(), agency=agency))


def batches_section(store: SqlStore, actor: Actor, agency: str | None, lang: str, t: Callable[..., str]) -> None:
    """The agency's batches (every batch for an administrator), and removing one behind a confirmation."""
    st.subheader(t("batches_title"))
    done = st.session_state.pop(K.REMOVED, None)
    if done:
        st.success(t("batches_removed", **done))
    log = store.batches(None if actor.role == "admin" else agency)
    if log.empty:
        st.info(t("batches_none"))
        return
    st.table(_log_table(log.head(20), lang, t))
    live = log[log["removed_at"].isna()]
    if live.empty:
        return
    labels = {row.batch_id: f"{row.file_name or row.kind} · {str(row.created_at)[:16]} · {row.agency or '—'}"
              f" · {row.accepted}" for row in live.itertuples()}
    picked = st.selectbox(t("batches_pick"), list(labels), key=K.BATCH_PICK, format_func=labels.get)
    confirmed = st.checkbox(t("batches_confirm"), key=K.BATCH_CONFIRM)
    if st.button(t("batches_remove"), key=K.BATCH_REMOVE):
        if not confirmed:
            st.warning(t("batches_confirm_first"))
            return
        try:
            removal = store.remove_batch(actor, picked)
        except (ValueError, PermissionError, LookupError) as error:
            st.error(t("batches_not_removed", reason=str(error)))
            return
        st.session_state[K.REMOVED] = {"batch": removal.batch_id[:8], "records": removal.records,
                                       "quarantined": removal.quarantined}
        st.session_state.pop(K.BATCH_CONFIRM, None)  # the next removal asks again
        st.rerun()


def _log_table(log: pd.DataFrame, lang: str, t: Callable[..., str]) -> pd.DataFrame:
    number = lambda n: i18n.format_number(int(n), lang)  # noqa: E731 - a short formatter
    return pd.DataFrame({
        "#": log["batch_id"].str[:8],
        t("batches_file"): log["file_name"].fillna(log["kind"]),
        t("import_agency"): log["agency"].fillna("—"),
        t("import_rows"): log["rows"].map(number),
        t("import_accepted"): log["accepted"].map(number),
        t("import_quarantined"): log["quarantined"].map(number),
        t("import_duplicates"): log["duplicates"].map(number),
        t("batches_removed_mark"): log["removed_at"].map(lambda at: "" if at is None or at != at else str(at)[:16]),
    })
