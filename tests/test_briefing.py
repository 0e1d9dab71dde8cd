"""Briefings: figures equal independent sums, the PDF/PNG page and the PPTX deck say them, the banner is right."""

from __future__ import annotations

import io
import re
import warnings
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from geo import i18n
from geo.briefs import content as briefing
from geo.briefs import onepager as briefdoc
from geo.briefs import wording
from geo.core import schema
from tests.support import empty_records, make_records

START, END = date(2024, 1, 1), date(2024, 6, 30)
PREVIOUS = wording.previous_period(START, END)  # the six months before: 2023-07-01 .. 2023-12-31
NOW = datetime(2024, 7, 2, 9, 30, tzinfo=UTC)
URL = "https://example.org/saisie-dakar"


def window_rows(sensitivity: str = "public") -> list[dict]:
    """Cocaine (kg, one leg new with three cases), tramadol in tablets only, cannabis resin, demo cannabis herb."""
    return [
        {"date": "2024-02-10", "quantity": 120.5, "origin": "BRA", "dataset": "public", "source": URL,
         "sensitivity": sensitivity},
        {"date": "2024-03-05", "country": "GNB", "quantity": 1.5, "unit": "t", "origin": "BRA", "lat": 11.86,
         "lon": -15.6, "conveyance": "sea"},
        {"date": "2024-03-20", "country": "GNB", "quantity": 500, "origin": "BRA", "lat": 11.86, "lon": -15.6},
        {"date": "2024-04-02", "country": "GNB", "quantity": 200, "origin": "BRA", "lat": 11.86, "lon": -15.6},
        {"date": "2024-04-01", "substance": "tramadol", "country": "NER", "quantity": 12000, "unit": "tablets",
         "origin": "IND", "lat": 13.5, "lon": 2.1},
        {"date": "2024-05-01", "substance": "tramadol", "country": "NER", "quantity": 5000, "unit": "tablets",
         "origin": "NGA", "lat": 13.5, "lon": 2.1},
        {"date": "2024-05-20", "substance": "cannabis_resin", "country": "MLI", "quantity": 250, "origin": "MAR",
         "lat": 12.6, "lon": -8.0},
        {"date": "2024-06-01", "substance": "cannabis_herb", "quantity": 40, "dataset": "demo",
         "source": schema.DEMO_SOURCE},
    ]


def previous_rows(sensitivity: str = "public") -> list[dict]:
    return [
        {"date": "2023-09-01", "quantity": 800, "unit": "g", "origin": "BRA", "sensitivity": sensitivity},
        {"date": "2023-10-15", "substance": "tramadol", "country": "NER", "quantity": 3000, "unit": "tablets"},
    ]


def build(rows: list[dict], lang: str = "fr", **options) -> briefing.Briefing:
    records = schema.coerce_records(make_records(*rows))
    return briefing.build_briefing(records, lang=lang, start=START, end=END, filters_text="Pays : tous", now=NOW,
                                   **options)


def plain(value: str) -> str:
    """Text with every kind of space as one plain space, so extracted and formatted text compare."""
    return re.sub(r"\s+", " ", value.replace("\u202f", " ").replace("\xa0", " "))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 2  # the one-pager and its detailed tables
    return plain(" ".join(page.extract_text() for page in reader.pages))


def independent_totals(rows: list[dict]) -> dict[str, dict[str, float]]:
    """kg and cases per substance of the window, summed directly from the input rows."""
    factors = {"kg": 1.0, "t": 1000.0, "g": 0.001}
    totals: dict[str, dict[str, float]] = {}
    for row in make_records(*rows).to_dict("records"):
        if not START <= date.fromisoformat(row["date"]) <= END:
            continue
        entry = totals.setdefault(row["substance"], {"kg": 0.0, "cases": 0, "tablets": 0})
        entry["cases"] += 1
        entry["kg"] += row["quantity"] * factors.get(row["unit"], 0.0)
        entry["tablets"] += row["quantity"] if row["unit"] == "tablets" else 0
    return totals


ROWS = window_rows() + previous_rows()
OLD_CONFIDENTIAL = {"date": "2022-01-01", "substance": "heroin", "quantity": 2, "sensitivity": "confidential"}


@pytest.fixture(scope="module")
def french() -> briefing.Briefing:
    return build([*ROWS, OLD_CONFIDENTIAL], "fr")


@pytest.fixture(scope="module")
def french_pdf(french) -> bytes:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        content = briefdoc.render_pdf(french)
    assert not [w for w in caught if "missing from font" in str(w.message)]
    return content


