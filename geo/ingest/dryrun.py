"""An import checked to the end and written nowhere: ``geo import --dry-run``.

The file is read, mapped, parsed and located exactly as :func:`geo.ingest.pipeline.import_bytes`
would, and the duplicates are counted against the store as it stands (a stored record id, or an
earlier row of the file with the same id), so the sum printed is the one the import would give:
``rows == accepted + quarantined + duplicates``. No batch, record, quarantine row or audit line is
written.
"""

from __future__ import annotations

from geo.i18n import ingest as ingest_text
from geo.ingest import pipeline
from geo.ingest.keys import check_key
from geo.ingest.mapping import ColumnMapping, suggest_mapping
from geo.ingest.readers import filetypes
from geo.ingest.readers.tables import RawTable
from geo.ingest.settings import ImportSettings
from geo.store import SqlStore


def dry_run(store: SqlStore, data: bytes, file_name: str | None = None, *, agency: str | None = None,
            sensitivity: str | None = None, mapping: ColumnMapping | None = None,
            settings: ImportSettings | None = None, table: RawTable | None = None) -> pipeline.ImportReport:
    """What importing ``data`` would do, without writing (arguments as :func:`~geo.ingest.pipeline.import_bytes`).

    Raises:
        geo.ingest.readers.tables.UnusableFile: the file cannot be imported at all.
        geo.ingest.keys.NotAKey: the column mapped to ``source_ref`` is not a key.
    """
    name = filetypes.display_name(file_name)
    digest = pipeline.sha256(data)
    settings = settings or ImportSettings()
    earlier = store.find_batch(digest, agency)
    if earlier is not None:
        rows = int(store.batches().set_index("batch_id").loc[earlier, "rows"])
        return pipeline.ImportReport(name, digest, filetypes.detect_format(data, file_name), rows, 0, 0, rows,
                                     earlier, already_imported=True, settings=settings, dry_run=True)
    table = table if table is not None else pipeline.read(data, file_name)
    mapping = settings.apply(mapping or suggest_mapping(list(table.frame.columns)))
    check_key(table.frame, mapping)
    checked = pipeline.check_rows(table, mapping, agency=agency, sensitivity=sensitivity, settings=settings)
    records = checked.records  # typed by the check already
    ids = records["record_id"]
    repeated = ids.duplicated(keep="first")
    stored = store.stored_ids(ids[~repeated].tolist())
    duplicates = int((repeated | ids.isin(stored)).sum())
    quarantined = len(checked.quarantined)
    return pipeline.ImportReport(
        name, digest, table.format, len(records) + quarantined, len(records) - duplicates, quarantined, duplicates,
        "", mapping=pipeline.used_columns(mapping), details=dict(table.details), row_problems=checked.row_problems,
        warnings=checked.warnings, settings=settings, dry_run=True)


def mapping_text(report: pipeline.ImportReport, lang: str) -> str:
    """The mapping an import used, as lines: header -> field, then value mappings, constants, fiscal year."""
    lines = [ingest_text.t("mapping_used", lang)]
    for header, name in report.mapping.items():
        lines.append(f"  {header} -> {name or ingest_text.t('not_imported', lang)}")
    if report.settings.values:
        lines.append(ingest_text.t("values_used", lang))
        lines += [f"  {name}: {text} = {target}" for name, table in report.settings.values.items()
                  for text, target in table.items()]
    if report.settings.constants:
        lines.append(ingest_text.t("constants_used", lang))
        lines += [f"  {name} = {value}" for name, value in report.settings.constants.items()]
    if report.settings.fiscal_year_start:
        lines.append(ingest_text.t("fiscal_year_used", lang, month=report.settings.fiscal_year_start))
    return "\n".join(lines)
