"""Leaflet and its plugins, served by the app itself: the map renders with no internet.

folium points every map at CDNs (Leaflet, jQuery, Bootstrap, awesome-markers, Font
Awesome); offline, ``st_folium`` then shows nothing at all (docs/architecture.md, "Offline maps"). The browser
code comes instead from npm packages pinned in ``package.json`` and installed by
``npm ci`` into ``node_modules/`` (never committed, never a CDN). This module knows
which of their files the map needs and

* copies them to ``static/vendor/`` (:func:`install_static`), which Streamlit serves at
  ``/app/static/vendor/...`` when ``server.enableStaticServing`` is on;
* points a folium map and its plugins at those copies and drops what the map never
  uses (:func:`use_local_assets`);
* inlines them into one standalone HTML file for an export (:func:`inline_assets`).

Each package lives in a folder named after its version (``leaflet-1.9.4/``), so an
upgrade changes every URL and no browser keeps a stale cached copy.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from branca.element import Element
from folium.elements import JSCSSMixin

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_JSON = ROOT / "package.json"
STATIC_DIR = ROOT / "static"
# Relative to the page that loads the scripts. st_folium draws the map in an iframe served
# at <app>/component/streamlit_folium.st_folium/index.html, so "../../app/static/vendor"
# reaches <app>/app/static/vendor with or without a server.baseUrlPath; "app/static/vendor"
# would resolve inside /component/ and 404 (measured with streamlit 1.67, streamlit-folium 0.27.4).
DEFAULT_BASE = "../../app/static/vendor"
# Where the map's reference-layer files are served (see geo.maps.timeline.frame_data), seen from the same iframe.
DATA_BASE = "../../app/static/data"
FIX = ("run `npm ci --no-audit --no-fund` (or `make run`) in the project folder (Node.js and npm are needed; "
       "see README)")


@dataclass(frozen=True)
class Asset:
    """One file the browser loads, or an image a stylesheet of the same package references.

    Attributes:
        package: npm package name (a key of ``package.json``'s dependencies).
        path: path inside the package folder in ``node_modules``.
        kind: ``"js"``, ``"css"`` or ``"image"``.
        name: the name folium gives the link (``default_js``/``default_css``), so a
            page that already has it does not load it twice; blank for images.
    """

    package: str
    path: str
    kind: str
    name: str = ""

    @property
    def target(self) -> str:
        """Path under the vendor folder: the package folder carries the version."""
        folder = f"{self.package}-{pinned_versions()[self.package]}"
        # Images keep their images/ folder: the stylesheets reference them as url(images/...).
        return f"{folder}/images/{Path(self.path).name}" if self.kind == "image" else f"{folder}/{Path(self.path).name}"


ASSETS: tuple[Asset, ...] = (
    Asset("leaflet", "dist/leaflet.js", "js", "leaflet"),
    Asset("leaflet", "dist/leaflet.css", "css", "leaflet_css"),
    # leaflet.css references the layers icons; L.Icon.Default reads the marker icons' folder from it.
    *(Asset("leaflet", f"dist/images/{image}", "image") for image in (
        "layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png")),
    Asset("leaflet.markercluster", "dist/leaflet.markercluster.js", "js", "markerclusterjs"),
    Asset("leaflet.markercluster", "dist/MarkerCluster.css", "css", "markerclustercss"),
    Asset("leaflet.markercluster", "dist/MarkerCluster.Default.css", "css", "markerclusterdefaultcss"),
    Asset("leaflet-draw", "dist/leaflet.draw.js", "js", "leaflet_draw_js"),
    Asset("leaflet-draw", "dist/leaflet.draw.css", "css", "leaflet_draw_css"),
    *(Asset("leaflet-draw", f"dist/images/{image}", "image") for image in (
        "spritesheet.png", "spritesheet-2x.png", "spritesheet.svg")),
)
_BY_NAME = {asset.name: asset for asset in ASSETS if asset.name}
# folium's links for things this map never uses: jQuery and Bootstrap (folium's own templates
# do not need them), awesome-markers and the icon fonts (we draw symbols as SVG and canvas).
DROPPED = frozenset({
    "jquery", "bootstrap", "awesome_markers", "bootstrap_css", "glyphicons_css", "awesome_markers_font_css",
    "awesome_markers_css", "awesome_rotate_css",
})
_ICON_IMAGES = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png", "shadowUrl": "marker-shadow.png"}


@lru_cache(maxsize=1)
def pinned_versions() -> dict[str, str]:
    """Exact versions ``package.json`` pins, by package name.

    >>> pinned_versions()["leaflet"]
    '1.9.4'
    """
    dependencies = json.loads(PACKAGE_JSON.read_text(encoding="utf-8"))["dependencies"]
    return {name: str(version) for name, version in dependencies.items()}


class MissingAssets(FileNotFoundError):
    """``node_modules`` is missing or stale: the one-line message names the fix (``npm ci`` or ``make run``)."""


def vendor_dir() -> Path:
    """The ``node_modules`` folder holding the pinned packages.

    Raises:
        MissingAssets: a package is missing or its installed version differs from
            ``package.json``; the message names the fix (``npm ci``).
    """
    folder = ROOT / "node_modules"
    for package, version in pinned_versions().items():
        manifest = folder / package / "package.json"
        if not manifest.is_file():
            raise MissingAssets(f"map assets: {manifest} is missing: {FIX}")
        installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        if installed != version:
            raise MissingAssets(
                f"map assets: {package} {installed} is installed but package.json pins {version}: {FIX}")
    return folder


def install_static(static_dir: Path) -> None:
    """Copy the vendor files to ``static_dir/vendor/``; cheap when they are already there.

    A file is copied only when its size or modification time differs from the
    source, through a temporary file and an atomic rename so that a browser (or a
    second server process doing the same) never reads half a file. Folders of other
    versions of the same packages are removed.

    Args:
        static_dir: the folder Streamlit serves at ``/app/static`` (``./static``).

    Raises:
        FileNotFoundError: ``node_modules`` is missing or stale (see :func:`vendor_dir`).
    """
    source_root = vendor_dir()
    vendor = Path(static_dir) / "vendor"
    for asset in ASSETS:
        source = source_root / asset.package / asset.path
        target = vendor / asset.target
        stat = source.stat()
        if target.is_file():
            current = target.stat()
            if current.st_size == stat.st_size and current.st_mtime_ns == stat.st_mtime_ns:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        os.close(handle)
        shutil.copy2(source, temporary)  # copy2 keeps the mtime that the next call compares
        os.replace(temporary, target)
    current_folders = {asset.target.split("/")[0] for asset in ASSETS}
    for folder in vendor.iterdir():
        stale = folder.is_dir() and folder.name not in current_folders
        if stale and any(folder.name.startswith(f"{package}-") for package in pinned_versions()):
            shutil.rmtree(folder)


def install_data(static_dir: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write ``(name, content)`` files to ``static_dir/data/`` unless there (names are content hashes).

    Each file goes through a temporary file and an atomic rename, like the vendor files;
    files no longer listed are removed.
    """
    folder = Path(static_dir) / "data"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = dict(files)
    for name, content in wanted.items():
        target = folder / name
        if target.is_file():
            continue
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    for stale in folder.glob("*.json"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)


def _url(asset: Asset, base: str) -> str:
    return f"{base.rstrip('/')}/{asset.target}"


def local_urls(base: str = "app/static/vendor") -> tuple[list[str], list[str]]:
    """URLs of every vendor script and stylesheet under ``base``, in load order.

    The default is the path from the app's root; a map inside st_folium needs
    :data:`DEFAULT_BASE` (see there).

    >>> js, css = local_urls("/app/static/vendor")
    >>> js[0]
    '/app/static/vendor/leaflet-1.9.4/leaflet.js'
    >>> css[0]
    '/app/static/vendor/leaflet-1.9.4/leaflet.css'
    """
    return ([_url(a, base) for a in ASSETS if a.kind == "js"], [_url(a, base) for a in ASSETS if a.kind == "css"])


def _localise(links: list[tuple[str, str]], base: str, owner: str) -> list[tuple[str, str]]:
    localised = []
    for name, url in links:
        if name in DROPPED:
            continue
        if name not in _BY_NAME:
            raise ValueError(f"map assets: {owner} asks for {name!r} ({url}), which no npm package in "
                             "package.json provides: add the package and an entry to geo.maps.assets.ASSETS")
        localised.append((name, _url(_BY_NAME[name], base)))
    return localised


def _walk(element: Element):
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)