# --- the data ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_key_figures_equal_an_independent_sum(french):
    expected = independent_totals(ROWS)
    figures = french.key_figures.set_index("substance")
    assert set(figures.index) == set(expected)  # the 2022 heroin record is in neither window
    for substance, totals in expected.items():
        assert figures.at[substance, "kg"] == pytest.approx(totals["kg"])
        assert figures.at[substance, "cases"] == totals["cases"]
        assert figures.at[substance, "tablets"] == totals["tablets"]
    assert figures.at["cocaine", "kg_before"] == pytest.approx(0.8)
    assert figures.at["cocaine", "change"] == pytest.approx((120.5 + 1500 + 500 + 200) / 0.8)
    # Tramadol is counted, not weighed: its change is in tablets (17 000 now, 3 000 before).
    assert (figures.at["tramadol", "basis"], figures.at["tramadol", "change"]) == ("tablets", 17000 / 3000)
    assert figures.index[0] == "cocaine"  # heaviest first


@pytest.mark.slow
def test_briefing_states_its_window_sources_and_demo_records(french):
    assert (french.start, french.end, french.previous) == (START, END, PREVIOUS)
    assert (french.period_text, french.previous_text) == ("janv. 2024 – juin 2024", "juil. 2023 – déc. 2023")
    assert french.generated_at == NOW
    assert french.demo_records == 1
    assert french.sources[0] == "sen-ocrtis"  # agency records without a source are the agency's own
    assert set(french.sources) == {"sen-ocrtis", URL, "démonstration synthétique"}
    assert len(french.records) == len(window_rows())
    assert french.granularity == "month" and set(french.series["key"]) == set(independent_totals(ROWS))


@pytest.mark.slow
def test_routes_are_the_maps_legs_and_the_new_leg_is_emerging(french):
    assert ("BRA", "GNB") in set(zip(french.emerging["from_iso3"], french.emerging["to_iso3"]))
    cocaine = french.top_routes.loc[french.top_routes["substance"] == "cocaine"]
    assert list(cocaine["rank"]) == [1, 2] and cocaine.iloc[0]["to_name"] == "Guinée-Bissau"
    assert cocaine.iloc[0]["kg"] == pytest.approx(2200)
    assert french.largest_flow == pytest.approx(2200)
    assert len(french.legs) and french.legs.geometry.notna().all()
    # Each substance's slide draws its own legs, a counted one's too (the demo herb record has no route).
    assert set(french.substance_legs["substance"]) == {"cocaine", "tramadol", "cannabis_resin"}


@pytest.mark.slow
@pytest.mark.parametrize(("rows", "sensitivity", "banner"), [
    (ROWS, None, None),
    ([*ROWS, OLD_CONFIDENTIAL], None, None),  # before the previous window: included nowhere
    (window_rows("restricted") + previous_rows(), "restricted", "DIFFUSION RESTREINTE / RESTRICTED"),
    (window_rows("restricted") + previous_rows("confidential"), "confidential", "CONFIDENTIEL / CONFIDENTIAL"),
])
def test_banner_is_the_highest_sensitivity_included(rows, sensitivity, banner):
    built = build(rows, "en")
    assert (built.sensitivity, built.banner) == (sensitivity, banner)


@pytest.mark.slow
def test_default_window_is_the_last_complete_period_and_an_empty_window_renders():
    records = schema.coerce_records(make_records(*ROWS))
    yearly = briefing.build_briefing(records, lang="en", now=NOW)
    assert (yearly.start, yearly.end, yearly.period_text) == (date(2023, 1, 1), date(2023, 12, 31), "2023")  # 2024 runs
    built = briefing.build_briefing(records, lang="en", now=NOW, granularity="quarter")
    assert (built.start, built.end) == (date(2024, 4, 1), date(2024, 6, 30))  # Q2 ended on 30 June, before NOW
    assert (built.period_text, built.previous_text) == ("Q2 2024", "Q1 2024")
    assert built.title == "Drug seizures in West Africa and the Sahel"  # four substances: too many to name
    assert built.filters_text == "none (every record)"
    two = briefing.build_briefing(records.loc[records["substance"].isin(["tramadol", "cocaine"])], lang="en",
                                  granularity="quarter")
    assert two.title == "Drug seizures in West Africa and the Sahel: Cocaine, Tramadol"  # heaviest first
    empty = briefing.build_briefing(records, lang="en", start=date(2030, 1, 1), end=date(2030, 3, 31), now=NOW)
    assert empty.key_figures.empty and empty.top_routes.empty and empty.banner is None
    assert "No emerging route" in pdf_text(briefdoc.render_pdf(empty))


@pytest.mark.slow
def test_a_briefing_without_any_record_still_renders():
    empty = briefing.build_briefing(empty_records(), lang="fr", now=NOW)
    assert (empty.start, empty.end) == (date(2023, 1, 1), date(2023, 12, 31))  # the last complete year
    assert empty.key_figures.empty and empty.sources == () and empty.largest_flow is None
    assert "Aucune route émergente" in pdf_text(briefdoc.render_pdf(empty))
    assert len(Presentation(io.BytesIO(briefdoc.render_pptx(empty))).slides) == 2


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'de'"):
        build(ROWS, "de")


