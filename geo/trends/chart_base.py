"""What every Altair chart of the Trends page shares: colours, sizes, number and date locales, title and subtitle.

Split from :mod:`geo.trends.charts` so that the chart modules (:mod:`geo.trends.series_chart`,
:mod:`geo.trends.change_chart`) and it draw alike.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.core.schema import substance_label
from geo.i18n import trends as trend_text
from geo.trends.chart_text import ChartContext, substance_colour, subtitle

# Okabe–Ito colours: told apart with the common colour-vision deficiencies.
STATUS_COLOURS = {"emerging": "#d55e00", "fading": "#0072b2", "stable": "#999999"}
STATUS_SHAPES = {"emerging": "triangle-up", "fading": "triangle-down", "stable": "circle"}  # as ▲ ▼ in the tables
CONVEYANCE_COLOURS = {"land": "#e69f00", "sea": "#0072b2", "air": "#56b4e9", "mail": "#cc79a7", "unknown": "#bbbbbb"}
WINDOW_COLOUR = "#fbc02d"
COUNTRY_COLOUR = "#455a64"
FACET_WIDTH, FACET_HEIGHT, FACET_COLUMNS = 220, 110, 3
BAR_STEP, CONCAT_WIDTH, LABEL_LIMIT, EMPTY_HEIGHT = 22, 480, 260, 140
# Bar charts size by their number of bars; Streamlit fits a fixed height to the whole chart, titles included,
# which squeezes the bars out when they are few.
BAR_HEIGHT = alt.Step(BAR_STEP)
# Grouped thousands in the locale, trailing zeros trimmed (Vega's default axis format groups nothing).
NUMBER_FORMAT = ",~f"
# Vega formats axis numbers and dates itself: without a locale a French axis would read "1,000" and "Jan".
LOCALES = {
    "fr": alt.Locale(
        number=alt.NumberLocale(decimal=",", thousands="\u202f", grouping=[3], currency=["", "\u00a0€"],
                                percent="\u202f%"),
        time=alt.TimeLocale(
            dateTime="%A %e %B %Y à %X", date="%d/%m/%Y", time="%H:%M:%S", periods=["AM", "PM"],
            days=["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
            shortDays=["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
            months=["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
                    "octobre", "novembre", "décembre"],
            shortMonths=["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
                         "déc."],
        ),
    ),
    "en": alt.Locale(number=alt.NumberLocale(decimal=".", thousands=",", grouping=[3], currency=["$", ""])),
}


def check(value: str, allowed: tuple[str, ...], name: str) -> None:
    """Refuse a parameter outside its choices, naming it and them."""
    if value not in allowed:
        raise ValueError(f"{name} {value!r} is not one of {', '.join(allowed)}")


def finish(chart: alt.TopLevelMixin, title: str, context: ChartContext, notes: list[str] | None = None
           ) -> alt.TopLevelMixin:
    """Title, period subtitle (then ``notes``, one a line) and number/date locale: what every chart carries."""
    lines = [*subtitle(context), *(notes or [])]
    titled = chart.properties(title=alt.TitleParams(text=title, subtitle=lines, anchor="start"))
    return titled.configure(locale=LOCALES[context.lang])


def empty(title: str, context: ChartContext) -> alt.Chart:
    """A chart that says there is nothing to show, with the title and period of the one it stands for."""
    message = pd.DataFrame({"message": [trend_text.t("no_data", context.lang)]})
    chart = alt.Chart(message).mark_text(fontSize=14, color="#666666").encode(text=alt.Text("message:N"))
    return finish(chart.properties(width="container", height=EMPTY_HEIGHT), title, context)


def substance_colours(substance_ids: pd.Series, lang: str) -> alt.Color:
    """Colour by ``substance_label``: each substance of ``substance_ids`` in its vocabulary colour."""
    labels = sorted((substance_label(str(s), lang), str(s)) for s in pd.unique(substance_ids))
    scale = alt.Scale(domain=[label for label, _ in labels], range=[substance_colour(s) for _, s in labels])
    return alt.Color("substance_label:N", scale=scale, legend=alt.Legend(title=trend_text.t("col_substance", lang)))


def amount_axis(title: str, counted: bool = False) -> alt.Axis:
    """A quantity axis titled ``title``, numbers grouped in the locale; a ``counted`` one ticks on whole numbers.

    Each label centred on its tick: Streamlit's theme would push the end labels ("0") inwards.
    """
    if counted:
        return alt.Axis(title=title, format=NUMBER_FORMAT, labelFlush=False, tickMinStep=1)
    return alt.Axis(title=title, format=NUMBER_FORMAT, labelFlush=False)


def tip(field: str, title: str) -> alt.Tooltip:
    """A tooltip line showing ``field`` as text (numbers are pre-formatted in the language)."""
    return alt.Tooltip(field, type="nominal", title=title)
