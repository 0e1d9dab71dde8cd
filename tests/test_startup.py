"""``ui.startup``: once per served process, never elsewhere, the app's objects leave the collector's walks and the
allocator's arenas are capped."""

from __future__ import annotations

import gc
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest


def test_a_process_without_a_streamlit_runtime_freezes_nothing():
    from ui import startup

    frozen = gc.get_freeze_count()
    assert not startup.settle()  # a test process (AppTest, scripts) keeps collecting what it discards
    assert gc.get_freeze_count() == frozen


ARENAS_OF_SIX_THREADS = """
import ctypes, os, sys, tempfile, threading
from ui import startup
if sys.argv[1] == "capped":
    assert startup.limit_malloc_arenas(2)
barrier = threading.Barrier(6)
kept = []

def work():
    kept.append([bytes(4000) for _ in range(50)])  # above Python's small-object limit: malloc's own blocks
    barrier.wait()  # six threads alive at once, each having asked malloc for memory

threads = [threading.Thread(target=work) for _ in range(6)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL(None)
libc.fdopen.restype, libc.fdopen.argtypes = ctypes.c_void_p, [ctypes.c_int, ctypes.c_char_p]
libc.malloc_info.argtypes, libc.fclose.argtypes = [ctypes.c_int, ctypes.c_void_p], [ctypes.c_void_p]
with tempfile.TemporaryFile() as report:
    stream = libc.fdopen(os.dup(report.fileno()), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    report.seek(0)
    print(report.read().count(b"<heap nr="))
"""


def arenas_after_six_threads(mode: str) -> int:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("MALLOC_ARENA_MAX", None)
    done = subprocess.run([sys.executable, "-c", ARENAS_OF_SIX_THREADS, mode], capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    return int(done.stdout.strip())


def test_the_allocator_keeps_two_arenas_however_many_threads_run_at_once():
    if platform.libc_ver()[0] != "glibc":
        pytest.skip("malloc arenas are glibc's")
    # Uncapped, glibc gives each of the six live threads an arena of its own (up to 8 per core): memory a room
    # of sessions frees in one of them stays with the process.
    assert arenas_after_six_threads("free") >= 4
    assert arenas_after_six_threads("capped") <= 2


def test_an_arena_limit_set_by_the_deployment_is_left_alone(monkeypatch):
    from ui import startup

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert not startup.limit_malloc_arenas()
