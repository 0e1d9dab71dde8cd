"""``ui.startup``: the app's imported objects leave the collector's walks once per served process, never elsewhere."""

from __future__ import annotations

import gc


def test_a_process_without_a_streamlit_runtime_freezes_nothing():
    from ui import startup

    frozen = gc.get_freeze_count()
    assert not startup.settle()  # a test process (AppTest, scripts) keeps collecting what it discards
    assert gc.get_freeze_count() == frozen
