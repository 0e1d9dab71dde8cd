"""A ``folium.GeoJson`` whose rendered script is never read as a Jinja template again.

branca's ``MacroElement.render`` renders an element's script macro and then wraps the
*output* in ``Element(text)``, which compiles that text as a new Jinja template and
renders it again when the page is assembled. Record text inside the GeoJSON data
(a ``notes`` value such as ``{{ cycler.__init__.__globals__.os.popen('id').read() }}``)
would then run on the server, and ``{%`` alone would crash the map. Escaping HTML does
not help: braces are not HTML. :class:`LiteralGeoJson` adds its output as a
:class:`Literal`, so data stays data. Every GeoJSON layer the dashboard draws is one
(a test walks the built maps to check). Skipping that second compilation also saves
about 0.2 s a map, most of it spent lexing large GeoJSON scripts.
"""

from __future__ import annotations

import folium
from branca.element import Element, MacroElement
from jinja2 import Template


class Literal(Element):
    """Text rendered exactly as given."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        """Return the text itself; never a template."""
        return self.text


class LiteralMacroElement(MacroElement):
    """``MacroElement.render`` with the macros' output added as :class:`Literal` text."""

    def render(self, **kwargs: object) -> None:
        """Add the header, html and script parts to the figure as they are, then render the children."""
        figure = self.get_root()
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Literal(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class LiteralGeoJson(folium.GeoJson, LiteralMacroElement):
    """``folium.GeoJson`` rendered through :class:`LiteralMacroElement` (same arguments).

    The method order puts the literal render just below folium's own ``render`` steps
    (GeoJson's style maps, Layer's add-to-map statement, Class includes).
    """

    def load_from(self, url: str) -> None:
        """Let the browser fetch the features from ``url`` instead of carrying them in the page.

        For reference layers that never change: the dashboard then re-sends a few
        kilobytes per slider step instead of the basemap (needs :class:`DataLoader`).
        """
        self.data = {"type": "FeatureCollection", "features": [], LOAD_FROM_KEY: url}


LOAD_FROM_KEY = "couloirsUrl"


class DataLoader(MacroElement):
    """Teaches Leaflet's GeoJSON layers to load a :meth:`LiteralGeoJson.load_from` URL.

    folium's own remote loading needs jQuery; this uses ``fetch``. Styles travel in
    each feature's ``style`` property (see :mod:`geo.maps.layers`), applied on arrival
    because folium's ``setStyle`` call ran before the features came.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            if (L.GeoJSON.prototype.couloirsAddData) { return; }
            var addData = L.GeoJSON.prototype.addData;
            L.GeoJSON.prototype.couloirsAddData = addData;
            L.GeoJSON.prototype.addData = function (data) {
                if (!data || !data.""" + LOAD_FROM_KEY + """) { return addData.call(this, data); }
                var layer = this;
                fetch(data.""" + LOAD_FROM_KEY + """).then(function (response) {
                    if (!response.ok) { throw new Error("map data " + response.status + ": " + response.url); }
                    return response.json();
                }).then(function (loaded) {
                    addData.call(layer, loaded);
                    layer.eachLayer(function (child) {
                        var style = child.feature && child.feature.properties.style;
                        if (style && child.setStyle) { child.setStyle(style); }
                    });
                });
                return this;
            };
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "DataLoader"
