"""Pure helpers of the page and room benchmarks: percentiles, /proc parsing, process-tree sampling, tables.

No browser, no Streamlit: ``tests/test_benchmarks_support.py`` checks them. Memory and CPU come from
psutil when it is installed, else from ``/proc`` (Linux), which is all a Debian server needs.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def percentile(values: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, interpolated linearly between ranks (numpy's default).

    NaN for no values: a benchmark reports "no figure" rather than inventing one.
    """
    ordered = sorted(values)
    if not ordered:
        return math.nan
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0..100")
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Iterable[float]) -> float:
    """The 50th percentile (NaN for none)."""
    return percentile(values, 50)


def rss_bytes_from_status(text: str) -> int:
    """Resident memory in bytes from the text of ``/proc/PID/status`` (its ``VmRSS:  123 kB`` line).

    0 when the line is missing (a zombie has none); ValueError for a line that does not read as kB.
    """
    for line in text.splitlines():
        if line.startswith("VmRSS:"):
            parts = line.split()
            if len(parts) != 3 or parts[2] != "kB" or not parts[1].isdigit():
                raise ValueError(f"unexpected VmRSS line in /proc status: {line!r}")
            return int(parts[1]) * 1024
    return 0


def parent_and_cpu_from_stat(text: str, ticks: int = CLOCK_TICKS) -> tuple[int, float]:
    """The parent pid and CPU seconds (user + system) from the text of ``/proc/PID/stat``.

    The command name (2nd field) is in parentheses and may hold spaces or parentheses itself, so the
    fields are counted from its last ``)``: then state, ppid, ... utime (14th field), stime (15th).
    """
    rest = text[text.rindex(")") + 2:].split()
    return int(rest[1]), (int(rest[11]) + int(rest[12])) / ticks


def descendants(root: int, parents: dict[int, int]) -> set[int]:
    """``root`` and every process below it, given each pid's parent."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:  # the process ended between the listing and the read
        return None


def process_table() -> dict[int, tuple[int, float, int]]:
    """Every process visible now: pid -> (parent pid, CPU seconds, resident bytes)."""
    try:
        import psutil
    except ImportError:
        psutil = None
    table: dict[int, tuple[int, float, int]] = {}
    if psutil is not None:
        for proc in psutil.process_iter(["ppid", "cpu_times", "memory_info"]):
            info = proc.info
            if info["cpu_times"] is not None and info["memory_info"] is not None:
                times = info["cpu_times"]
                table[proc.pid] = (info["ppid"], times.user + times.system, info["memory_info"].rss)
        return table
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        stat, status = _read(entry / "stat"), _read(entry / "status")
        if stat is None or status is None:
            continue
        parent, cpu = parent_and_cpu_from_stat(stat)
        table[int(entry.name)] = (parent, cpu, rss_bytes_from_status(status))
    return table


@dataclass
class TreeSample:
    """One sample of a process tree: when (monotonic seconds), resident bytes of all its processes."""

    at: float
    rss: int


@dataclass
class TreeSampler:
    """Samples, every ``interval`` seconds in a thread, the RSS and CPU of process trees.

    ``roots`` name the trees (e.g. ``{"server": streamlit_pid}``); ``exclude`` removes a tree from
    another (the client is this process's tree minus the server's). CPU of a process that ended is
    kept at its last sampled value, so short-lived renderers still count (up to one interval's worth).
    """

    roots: dict[str, int]
    exclude: dict[str, str] = field(default_factory=dict)
    interval: float = 0.5
    samples: dict[str, list[TreeSample]] = field(default_factory=dict)
    _cpu: dict[str, dict[int, float]] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        """Take one sample now."""
        table = process_table()
        parents = {pid: row[0] for pid, row in table.items()}
        trees = {name: descendants(root, parents) for name, root in self.roots.items()}
        for name, other in self.exclude.items():
            trees[name] = trees[name] - trees[other]
        now = time.monotonic()
        for name, pids in trees.items():
            self.samples.setdefault(name, []).append(TreeSample(now, sum(table[p][2] for p in pids if p in table)))
            seen = self._cpu.setdefault(name, {})
            for pid in pids:
                if pid in table:
                    seen[pid] = table[pid][1]

    def cpu_seconds(self, name: str) -> float:
        """CPU seconds the tree ``name`` used (its processes' totals at their last sample)."""
        return sum(self._cpu.get(name, {}).values())

    def rss(self, name: str, start: float = -math.inf, end: float = math.inf) -> list[int]:
        """The tree's resident bytes sampled between monotonic times ``start`` and ``end``."""
        return [s.rss for s in self.samples.get(name, []) if start <= s.at <= end]

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self) -> TreeSampler:
        """Start sampling in a daemon thread (one sample at once)."""
        self.sample()
        self._thread = threading.Thread(target=self._run, name="tree-sampler", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread, after one last sample."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.sample()


def within(after: float, before: float, fraction: float = 0.10) -> bool:
    """Whether ``after`` is back within ``fraction`` (default 10 %) above ``before``."""
    return after <= before * (1 + fraction)


def seconds(value: float) -> str:
    """``1.23 s``, or ``—`` for no figure (NaN)."""
    return "—" if math.isnan(value) else f"{value:.2f} s"


def megabytes(size: float) -> str:
    """``1,234 MB`` (10^6 bytes), or ``—`` for no figure."""
    return "—" if math.isnan(size) else f"{size / 1e6:,.0f} MB"


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table (as the README shows figures); every row must have one cell per header."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for number, row in enumerate(rows, 1):
        if len(row) != len(headers):
            raise ValueError(f"row {number} has {len(row)} cells for {len(headers)} columns: {row!r}")
        lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
    return "\n".join(lines)


def tree_usage(root: int) -> tuple[float, int]:
    """CPU seconds (user + system, of the processes alive now) and resident bytes of ``root`` and its children."""
    table = process_table()
    pids = descendants(root, {pid: row[0] for pid, row in table.items()})
    return sum(table[p][1] for p in pids if p in table), sum(table[p][2] for p in pids if p in table)


def pss_bytes_from_rollup(text: str) -> int:
    """Proportional resident memory in bytes from the text of ``/proc/PID/smaps_rollup`` (its ``Pss:`` line).

    A page shared by n processes counts 1/n in each, so the sum over a tree counts each page once.

    >>> pss_bytes_from_rollup("Rss:  2048 kB\\nPss:  1024 kB\\nShared_Clean: 0 kB\\n")
    1048576
    """
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) * 1024
    raise ValueError("no Pss line in /proc smaps_rollup")


def tree_pss(root: int) -> int:
    """Proportional resident bytes of ``root`` and its children (each shared page counted once)."""
    table = process_table()
    total = 0
    for pid in descendants(root, {pid: row[0] for pid, row in table.items()}):
        text = _read(PROC / str(pid) / "smaps_rollup")
        total += pss_bytes_from_rollup(text) if text else 0
    return total


def child_with(words: Sequence[str], root: int | None = None) -> int | None:
    """The pid of a process below ``root`` (default: this one) whose command line holds every one of ``words``."""
    root = os.getpid() if root is None else root
    table = process_table()
    for pid in sorted(descendants(root, {p: row[0] for p, row in table.items()}) - {root}):
        command = (_read(PROC / str(pid) / "cmdline") or "").replace("\0", " ")
        if all(word in command for word in words):
            return pid
    return None


def shown_store(location: str | None) -> str | None:
    """A store's location fit to print: a PostgreSQL URL without its password."""
    if location and "://" in location:
        from geo.store.postgis import redact

        return redact(location)
    return location


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())
