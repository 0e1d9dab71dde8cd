"""The minister's one-pager: a headline, periods as people say them, six substances, and no two words overlapping.

Word positions are read back from the PDF (pdfplumber), in both languages, with figures at 10^9 scale:
a column too narrow for its numbers, or two headers run together ("Mass (kg)Seizures"), fails here.
"""

from __future__ import annotations

import io
import itertools
from datetime import UTC, date, datetime

import matplotlib as mpl
import pdfplumber
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from geo.briefs import content as briefing
from geo.briefs import onepager, wording
from geo.core import schema
from tests.support import make_records

pytestmark = pytest.mark.slow  # PDFs rendered and read back
NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
# Nine weighed substances: six on the first page, three and tramadol "others".
SUBSTANCES = ("cocaine", "cannabis_resin", "cannabis_herb", "heroin", "methamphetamine", "ephedrine",
              "khat", "precursors_unspecified", "synthetic_cannabinoids")
HUGE = 1.23456789e9  # kg


def huge_records() -> list[dict]:
    """Every substance at 10^9 scale in 2025 and 2024, on long-named legs; tablets by the billion; a new leg."""
    rows = []
    for i, substance in enumerate(SUBSTANCES):
        for year, factor in ((2024, 1.0), (2025, 0.8 + 0.1 * i)):
            rows.append({"date": f"{year}-0{1 + i % 9}-15", "substance": substance, "quantity": HUGE * factor,
                         "country": "NER", "lat": 13.5, "lon": 2.1, "origin": "VEN", "destination": "CIV"})
    rows += [{"date": "2025-05-02", "substance": "tramadol", "quantity": 1.49e9, "unit": "tablets", "country": "NER",
              "lat": 13.5, "lon": 2.1, "origin": "IND"},
             {"date": "2024-05-02", "substance": "tramadol", "quantity": 2.0e9, "unit": "tablets", "country": "NER",
              "lat": 13.5, "lon": 2.1, "origin": "IND"},
             {"date": "2025-06-01", "quantity": HUGE, "country": "NER", "lat": 13.5, "lon": 2.1, "origin": "BRA",
              "transit": "MLI", "destination": "LBY", "source": "https://www.unodc.org/documents/a-very-long-path/"
                                                                 "seizures-report-2025-west-africa.pdf"}]
    return rows


@pytest.fixture(scope="module")
def huge() -> dict[str, briefing.Briefing]:
    records = schema.coerce_records(make_records(*huge_records()))
    return {lang: briefing.build_briefing(records, lang=lang, start=YEAR[0], end=YEAR[1], now=NOW)
            for lang in ("fr", "en")}


def drawn_tokens(built: briefing.Briefing) -> set[str]:
    """Every whitespace-separated token of every text the pages draw (titles, cells, ticks, legends)."""
    with mpl.rc_context(onepager._RC):
        figures = onepager.pages(built)
        for figure in figures:  # tick labels are written when drawn
            FigureCanvasAgg(figure).draw()
    return {token for figure in figures for text in figure.findobj(Text) for token in text.get_text().split()}


def overlapping(words: list[dict], tolerance: float = 0.4) -> list[tuple[str, str]]:
    """Pairs of words whose boxes intersect by more than ``tolerance`` points both ways."""
    pairs = []
    for a, b in itertools.combinations(words, 2):
        dx = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
        dy = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
        if dx > tolerance and dy > tolerance:
            pairs.append((a["text"], b["text"]))
    return pairs


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_two_words_overlap_or_run_together_at_a_billion(huge, lang):
    built = huge[lang]
    pdf = onepager.render_pdf(built)
    tokens = drawn_tokens(built)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 2  # the one-pager and its detailed tables
        for page in document.pages:
            words = page.extract_words(x_tolerance=1.0, y_tolerance=1.0, keep_blank_chars=False)
            assert len(words) > 60
            assert overlapping(words) == [], f"page {page.page_number}"
            # A word the page did not draw as such is two texts run together ("(kg)Seizures").
            merged = [w["text"] for w in words if not any(w["text"] in token for token in tokens)]
            assert merged == [], f"page {page.page_number}"
            sizes = {round(char["size"], 1) for char in page.chars if not _inside_map(char, page)}
            assert min(sizes) >= 9.0, f"page {page.page_number}: body type under 9 pt"


def _inside_map(char: dict, page) -> bool:
    """The map's own labels and keys (drawn by geo.maps.static) are not the page's body type."""
    return page.page_number == 1 and char["x1"] < 0.49 * page.width and char["top"] > 0.15 * page.height


def test_the_headline_says_the_leading_substance_its_change_and_what_is_new(huge):
    fr, en = huge["fr"], huge["en"]
    lead = fr.key_figures.iloc[0]
    change = wording.signed_percent((lead["kg"] / lead["kg_before"] - 1) * 100, "en")  # independent of the page
    assert en.headline.startswith(f"{en.key_figures.iloc[0]['label']}: ")
    assert f"seized in 2025, {change} on 2024" in en.headline
    assert fr.headline.split(" : ")[1].startswith(wording.amount_words(lead["kg"], "kg", "fr"))
    assert "saisies en 2025" in fr.headline and "par rapport à 2024" in fr.headline
    with pdfplumber.open(io.BytesIO(onepager.render_pdf(en))) as document:
        first = document.pages[0].extract_text()
    assert en.headline.split(";")[0] in first.replace("\n", " ")