# --- the page ---------------------------------------------------------------------------------
@pytest.mark.slow
def test_pdf_states_title_period_and_every_key_figure(french, french_pdf):
    content = pdf_text(french_pdf)
    comparison = "janv. 2024 – juin 2024 par rapport à juil. 2023 – déc. 2023"
    for expected in (french.title, french.headline, comparison, "Filtres : Pays : tous", "Cocaïne",
                     "Générée le 2 juil. 2024 à 09:30 UTC", "Brésil → Guinée-Bissau"):
        assert plain(expected) in content
    for substance, totals in independent_totals(ROWS).items():
        # A key-figure row reads "label kg cases …"; a counted substance without mass shows "–" for kg.
        kg = i18n.format_number(totals["kg"], "fr", 1) if totals["kg"] else "–"
        assert plain(f"{schema.substance_label(substance, 'fr')} {kg} {totals['cases']}") in content
    assert plain(i18n.format_number(2320.5, "fr", 1)) in content  # kg of cocaine: 120,5 + 1 500 + 500 + 200
    assert "12 000" not in content and "17 000" in content  # tablets summed per substance


@pytest.mark.slow
def test_demo_warning_and_sources_are_on_the_page(french_pdf):
    content = pdf_text(french_pdf)
    assert "Attention : inclut 1 saisie synthétique de démonstration sur la période janv. 2024 – juin 2024" in content
    assert "1 saisies" not in content
    assert URL in content and "démonstration synthétique" in content


@pytest.mark.slow
def test_banner_on_the_page_exactly_when_restricted_records_are_included(french_pdf):
    assert "RESTREINT" not in pdf_text(french_pdf) and "CONFIDENTIEL" not in pdf_text(french_pdf)
    restricted = pdf_text(briefdoc.render_pdf(build(window_rows("restricted") + previous_rows(), "en")))
    assert restricted.count("DIFFUSION RESTREINTE / RESTRICTED") == 4  # top and bottom of both pages


@pytest.mark.slow
def test_english_page_reads_in_english_without_missing_glyphs():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        content = pdf_text(briefdoc.render_pdf(build(ROWS, "en")))
    assert not [w for w in caught if "missing from font" in str(w.message)]
    for expected in ("Jan 2024 – Jun 2024 vs Jul 2023 – Dec 2023", "Cocaine", "2,320.5", "Brazil → Guinea-Bissau",
                     "Warning: includes 1 synthetic demo record over Jan 2024 – Jun 2024"):
        assert expected in content


@pytest.mark.slow
def test_png_is_a4_landscape(french):
    image = Image.open(io.BytesIO(briefdoc.render_png(french, dpi=60)))
    assert image.format == "PNG"
    assert image.size[0] / image.size[1] == pytest.approx(297 / 210, rel=0.01)
    assert image.size == (round(11.69 * 60), round(8.27 * 60))


# --- the deck ---------------------------------------------------------------------------------
def slide_texts(content: bytes) -> list[str]:
    """All text of each slide: text boxes and table cells."""
    texts = []
    for slide in Presentation(io.BytesIO(content)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            elif shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        texts.append(plain(" | ".join(parts)))
    return texts


@pytest.mark.slow
def test_deck_has_a_title_slide_one_per_substance_and_a_routes_slide():
    built = build(window_rows("restricted") + previous_rows(), "en")
    slides = slide_texts(briefdoc.render_pptx(built))
    substances = list(built.key_figures["label"])
    assert len(slides) == 1 + len(substances) + 1
    assert built.title in slides[0] and "Period: Jan 2024 – Jun 2024" in slides[0] and built.headline in slides[0]
    assert "Filters: Pays : tous" in slides[0]
    for text, label in zip(slides[1:-1], substances):
        assert text.startswith(label)
    assert "2,320.5" in slides[1] and "Brazil → Guinea-Bissau" in slides[1]
    assert "17,000" in slides[substances.index("Tramadol") + 1]
    assert "Main route legs" in slides[-1] and "Emerging routes" in slides[-1]
    assert all(text.count("DIFFUSION RESTREINTE / RESTRICTED") == 2 for text in slides)
    assert all("includes 1 synthetic demo record " in text for text in slides)  # one: singular


@pytest.mark.slow
def test_deck_has_no_banner_for_public_data_and_keeps_french_accents(french):
    content = briefdoc.render_pptx(french)
    slides = slide_texts(content)
    assert not any("RESTREINT" in text or "CONFIDENTIEL" in text for text in slides)
    assert "Période : janv. 2024 – juin 2024" in slides[0]
    assert slides[1].startswith("Cocaïne")
    shapes = Presentation(io.BytesIO(content)).slides[1].shapes
    assert [shape.shape_type for shape in shapes].count(MSO_SHAPE_TYPE.PICTURE) == 1  # the map; the rest is text
