"""Vendor assets: copied from node_modules, pointed at by folium, inlined for a standalone file."""

import re
import subprocess

import folium
import folium.plugins
import pytest

from geo.maps import assets
from tests.support import external_loads


def _rendered(*plugins) -> str:
    m = folium.Map(tiles=None)
    for plugin in plugins:
        plugin.add_to(m)
    return assets.use_local_assets(m, "app/static/vendor").get_root().render()


def test_install_static_copies_every_file_and_is_idempotent(tmp_path):
    assets.install_static(tmp_path)
    root = assets.vendor_dir()
    for asset in assets.ASSETS:
        copied = tmp_path / "vendor" / asset.target
        assert copied.read_bytes() == (root / asset.package / asset.path).read_bytes(), asset
    leaflet = tmp_path / "vendor" / "leaflet-1.9.4" / "leaflet.js"
    before = leaflet.stat().st_ino, leaflet.stat().st_mtime_ns
    assets.install_static(tmp_path)
    assert (leaflet.stat().st_ino, leaflet.stat().st_mtime_ns) == before  # up to date: not rewritten


def test_install_static_repairs_a_changed_file_and_drops_old_versions(tmp_path):
    assets.install_static(tmp_path)
    leaflet = tmp_path / "vendor" / "leaflet-1.9.4" / "leaflet.js"
    leaflet.write_text("truncated")
    stale = tmp_path / "vendor" / "leaflet-1.9.3"
    stale.mkdir()
    (stale / "leaflet.js").write_text("old")
    mine = tmp_path / "vendor" / "our-own-folder"
    mine.mkdir()
    assets.install_static(tmp_path)
    assert leaflet.read_bytes() == (assets.vendor_dir() / "leaflet" / "dist" / "leaflet.js").read_bytes()
    assert not stale.exists()
    assert mine.exists()  # only folders of the vendored packages are cleaned


def test_vendor_dir_names_the_fix_when_node_modules_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "ROOT", tmp_path)
    with pytest.raises(FileNotFoundError, match="npm ci"):
        assets.vendor_dir()


def test_local_urls_list_scripts_and_stylesheets_in_load_order():
    js, css = assets.local_urls("/x/vendor")
    assert js == ["/x/vendor/leaflet-1.9.4/leaflet.js",
                  "/x/vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js",
                  "/x/vendor/leaflet-draw-1.0.4/leaflet.draw.js"]
    assert css[0] == "/x/vendor/leaflet-1.9.4/leaflet.css" and len(css) == 4


def test_use_local_assets_points_map_and_plugins_at_local_files_and_drops_the_rest():
    html = _rendered(folium.plugins.MarkerCluster(), folium.plugins.Draw())
    links = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert set(links) == {
        "app/static/vendor/leaflet-1.9.4/leaflet.js", "app/static/vendor/leaflet-1.9.4/leaflet.css",
        "app/static/vendor/leaflet.markercluster-1.5.3/leaflet.markercluster.js",
        "app/static/vendor/leaflet.markercluster-1.5.3/MarkerCluster.css",
        "app/static/vendor/leaflet.markercluster-1.5.3/MarkerCluster.Default.css",
        "app/static/vendor/leaflet-draw-1.0.4/leaflet.draw.js", "app/static/vendor/leaflet-draw-1.0.4/leaflet.draw.css",
    }
    assert external_loads(html) == []
    for word in ("jquery", "bootstrap", "awesome", "fontawesome", "glyphicons"):
        assert word not in html.lower()


def test_use_local_assets_leaves_folium_classes_alone():
    _rendered(folium.plugins.MarkerCluster())
    assert folium.Map.default_js[0][1].startswith("https://")  # other maps in the process keep their own lists
    assert folium.plugins.MarkerCluster.default_js[0][1].startswith("https://")


def test_use_local_assets_refuses_a_plugin_nobody_vendors():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(ValueError, match="Fullscreen"):
        assets.use_local_assets(m)


def test_inline_assets_leaves_no_external_url_and_contains_leaflet():
    html = assets.inline_assets(_rendered(folium.plugins.MarkerCluster(), folium.plugins.Draw()))
    assert "<script src" not in html and 'rel="stylesheet"' not in html
    # Nothing the browser would fetch: scripts, stylesheets, images, CSS url() and @import.
    # (Leaflet's attribution keeps its <a href="https://leafletjs.com">: a link, fetched only on a click.)
    assert not re.search(r"""<(?:script|img|iframe)[^>]*\ssrc\s*=\s*["']?(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"""<link[^>]*\shref\s*=\s*["']?(?:https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"@import", html)
    assert not re.search(r"url\(\s*['\"]?(?:https?:|images/)", html)  # every CSS image is a data: URI
    assert external_loads(html) == []
    assert "/* leaflet 1.9.4 */" in html and "L.Icon.Default" in html and "data:image/png;base64," in html
    assert "data:image/svg+xml;base64," in html  # leaflet-draw's spritesheet
    assert "sourceMappingURL" not in html


def test_inline_assets_refuses_a_cdn_script():
    with pytest.raises(ValueError, match="example.org"):
        assets.inline_assets('<script src="https://example.org/npm/leaflet@1.9.3/dist/leaflet.js"></script>')


def test_static_files_are_not_tracked():
    # node_modules/ and static/vendor/ are build products (npm ci, install_static), never committed.
    tracked = subprocess.run(["git", "-C", str(assets.ROOT), "ls-files", "node_modules", "static/vendor"],
                             capture_output=True, text=True, check=True).stdout
    assert tracked == ""


@pytest.mark.parametrize(
    ("html", "external"),
    [('<script src="https://example.org/leaflet.js"></script>', True),
     ('<link rel="stylesheet" href="//example.org/l.css">', True),
     ("<style>.x{background:url('https://example.org/i.png')}</style>", True),
     ('<script src="../../app/static/vendor/leaflet/leaflet.js"></script>', False),
     ('<a href="https://www.unodc.org/report">source</a>', False)],  # a link the reader may follow loads nothing
)
def test_external_loads_are_spotted(html, external):
    assert bool(external_loads(html)) is external


def test_data_files_are_written_once_and_stale_ones_removed(tmp_path):
    assets.install_data(tmp_path, [("frame-a.json", b"[1]"), ("frame-b.json", b"[2]")])
    first = (tmp_path / "data" / "frame-a.json").stat().st_mtime_ns
    assets.install_data(tmp_path, [("frame-a.json", b"[1]")])
    assert (tmp_path / "data" / "frame-a.json").stat().st_mtime_ns == first  # content-addressed: kept as is
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["frame-a.json"]
