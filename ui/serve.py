"""``python -m ui.serve [streamlit options]``: ``streamlit run app.py``, ready before its first visitor.

Streamlit runs nothing of the app before a browser connects, so a fresh server's first visitor used to wait for
what every later one finds done (~2 s of server CPU at a million records): the imports of app.py and of the Map
page (pandas, geopandas, folium: ~0.9 s), then the open demo's first map (:mod:`ui.map_warmup`), started only
once those imports were over. This launcher does both from the start, in a background thread, while Streamlit
starts its server:

- once Streamlit's runtime exists (the page's caches and the component registry are the runtime's), it imports
  the modules that app.py and the default page (``pages/map.py``) import, read from their source so the list
  cannot drift from the pages, and registers the map's component they declare;
- it opens the store, seeding an empty one as the first run would, and, in the open demo (no ``[auth]``
  secrets section), starts the warm-up of its first map: the view a URL without parameters opens, in the
  server's language, for the open demo's viewer, through the page's own cached functions (nothing is built
  for a viewer who may see less than another).

A failure there costs only the head start (logged): the first run then does the work itself and shows whatever
error the store gives. The options are Streamlit's own (``--server.port``, ``--secrets.files``...) and so is
the configuration (``.streamlit/config.toml``). It also caps the C allocator's arenas before any thread exists
(:func:`ui.startup.limit_malloc_arenas`). ``streamlit run app.py`` still works, without the head start.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
FIRST_SCRIPTS = (APP, ROOT / "pages" / "map.py")  # what a first visitor runs: the app and its default page
RUNTIME_WAIT_S = 120.0
_LOG = logging.getLogger(__name__)


def script_imports(paths: Iterable[Path]) -> list[str]:
    """The modules the scripts at ``paths`` import (absolute imports; ``from ui import common`` gives ``ui.common``)."""
    names: list[str] = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.append(node.module)
                names += [f"{node.module}.{alias.name}" for alias in node.names if _is_module(node.module, alias.name)]
    return list(dict.fromkeys(names))


def _is_module(package: str, name: str) -> bool:
    try:
        return importlib.util.find_spec(f"{package}.{name}") is not None
    except (ImportError, ValueError):  # ``package`` is a module, not a package: ``name`` is an attribute
        return False


def prepare(runtime_wait_s: float = RUNTIME_WAIT_S) -> bool:
    """Import what the first run imports, then open the store and warm the open demo's first map.

    ``True`` when the warm-up was started; ``False`` when only the imports (and perhaps the store) were done:
    a signed-in deployment, no Streamlit runtime in time, or a store that failed to open.
    """
    from streamlit import runtime

    deadline = time.monotonic() + runtime_wait_s
    while not runtime.exists():  # the page's caches and the component registry are the runtime's
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    for name in script_imports(FIRST_SCRIPTS):
        importlib.import_module(name)
    register_components(runtime.get_instance().component_registry)
    from geo.access.identity import Session
    from ui import common, identity, map_warmup

    try:
        common.get_store()  # the first run's opening (and seeding of an empty store), once per process
    except Exception:  # noqa: BLE001 - the first run opens it again and shows the store's error page
        _LOG.warning("the store did not open at start-up; the first visitor's run will say why", exc_info=True)
        return False
    if identity.auth_section():  # signed-in deployment: a visitor's class is known only at sign-in
        return False
    demo = Session.open_demo()
    return map_warmup.start(demo.viewer, demo=demo.demo)


def register_components(registry) -> list[str]:
    """Register the custom components (the map's ``st_folium``) that modules imported so far declared.

    Streamlit registers a component only when it is declared during a run; imported here, before any run, the
    module is not imported again by the first run, and the browser's request for the component would get a 404.
    """
    from streamlit.components.v1.custom_component import CustomComponent

    declared = {id(value): value for module in list(sys.modules.values())
                for value in list(getattr(module, "__dict__", {}).values()) if isinstance(value, CustomComponent)}
    for component in declared.values():
        registry.register_component(component)
    return sorted(component.name for component in declared.values())


def _prepare_in_background() -> None:
    try:
        prepare()
    except Exception:  # noqa: BLE001 - only a head start
        _LOG.warning("start-up preparation failed; the first visitor's run does the work", exc_info=True)


def main(argv: list[str]) -> None:
    """Serve app.py with Streamlit's command line, ``argv`` being ``streamlit run``'s options."""
    from ui import startup

    startup.limit_malloc_arenas()  # before Streamlit starts any thread
    threading.Thread(target=_prepare_in_background, name="couloirs-prepare", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
