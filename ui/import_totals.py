"""The Import page's door for official annual totals (issue 15): a UNODC-shaped table is read as totals.

A file whose columns are those of a totals table (:func:`geo.ingest.totals.looks_like_totals`) skips the
record mapping: the page says it was read as totals, previews it, and imports it as one totals batch; its
result and quarantine are shown as any batch's (:mod:`ui.import_result`).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo.access import Actor
from geo.i18n import ingest as ingest_text
from geo.ingest import totals
from geo.ingest.readers import filetypes
from geo.ingest.readers.tables import RawTable
from geo.store import SqlStore
from ui.keys import ImportKeys as K


def holds_totals(table: RawTable) -> bool:
    """Whether the previewed file is a table of official annual totals."""
    return totals.looks_like_totals([str(h) for h in table.frame.columns])


def totals_section(store: SqlStore, data: bytes, file_name: str, *, agency: str | None, sensitivity: str,
                   actor: Actor, lang: str, t: Callable[..., str]) -> None:
    """The notice that the file holds totals, and its import button (one batch of kind ``totals``)."""
    st.info(ingest_text.t("totals_read_as", lang))
    running = st.empty()
    if not st.button(t("import_run"), type="primary", key=K.RUN):
        return
    with running, st.spinner(t("import_step_writing")):
        try:
            report = totals.import_totals(store, data, file_name, agency=agency, sensitivity=sensitivity,
                                          created_by=actor.name)
        except filetypes.UnusableFile as error:
            from geo.ingest import pipeline

            running.error(pipeline.unusable_message(error, lang))
            return
    st.session_state[K.BATCH] = report.batch_id
    st.session_state[K.AGAIN] = report.already_imported
    st.session_state[K.DUPLICATES] = (0, report.duplicates_identical)
    st.session_state[K.WARNINGS] = []
