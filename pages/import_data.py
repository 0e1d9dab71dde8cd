"""Importer / Import: upload, preview, column mapping, progress, the accounting sum and the quarantine download."""

import streamlit as st

from geo import i18n
from geo.analysis.duplicate_runs import find_duplicates
from geo.core import schema, settings, units
from geo.ingest import pipeline as importer
from geo.ingest import review as importview
from geo.ingest.keys import NotAKey
from geo.ingest.readers import filetypes
from ui import common
from ui import import_profiles as saved
from ui import import_result as result
from ui import import_settings as tuning
from ui import import_totals as totals_door
from ui.keys import ImportKeys as K

current, lang, t = common.open_page("import")  # analysts and administrators


@st.cache_data(show_spinner=False, max_entries=4)
def import_preview(data: bytes, file_name: str) -> importer.Preview:
    """The first rows and suggested mapping of an uploaded file (its bytes key the cache)."""
    return importer.preview(data, file_name)


st.title(t("page_import"))
st.caption(t("import_caption"))

c1, c2, c3 = st.columns([4, 2, 2])
upload = c1.file_uploader(t("import_file", limit=settings.get("COULOIRS_MAX_UPLOAD_MB")), key=K.FILE,
                          type=["csv", "txt", "xlsx", "xls", "ods", "geojson", "json", "gpkg", "kml", "kmz"])
if current.role == "admin":  # an administrator may import for any registered agency
    known = [current.agency, *sorted(set(common.get_store().agencies()["agency"]) - {current.agency})]
    agency = c2.selectbox(t("import_agency_pick"), known, key=K.AGENCY, help=t("import_agency_help"))
else:  # the records are the signed-in analyst's agency's
    agency = current.agency
    c2.text(t("import_agency_own", agency=agency))
sensitivity = c3.selectbox(t("import_sensitivity"), list(schema.SENSITIVITIES), index=1, key=K.SENSITIVITY,
                           format_func=lambda s: i18n.value_label(s, lang))


if upload is None:
    st.info(t("import_start"))
    result.show_result(common.get_store(), current.actor, lang, t)
    saved.batches_section(common.get_store(), current.actor, agency, lang, t)
    st.stop()

data = upload.getvalue()
try:
    preview = import_preview(data, upload.name)
except filetypes.UnusableFile as error:
    st.error(importer.unusable_message(error, lang))
    st.stop()

st.subheader(t("import_preview"))
st.caption(t("import_read_as", format=importer.format_details(preview.table, lang)))
st.dataframe(importview.preview_rows(preview.table), hide_index=True, height=260)
if totals_door.holds_totals(preview.table):  # official annual totals: their own table, no record mapping
    totals_door.totals_section(common.get_store(), data, upload.name, agency=agency, sensitivity=sensitivity,
                               actor=current.actor, lang=lang, t=t)
    result.show_result(common.get_store(), current.actor, lang, t)
    saved.batches_section(common.get_store(), current.actor, agency, lang, t)
    st.stop()

st.subheader(t("import_mapping"))
st.caption(t("import_mapping_help"))
headers = [str(h) for h in preview.table.frame.columns]
profile, settings = saved.loaded_profile(common.get_store(), current.actor, agency, preview.sha256, headers, t,
                                        lang)
seeded = saved.seed_mapping(settings, preview.mapping, headers)
edited = st.data_editor(
    importview.mapping_table(preview.table, seeded, lang), hide_index=True, disabled=[0, 1],
    key=K.mapping(preview.sha256) + (f"_{profile}" if profile else ""),  # a new file or profile: its own mapping
    column_config={t("mapping_field"): st.column_config.SelectboxColumn(options=importview.field_options(lang),
                                                                        required=True)})
unit_choices = [None, *units.UNITS]
default_unit = st.selectbox(t("import_default_unit"), unit_choices,
                            key=K.unit(preview.sha256) + (f"_{profile}" if profile else ""),
                            index=unit_choices.index(seeded.default_unit),
                            format_func=lambda u: t("import_no_unit") if u is None else i18n.value_label(u, lang))
mapping = importview.mapping_from_table(edited, lang, default_unit)
odd = importer.mapping_warnings(mapping, list(preview.table.frame.columns), lang)
if odd:
    st.warning("\n\n".join(odd))
chosen = tuning.settings_section(data, upload.name, preview.sha256, profile, mapping, settings, lang)
tuning.check_section(common.get_store(), data, upload.name, agency=agency, sensitivity=sensitivity, mapping=mapping,
                     settings=chosen, lang=lang, t=t)
saved.save_form(common.get_store(), current.actor, agency, mapping, headers, chosen, t)

running = st.empty()  # the progress bar's place: the result below keeps its position on later reruns
if st.button(t("import_run"), type="primary", key=K.RUN):
    bar = running.progress(0.0, text=t("import_step_reading"))
    try:
        report = importer.import_bytes(
            common.get_store(), data, upload.name, agency=agency, sensitivity=sensitivity,
            created_by=current.actor.name, mapping=mapping, settings=chosen,
            progress=lambda done, step: bar.progress(done, text=t(f"import_step_{step}")))
    except filetypes.UnusableFile as error:  # e.g. damage past the rows the preview read
        running.error(importer.unusable_message(error, lang))
        st.stop()
    except NotAKey as error:  # the reference column repeats on rows that differ: nothing was written
        running.error(error.message(lang))
        st.stop()
    running.empty()
    if report.accepted:  # the new batch against the store: probable duplicates across agencies, to review
        find_duplicates(common.get_store(), report.batch_id)
    st.session_state[K.BATCH] = report.batch_id
    st.session_state[K.AGAIN] = report.already_imported
    st.session_state[K.DUPLICATES] = (report.duplicates_by_key, report.duplicates_identical)
    st.session_state[K.WARNINGS] = importer.problems_as_records(report.warnings)
result.show_result(common.get_store(), current.actor, lang, t)
saved.batches_section(common.get_store(), current.actor, agency, lang, t)