def use_local_assets(element: Element, base: str = DEFAULT_BASE) -> Element:
    """Point ``element`` (a map) and every plugin in it at the local vendor files.

    Rewrites ``default_js``/``default_css`` on the instances found in the element
    tree (never on folium's classes: another map built in the same process, e.g. by
    another Streamlit session, must not change), keeps the links this project
    vendors and drops the ones the map does not need (:data:`DROPPED`). Call it after
    the last layer or plugin is added.

    Args:
        element: a ``folium.Map`` (or any element whose tree holds the plugins).
        base: URL prefix of the vendor folder: :data:`DEFAULT_BASE` for a map shown
            by st_folium, anything for an export that :func:`inline_assets` inlines.

    Returns:
        ``element``, for chaining.

    Raises:
        ValueError: a plugin needs a file that no vendored package provides.
    """
    for node in _walk(element):
        if isinstance(node, JSCSSMixin):
            owner = type(node).__name__
            node.default_js = _localise(list(node.default_js), base, owner)
            node.default_css = _localise(list(node.default_css), base, owner)
    return element


def _data_uri(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(asset: Asset, root: Path) -> str:
    css = (root / asset.package / asset.path).read_text(encoding="utf-8")
    folder = (root / asset.package / asset.path).parent

    def replace(match: re.Match[str]) -> str:
        reference = match.group(2)
        if reference.startswith(("data:", "#")):
            return match.group(0)
        return f"url({_data_uri(folder / reference)})"

    css = re.sub(r"url\((['\"]?)([^'\")]+)\1\)", replace, css)
    return css.replace("</style", "<\\/style")


def _icon_script(root: Path) -> str:
    """Give L.Icon.Default data: URIs: it otherwise derives a folder from leaflet.css's url()."""
    images = root / "leaflet" / "dist" / "images"
    options = {option: _data_uri(images / file) for option, file in _ICON_IMAGES.items()}
    return f"L.Icon.Default.imagePath = '';L.Icon.Default.mergeOptions({json.dumps(options)});"


_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>\s*</script\s*>", re.IGNORECASE)
_STYLESHEET = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']stylesheet[\"'][^>]*>", re.IGNORECASE)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def _asset_for(url: str) -> Asset:
    for asset in ASSETS:
        if url == asset.target or url.endswith("/" + asset.target):
            return asset
    raise ValueError(f"map assets: {url} is not a vendored file; a standalone map cannot load it offline "
                     "(build the map with geo.maps.assets.use_local_assets)")