def test_the_first_page_shows_six_substances_then_others_and_the_total(huge):
    table = onepager._summary_table(huge["en"])
    names = [row[0] for row in table.rows]
    assert len(names) == 6 + 2 and names[-2] == "Others (4)" and names[-1] == "Total"
    assert table.headers[2:4] == ["2025", "2024"]


def test_periods_are_named_as_people_say_them():
    assert wording.period_name(date(2025, 7, 1), date(2025, 9, 30), "fr") == "T3 2025"
    assert wording.period_name(date(2025, 7, 1), date(2025, 9, 30), "en") == "Q3 2025"
    assert wording.previous_period(date(2025, 7, 1), date(2025, 9, 30)) == (date(2025, 4, 1), date(2025, 6, 30))
    assert wording.period_name(*wording.previous_period(*YEAR), "fr") == "2024"  # not "2 janv. 2024 – 31 déc. 2024"


@pytest.mark.parametrize(("value", "basis", "lang", "text"), [
    (1, "cases", "fr", "1 saisie"), (2, "cases", "fr", "2 saisies"), (1, "cases", "en", "1 seizure"),
    (0, "cases", "en", "0 seizures"), (1, "tablets", "fr", "1 comprimé"), (1.49e9, "tablets", "fr",
                                                                            "1,49 milliard de comprimés"),
    (2.5e9, "tablets", "en", "2.50 billion tablets"), (9_200, "kg", "fr", "9,2 t"), (850, "kg", "en", "850 kg"),
])
def test_amounts_take_their_plural(value, basis, lang, text):
    assert wording.amount_words(value, basis, lang) == text


@pytest.mark.parametrize(("now", "before", "text"), [(80, 100, "▼ −20 %"), (120, 100, "▲ +20 %"),
                                                     (100, 100, "= 0 %"), (5, 0, "new"), (0, 0, "–")])
def test_a_change_is_a_signed_percentage_with_its_arrow(now, before, text):
    assert wording.change_cell(now, before, "en") == text


def ten_billion_rows() -> list[dict]:
    """Key-figure totals of 10^10 kg (five substances) and 10^8 tablets, both years, long country names."""
    rows = []
    for i, substance in enumerate(SUBSTANCES[:5]):
        for year, factor in ((2024, 0.7), (2025, 1.0)):
            rows.append({"date": f"{year}-0{1 + i}-10", "substance": substance, "quantity": 2.0e9 * factor + i,
                         "country": "CIV", "lat": 5.3, "lon": -4.0, "origin": "VEN", "destination": "GNB"})
    rows += [{"date": f"{year}-07-01", "substance": "tramadol", "quantity": tablets, "unit": "tablets",
              "country": "GNB", "lat": 11.86, "lon": -15.6, "origin": "IND"}
             for year, tablets in ((2024, 9.87654321e7), (2025, 1.23456789e8))]
    return rows


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_key_figures_keep_their_columns_apart_at_ten_billion_kg(lang):
    records = schema.coerce_records(make_records(*ten_billion_rows()))
    built = briefing.build_briefing(records, lang=lang, start=YEAR[0], end=YEAR[1], now=NOW)
    window = records.loc[records["date"].dt.year == 2025]
    assert window.loc[window["unit"] == "kg", "quantity_kg"].sum() == pytest.approx(1.0e10, rel=1e-6)  # the scale
    assert built.key_figures["kg"].sum() == pytest.approx(window["quantity_kg"].fillna(0).sum())
    assert built.key_figures["tablets"].sum() == pytest.approx(1.23456789e8, rel=1e-6)
    tokens = drawn_tokens(built)
    with pdfplumber.open(io.BytesIO(onepager.render_pdf(built))) as document:
        for page in document.pages:
            words = page.extract_words(x_tolerance=1.0, y_tolerance=1.0, keep_blank_chars=False)
            assert overlapping(words) == [], f"page {page.page_number}"
            merged = [w["text"] for w in words if not any(w["text"] in token for token in tokens)]
            assert merged == [], f"page {page.page_number}: texts run together"
        first = document.pages[0]
        # The key-figures table: every word right of the map; its rows' cells stay apart by at least a space.
        table = [w for w in first.extract_words(x_tolerance=1.0, y_tolerance=1.0) if w["x0"] > 0.5 * first.width]
        for row_top in {round(w["top"]) for w in table}:
            cells = sorted((w for w in table if round(w["top"]) == row_top), key=lambda w: w["x0"])
            gaps = [b["x0"] - a["x1"] for a, b in zip(cells, cells[1:], strict=False)]
            assert min(gaps, default=2.0) > 1.0, [w["text"] for w in cells]
    total = onepager._summary_table(built).rows[-1]
    assert total[2] == wording.mass_number(1.0e10, "t", lang)  # "10 M" t: the total as the table writes it
