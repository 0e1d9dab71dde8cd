"""The page and room benchmarks' pure helpers (benchmarks/page_support.py): no browser, no server, fast."""

import math
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from benchmarks import page_support as support

STATUS = """Name:\tstreamlit
Umask:\t0022
State:\tS (sleeping)
Pid:\t4242
PPid:\t4200
VmPeak:\t 2048000 kB
VmRSS:\t  531244 kB
RssAnon:\t  500000 kB
Threads:\t12
"""


@pytest.mark.parametrize("q", [0, 5, 50, 90, 95, 100])
def test_percentile_matches_numpy_linear_interpolation(q):
    rng = random.Random(q)
    for size in (1, 2, 7, 20, 200):
        values = [rng.uniform(0.05, 30) for _ in range(size)]
        assert support.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_of_a_room_of_twenty_loads():
    loads = [float(n) for n in range(1, 21)]  # 1 s .. 20 s
    assert support.median(loads) == 10.5
    assert support.percentile(loads, 95) == pytest.approx(19.05)  # rank 18.05 between 19 s and 20 s


def test_percentile_without_values_is_no_figure_and_bad_q_is_refused():
    assert math.isnan(support.percentile([], 50))
    assert support.seconds(support.median([])) == "—"
    with pytest.raises(ValueError, match="outside 0..100"):
        support.percentile([1.0], 101)


def test_resident_memory_is_read_from_proc_status_in_bytes():
    assert support.rss_bytes_from_status(STATUS) == 531244 * 1024
    assert support.rss_bytes_from_status("Name:\tzombie\nState:\tZ (zombie)\n") == 0
    with pytest.raises(ValueError, match="VmRSS"):
        support.rss_bytes_from_status("VmRSS:\t12 MB\n")


def test_parent_and_cpu_survive_a_command_name_with_spaces_and_parentheses():
    fields = ["S", "4200"] + ["0"] * 9 + ["250", "50"] + ["0"] * 30  # state, ppid, ..., utime 14th, stime 15th
    text = "4242 (python (streamlit) run) " + " ".join(fields)
    assert support.parent_and_cpu_from_stat(text, ticks=100) == (4200, 3.0)


def test_descendants_follow_the_tree_and_skip_other_branches():
    parents = {10: 1, 11: 10, 12: 11, 13: 10, 20: 1, 21: 20}
    assert support.descendants(10, parents) == {10, 11, 12, 13}
    assert support.descendants(21, parents) == {21}


def test_memory_back_within_ten_percent():
    assert support.within(550e6, 500e6)
    assert support.within(550e6 - 1, 500e6)
    assert not support.within(551e6, 500e6)


def test_markdown_table_and_a_short_row():
    table = support.markdown_table(["figure", "p50"], [["load", support.seconds(1.234)], ["rss", "530 MB"]])
    assert table.splitlines() == ["| figure | p50 |", "|---|---|", "| load | 1.23 s |", "| rss | 530 MB |"]
    with pytest.raises(ValueError, match="row 2 has 1 cells for 2 columns"):
        support.markdown_table(["a", "b"], [["1", "2"], ["3"]])
    assert support.megabytes(1_234_567_890) == "1,235 MB"


def test_the_sampler_sees_a_child_and_keeps_it_out_of_the_client_tree():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert support.child_with(["sys.stdin.read()"]) == child.pid
        sampler = support.TreeSampler(roots={"child": child.pid, "client": os.getpid()},
                                      exclude={"client": "child"})
        sampler.sample()
        assert sampler.rss("child")[-1] > 0 and sampler.rss("client")[-1] > 0
        assert support.tree_usage(os.getpid())[1] > sampler.rss("child")[-1]  # the whole tree holds the child
        assert child.pid in sampler._cpu["child"] and child.pid not in sampler._cpu["client"]
    finally:
        child.communicate(b"")


def test_a_postgis_store_is_printed_without_its_password():
    assert support.shown_store("postgresql://couloirs_app:s3cret@127.0.0.1:5432/couloirs") == \
        "postgresql://couloirs_app@127.0.0.1:5432/couloirs"
    assert support.shown_store("/tmp/scale/scale-10000.gpkg") == "/tmp/scale/scale-10000.gpkg"
