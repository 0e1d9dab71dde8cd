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
