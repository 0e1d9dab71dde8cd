"""The Import page's settings beyond the column mapping: value mappings, constants, fiscal year; and a dry run.

Each widget starts from the loaded profile (:class:`geo.ingest.settings.ImportSettings`) and is keyed by the
file and the profile, so loading another profile starts its widgets afresh. What the values mean and which
ones are unread is :mod:`geo.ingest.value_review`'s; the dry run is :func:`geo.ingest.dryrun.dry_run`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo import i18n
from geo.i18n import ingest as ingest_text
from geo.ingest import dryrun, value_review
from geo.ingest import pipeline as importer
from geo.ingest.keys import NotAKey
from geo.ingest.mapping import ColumnMapping
from geo.ingest.readers import filetypes
from geo.ingest.settings import ImportSettings
from geo.reference.countries import fold
from geo.store import SqlStore
from ui.keys import ImportKeys as K

# Fields offered a value for every row when no column gives them (others only when a profile has one).
CONSTANT_FIELDS = ("country", "substance", "conveyance", "source")
MAX_VALUES = 25  # per field: a register's misspellings are a handful; more is a file to fix


@st.cache_data(show_spinner=False, max_entries=4)
def _review(data: bytes, file_name: str, fields: tuple, values_json: str) -> dict:
    """The unread values of the whole file for a mapping (cached: the file is read once per mapping)."""
    table = importer.read(data, file_name)
    return value_review.review(table.frame, ColumnMapping(dict(fields)), ImportSettings.from_json(values_json))


def _pick(label: str, options: dict[str, str], chosen: str | None, none: str, key: str) -> str | None:
    ids = [None, *options]
    return st.selectbox(label, ids, index=ids.index(chosen) if chosen in options else 0, key=key,
                        format_func=lambda v: none if v is None else options[v])


def _values(data: bytes, file_name: str, sha: str, suffix: str, mapping: ColumnMapping, loaded: ImportSettings,
            lang: str) -> dict[str, dict[str, str]]:
    """One select box per unread value of each vocabulary column; the value mappings chosen."""
    st.subheader(ingest_text.t("values_title", lang))
    found = _review(data, file_name, tuple(mapping.fields.items()),
                    ImportSettings(values=loaded.values).to_json())
    # A profile's mappings for values this file lacks are kept, never dropped unseen.
    chosen = {name: dict(table) for name, table in loaded.values.items()}
    if not found:
        st.caption(ingest_text.t("values_all_read", lang))
        return chosen
    st.caption(ingest_text.t("values_help", lang))
    for name, listed in found.items():
        title = ingest_text.t("value_column", lang, field=i18n.field_label(name, lang),
                              column=mapping.header_for(name))
        st.markdown(f"**{title}**")
        options, table = value_review.choices(name, lang), chosen.setdefault(name, {})
        shown = listed.head(MAX_VALUES)
        for row, column in zip(shown.itertuples(), st.columns(3) * len(shown), strict=False):
            for spelled in [text for text in table if fold(text) == row.key]:
                del table[spelled]  # the file's own spelling replaces the profile's
            with column:
                picked = _pick(ingest_text.t("value_pick", lang, text=row.text, rows=row.rows), options,
                               row.mapped, ingest_text.t("value_none", lang), K.value(sha, name, row.key) + suffix)
            if picked is not None:
                table[row.text] = picked
        if len(listed) > MAX_VALUES:
            st.caption(ingest_text.t("values_more", lang, count=len(listed) - MAX_VALUES))
    kept = sum(1 for name, table in loaded.values.items() for text in table
               if name not in found or fold(text) not in set(found[name]["key"]))
    if kept:
        st.caption(ingest_text.t("values_kept", lang, count=kept))
    return {name: table for name, table in chosen.items() if table}


def settings_section(data: bytes, file_name: str, sha: str, profile: str | None, mapping: ColumnMapping,
                     loaded: ImportSettings | None, lang: str) -> ImportSettings:
    """Value mappings, values for every row and the fiscal year start, as the user set them on the page."""
    loaded = loaded or ImportSettings()
    suffix = f"_{profile}" if profile else ""
    values = _values(data, file_name, sha, suffix, mapping, loaded, lang)

    st.subheader(ingest_text.t("constants_title", lang))
    st.caption(ingest_text.t("constants_help", lang))
    constants: dict[str, str] = {}
    offered = [*CONSTANT_FIELDS, *(n for n in loaded.constants if n not in CONSTANT_FIELDS)]
    for name, value in loaded.constants.items():
        if mapping.header_for(name) is not None:  # said, never silently dropped
            st.warning(ingest_text.t("constant_ignored", lang, field=name, value=value,
                                     column=mapping.header_for(name)))
    free = [name for name in offered if mapping.header_for(name) is None]
    for name, column in zip(free, st.columns(max(len(free), 1)), strict=False):
        label, key, before = i18n.field_label(name, lang), K.constant(sha, name) + suffix, loaded.constants.get(name)
        with column:
            options = value_review.choices(name, lang) if name in value_review.VALUE_FIELDS else {}
            if options and (before is None or before in options):
                picked = _pick(label, options, before, ingest_text.t("constant_none", lang), key)
            else:
                picked = st.text_input(label, value=before or "", key=key).strip() or None
        if picked:
            constants[name] = picked

    start = None
    if mapping.header_for("fiscal_year") is not None or loaded.fiscal_year_start:
        months = {str(m): ingest_text.t(f"month_{m}", lang) for m in range(1, 13)}
        before = str(loaded.fiscal_year_start) if loaded.fiscal_year_start else None
        box, help_text = st.columns([1, 2], vertical_alignment="bottom")
        with box:
            picked = _pick(ingest_text.t("fiscal_year_start", lang), months, before,
                           ingest_text.t("fiscal_year_none", lang), K.fiscal(sha) + suffix)
        help_text.caption(ingest_text.t("fiscal_year_help", lang))
        start = int(picked) if picked else None
    return ImportSettings(values=values, constants=constants, fiscal_year_start=start)


def check_section(store: SqlStore, data: bytes, file_name: str, *, agency: str | None, sensitivity: str,
                  mapping: ColumnMapping, settings: ImportSettings, lang: str, t: Callable[..., str]) -> None:
    """A button: the whole file checked with these settings, its sum and reasons shown; nothing written."""
    if not st.button(ingest_text.t("check_run", lang), key=K.CHECK):
        return
    try:
        report = dryrun.dry_run(store, data, file_name, agency=agency, sensitivity=sensitivity, mapping=mapping,
                                settings=settings)
    except filetypes.UnusableFile as error:
        st.error(importer.unusable_message(error, lang))
        return
    except NotAKey as error:
        st.error(error.message(lang))
        return
    st.markdown(f"**{ingest_text.t('check_title', lang, file=report.file_name)}**")
    counts = {name: i18n.format_number(getattr(report, name), lang)
              for name in ("rows", "accepted", "quarantined", "duplicates")}
    for column, name in zip(st.columns(4), counts, strict=True):
        column.metric(t(f"import_{name}"), counts[name])
    st.caption(t("import_sum", **counts) + " · " + ingest_text.t("dry_run_note", lang))
    if len(report.row_problems):
        st.dataframe(importer.reason_summary(report.row_problems, lang), hide_index=True)
