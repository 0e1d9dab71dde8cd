"""The Import page's result: the last import of this browser session, its sum, reasons and quarantine downloads.

Kept out of ``pages/import_data.py`` so the page stays a thin sequence of sections.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo import i18n
from geo.access import Actor
from geo.ingest import pipeline as importer
from geo.records import exports
from geo.store import SqlStore
from ui import identity
from ui.keys import ImportKeys as K


def show_result(store: SqlStore, actor: Actor, lang: str, t: Callable[..., str]) -> None:
    """The last import of this session, read back from the store's batch log and quarantine."""
    batch_id = st.session_state.get(K.BATCH)  # this browser session's own import, of its agency
    log = store.batches(None if actor.role == "admin" else actor.agency)
    logged = log[log["batch_id"] == batch_id]
    if logged.empty:
        return
    row = logged.iloc[0]
    st.subheader(t("import_result", file=row["file_name"]))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("import_rows"), i18n.format_number(int(row["rows"]), lang))
    m2.metric(t("import_accepted"), i18n.format_number(int(row["accepted"]), lang))
    m3.metric(t("import_quarantined"), i18n.format_number(int(row["quarantined"]), lang))
    m4.metric(t("import_duplicates"), i18n.format_number(int(row["duplicates"]), lang))
    counts = {name: i18n.format_number(int(row[name]), lang) for name in ("rows", "accepted", "quarantined",
                                                                           "duplicates")}
    st.markdown(f"**{t('import_sum', **counts)}**")
    split = st.session_state.get(K.DUPLICATES)
    if split and int(row["duplicates"]):
        st.caption(t("import_duplicates_split", by_key=i18n.format_number(split[0], lang),
                     identical=i18n.format_number(split[1], lang)))
    if st.session_state.get(K.AGAIN):
        st.info(t("import_again", batch=batch_id))
    held = store.quarantine(batch_id)
    if held.empty:
        st.success(t("import_all_clear"))
    else:
        st.markdown(t("import_reasons"))
        st.dataframe(importer.reason_summary(importer.stored_problems(held), lang), hide_index=True)
        fixable = importer.quarantine_table(held, lang)
        d1, d2 = st.columns(2)
        audited = {"action": "export", "records": len(fixable), "detail": {"batch": batch_id, "kind": "quarantine"}}
        with d1:
            identity.download_button(t("import_download", format="CSV"), lambda: exports.table_bytes(fixable, "csv"),
                                     file_name=f"quarantaine-{batch_id[:8]}.csv", mime="text/csv", key=K.GET_CSV,
                                     **audited)
        with d2:
            identity.download_button(t("import_download", format="XLSX"), lambda: exports.table_bytes(fixable, "xlsx"),
                                     file_name=f"quarantaine-{batch_id[:8]}.xlsx", key=K.GET_XLSX, **audited)
        st.caption(t("import_fix_hint"))
    warned = importer.problems_from_records(st.session_state.get(K.WARNINGS, []))
    if len(warned):
        st.markdown(t("import_warnings"))
        st.dataframe(importer.reason_summary(warned, lang), hide_index=True)