def inline_assets(html: str) -> str:
    """One standalone HTML file: every vendor script and stylesheet inlined.

    Images that stylesheets reference become ``data:`` URIs, so the file opens with
    no network and no other file (an e-mail attachment). Raises rather than leave a
    script or stylesheet that would need the internet.

    Args:
        html: a page rendered from a map passed through :func:`use_local_assets`
            (``m.get_root().render()``), whatever ``base`` it used.

    Returns:
        The same page with no ``<script src>`` and no ``<link rel="stylesheet">``.

    Raises:
        ValueError: the page links a script or stylesheet that is not a vendored file.
        FileNotFoundError: ``node_modules`` is missing (see :func:`vendor_dir`).
    """
    root = vendor_dir()

    def script(match: re.Match[str]) -> str:
        asset = _asset_for(match.group(1))
        code = (root / asset.package / asset.path).read_text(encoding="utf-8").replace("</script", "<\\/script")
        code = _SOURCE_MAP.sub("", code)  # no .map file travels with the export: devtools would ask for it
        extra = _icon_script(root) if asset.name == "leaflet" else ""
        return f"<script>/* {asset.package} {pinned_versions()[asset.package]} */\n{code}\n{extra}</script>"

    def stylesheet(match: re.Match[str]) -> str:
        href = _HREF.search(match.group(0))
        if href is None:
            raise ValueError(f"map assets: stylesheet link without href: {match.group(0)}")
        asset = _asset_for(href.group(1))
        return f"<style>/* {asset.package} {pinned_versions()[asset.package]} */\n{_inline_css(asset, root)}</style>"

    return _STYLESHEET.sub(stylesheet, _SCRIPT.sub(script, html))


if __name__ == "__main__":  # `python -m geo.maps.assets [STATIC_DIR]`: what `make` runs after `npm ci`
    import sys

    install_static(Path(sys.argv[1]) if len(sys.argv) > 1 else STATIC_DIR)
