"""Saisies / Records: the filterable table of the records the viewer may see, totals, export, one record's detail."""

from datetime import date

import streamlit as st

from geo import i18n, reference
from geo.analysis import coverage, stats
from geo.core import schema
from geo.core.filters import RecordFilter
from geo.records import coverage_table, exports, panel, tables
from geo.reference import countries
from geo.store.base import AccessDenied
from ui import common, identity
from ui import duplicates as doubles
from ui.keys import RecordsKeys as K

EXPORT_MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
               "kml": "application/vnd.google-earth.kml+xml"}
current, lang, t = common.open_page("records")

st.title(t("page_records"))
st.caption(t("app_tagline"))

everything = common.query_records(RecordFilter())
years = everything["date"].dt.year.dropna()
first_year, last_year = (int(years.min()), int(years.max())) if len(years) else (2015, 2025)

with st.container(border=True):
    col_sub, col_country, col_period, col_data = st.columns([3, 3, 3, 2])
    chosen_substances = col_sub.multiselect(
        t("substances"), options=list(schema.substances()), format_func=lambda s: schema.substance_label(s, lang),
        key=K.SUBSTANCES, placeholder=t("all"), select_all=False)
    chosen_countries = col_country.multiselect(
        t("countries"), options=list(reference.STUDY_COUNTRIES), format_func=lambda c: countries.country_name(c, lang),
        key=K.COUNTRIES, placeholder=t("all"), select_all=False)
    period = col_period.slider(t("period"), min_value=first_year, max_value=max(last_year, first_year + 1),
                               value=(first_year, max(last_year, first_year + 1)), key=K.PERIOD)
    chosen_datasets = col_data.multiselect(
        t("datasets"), options=list(schema.DATASETS), format_func=lambda d: t(f"dataset_{d}"),
        key=K.DATASETS, placeholder=t("all"), select_all=False)

record_filter = RecordFilter(
    substances=tuple(chosen_substances), countries=tuple(chosen_countries), datasets=tuple(chosen_datasets),
    date_from=date(period[0], 1, 1), date_to=date(period[1], 12, 31))
records = common.query_records(record_filter)  # what totals count: a confirmed duplicate cluster once
reports = common.query_reports(record_filter)  # every report, for the table and the export
summary = stats.totals(records)
per_dataset = records["dataset"].value_counts()

if per_dataset.get("demo", 0):
    st.warning(t("demo_banner", n=i18n.format_number(per_dataset["demo"], lang)), icon=":material/science:")
if per_dataset.get("public", 0):
    st.info(t("public_banner", n=i18n.format_number(per_dataset["public"], lang)), icon=":material/newspaper:")

doubles.banner(record_filter, lang)
by_substance = stats.summarise(records, "substance")
m1, m2, m3, m4 = st.columns(4)
# An aggregated row counts its N seizures; a confirmed duplicate cluster counts once ("… (37 déclarations fusionnées)").
m1.metric(t("metric_cases"), doubles.cases_text(summary["cases"], record_filter, lang))
m2.metric(t("metric_kg"), i18n.format_number(float(by_substance["kg"].sum()), lang))
tablets = int(by_substance["tablets"].sum())  # "1,49 milliard", the exact count on hover
m3.metric(t("metric_tablets"), tables.count_words(tablets, lang), help=i18n.format_number(tablets, lang))
m4.metric(t("metric_countries"), i18n.format_number(records["country"].nunique(), lang))

if reports.empty:
    st.info(t("no_records"))
    st.stop()

with st.expander(t("records_export"), expanded=False):
    fmt = st.selectbox(t("records_export_format"), list(exports.EXPORT_FORMATS), key=K.EXPORT_FORMAT,
                       format_func=str.upper)
    identity.download_button(
        t("records_export_download", n=i18n.format_number(len(reports), lang), format=fmt.upper()),
        lambda: exports.export_bytes(reports, fmt), action="export", file_name=f"couloirs-saisies.{fmt}",
        mime=EXPORT_MIME[fmt], key=K.EXPORT, records=len(reports), record_filter=record_filter,
        detail={"format": fmt})
    st.caption(t("records_export_caption"))

with st.expander(t("by_substance"), expanded=False):
    totals_table = tables.substance_totals(by_substance, lang)
    st.dataframe(totals_table, hide_index=True, width="stretch",
                 column_config={c: st.column_config.TextColumn(alignment="right") for c in totals_table.columns[1:]})

with st.expander(t("official_coverage"), expanded=False):  # official annual totals beside the records (issue 15)
    official = common.official_totals(record_filter)
    if len(official):
        st.dataframe(coverage_table.coverage_rows(coverage.coverage(records, official), lang), hide_index=True)
        st.caption(t("official_caption"))
    else:
        st.caption(t("official_none"))

st.caption(t("table_caption", shown=i18n.format_number(len(reports), lang),
             total=i18n.format_number(len(common.query_reports(RecordFilter())), lang)))
listing = tables.records_list(reports, lang)
shown_columns = tables.list_columns(lang)  # sized to fit 1440 pixels; the record id stays hidden
selection = st.dataframe(listing, hide_index=True, width="stretch", height=420, on_select="rerun",
                         selection_mode="single-row", key=K.TABLE, column_order=list(shown_columns),
                         column_config={name: st.column_config.TextColumn(width=c["width"], alignment=c["align"],
                                                                          help=c["help"])
                                        for name, c in shown_columns.items()})

chosen_rows = selection.selection.rows if selection else []
if chosen_rows:
    record_id = listing.iloc[chosen_rows[0]][i18n.field_label("record_id", lang)]
    record = common.record(record_id)
    if record is not None:
        st.subheader(t("detail"))
        st.html(panel.record_panel_html(record, lang))  # every field, escaped, free text as written
    if current.may_edit(record):  # the owner agency's analysts and administrators
        st.subheader(t("record_edit"))
        st.caption(t("record_edit_caption"))
        with st.form(key=K.edit(record_id, "form")):
            sensitivity = st.selectbox(i18n.field_label("sensitivity", lang), list(schema.SENSITIVITIES),
                                       index=list(schema.SENSITIVITIES).index(record["sensitivity"] or "public"),
                                       format_func=lambda s: i18n.value_label(s, lang),
                                       key=K.edit(record_id, "sensitivity"))
            reliability = st.text_input(i18n.field_label("reliability", lang), value=record["reliability"] or "",
                                        key=K.edit(record_id, "reliability"))
            notes = st.text_area(i18n.field_label("notes", lang), value=record["notes"] or "",
                                 key=K.edit(record_id, "notes"))
            saved = st.form_submit_button(t("record_edit_save"), type="primary")
        if saved:
            try:
                changed = common.get_store().edit_record(current.actor, current.viewer, record_id, {
                    "sensitivity": sensitivity, "reliability": reliability.strip() or None,
                    "notes": notes.strip() or None})
            except (AccessDenied, ValueError) as error:
                st.error(str(error))
            else:
                st.session_state[K.EDITED] = ", ".join(i18n.field_label(f, lang) for f in changed)
                st.rerun()  # the table and the detail above show the new values
    edited = st.session_state.pop(K.EDITED, None)
    if edited is not None:
        st.success(t("record_edit_saved", fields=edited) if edited else t("record_edit_nothing"))

doubles.review(lang)  # analysts: "Doublons / Duplicates", pairs side by side, confirm or reject
