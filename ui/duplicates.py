"""Probable duplicates across agencies on the pages: the merged count, the banner, and the analysts' review.

Widgets -> geo -> render: the pairs come from the store as the session may see them
(:meth:`geo.store.SqlStore.duplicate_pairs`), the side-by-side table from :mod:`geo.records.duplicates_view`,
and a decision goes through :meth:`geo.store.SqlStore.review_duplicate` (audited).
"""

from __future__ import annotations

import streamlit as st

from geo import i18n
from geo.access import EDITOR_ROLES
from geo.analysis.count_once import Counted
from geo.analysis.duplicates import DEFAULT_THRESHOLD
from geo.core.filters import RecordFilter
from geo.i18n import records as record_text
from geo.records import duplicates_view
from geo.store.base import AccessDenied
from geo.store.schema_sql import DUPLICATE_STATUSES
from ui import common
from ui.keys import RecordsKeys as K


def cases_text(cases: int, record_filter: RecordFilter, lang: str) -> str:
    """The cases as a number or, when confirmed duplicates were merged, "1 204 saisies (37 déclarations fusionnées)"."""
    merged = common.duplicates_count(record_filter).merged_reports
    if not merged:
        return i18n.format_number(cases, lang)
    key = "merged_cases_one" if merged == 1 else "merged_cases_many"
    return record_text.t(key, lang, cases=i18n.format_number(cases, lang), merged=i18n.format_number(merged, lang))


def banner(record_filter: RecordFilter, lang: str, counted: Counted | None = None) -> None:
    """The kilograms in probable duplicates nobody has reviewed yet (counted as reported), when there are any.

    ``counted``: the figures when the page has them (:func:`ui.common.pair_notes`), else read with every record.
    """
    counted = counted or common.duplicates_count(record_filter)
    if counted.unreviewed_reports:
        st.warning(record_text.t("unreviewed_banner", lang, kg=i18n.format_number(counted.unreviewed_kg, lang),
                                 n=i18n.format_number(counted.unreviewed_reports, lang)), icon=":material/join:")


def notes(record_filter: RecordFilter, lang: str, counted: Counted | None = None) -> None:
    """On the map, trends and briefing pages: the banner, and how many reports the totals merged."""
    counted = counted or common.duplicates_count(record_filter)
    banner(record_filter, lang, counted)
    merged = counted.merged_reports
    if merged:
        key = "merged_note_one" if merged == 1 else "merged_note_many"
        st.caption(record_text.t(key, lang, merged=i18n.format_number(merged, lang)))


def review(lang: str) -> None:
    """The "Doublons / Duplicates" review: pairs above a threshold, side by side, confirmed or rejected by analysts."""
    current = common.session()
    if current.role not in EDITOR_ROLES:
        return
    st.subheader(record_text.t("dup_title", lang))
    st.caption(record_text.t("dup_caption", lang))
    done = st.session_state.pop(K.DUP_DONE, None)
    if done:
        st.success(record_text.t(f"dup_done_{done}", lang))
    left, right = st.columns([2, 3])
    threshold = left.slider(record_text.t("dup_threshold", lang), 0.5, 1.0, DEFAULT_THRESHOLD, 0.01,
                            key=K.DUP_THRESHOLD)
    statuses = right.multiselect(record_text.t("dup_status", lang), list(DUPLICATE_STATUSES), default=["probable"],
                                 format_func=lambda s: record_text.t(f"dup_status_{s}", lang), key=K.DUP_STATUS,
                                 select_all=False)
    store = common.get_store()
    pairs = store.duplicate_pairs(current.viewer, min_probability=threshold, statuses=statuses or DUPLICATE_STATUSES)
    if pairs.empty:
        st.info(record_text.t("dup_none", lang))
        return
    # The pair's ids are the option (not its position): a decision that removes it from the list moves to the next.
    labels = {f"{a}\t{b}": record_text.t("dup_pair", lang, probability=i18n.format_number(100 * p, lang, 1), a=a, b=b,
                                         status=record_text.t(f"dup_status_{s}", lang))
              for a, b, p, s in zip(pairs["a"], pairs["b"], pairs["probability"], pairs["status"], strict=True)}
    chosen = st.selectbox(record_text.t("dup_choose", lang, n=i18n.format_number(len(pairs), lang)),
                          list(labels), format_func=labels.__getitem__, key=K.DUP_PAIR)
    pair = pairs.iloc[list(labels).index(chosen) if chosen in labels else 0]
    a, b = common.record(pair["a"]), common.record(pair["b"])
    if a is None or b is None:  # changed since the list was read: nothing to show
        st.info(record_text.t("dup_none", lang))
        return
    agree, differ = (duplicates_view.comparison_names(pair[k], lang) for k in ("agree", "differ"))
    st.markdown(f"**{record_text.t('dup_agrees_list', lang, fields=agree)}** · "
                f"{record_text.t('dup_differs_list', lang, fields=differ)}")
    st.html(duplicates_view.pair_html(a, b, pair["agree"], pair["differ"], lang))
    confirm, reject = st.columns(2)
    decision = ("confirmed" if confirm.button(record_text.t("dup_confirm", lang), key=K.DUP_CONFIRM, type="primary")
                else "rejected" if reject.button(record_text.t("dup_reject", lang), key=K.DUP_REJECT) else None)
    if decision:
        reference = duplicates_view.most_precise(a, b) if decision == "confirmed" else None
        try:
            store.review_duplicate(current.actor, current.viewer, pair["a"], pair["b"], decision, reference=reference)
        except (AccessDenied, ValueError) as error:
            st.error(str(error))
        else:
            st.session_state[K.DUP_DONE] = decision
            st.rerun()  # every total counts the cluster once from now on
