"""Drive the Map page in Chromium (Playwright's async API) for ``bench_page`` and ``bench_room``.

What counts as "drawn" is read inside the leaflet iframe, by feature detection, so the script keeps
working while the page changes (faster or slower, other layer mechanics):

- loaded: the Leaflet map holds layers and, where the page swaps layer groups (``window.feature_group``,
  streamlit-folium's mechanism), at least three of them are on the map;
- a step: the period heading drawn in the map (``.cl-period-box .cl-cap-h``) shows another period,
  where the page has one, and the swapped groups are all new ones (else: a layer newer than any before);
- a filter change: the same, without the heading (the period may stay).

Then two animation frames (Leaflet's canvas renderer draws on the next one). Widgets are found by their
visible labels and roles only ("◀", the multiselects' labels, ``option`` roles). The websocket is read
too: each ``rerun_script`` BackMsg sent and each ``script_finished`` ForwardMsg received is timed, which
gives the server's share of a step (rerun sent → script finished received, loopback).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

MAP_FRAME = "streamlit_folium.st_folium"
EXCEPTION_BOX = "stException"
LANG = "fr"
# The map's state inside the leaflet iframe (null before Leaflet is there).
STATE_JS = """() => {
  const m = window.map_div;  // the div of that id until Leaflet's map takes the name: wait for the map
  if (!m || !window.L || typeof m.eachLayer !== 'function' || typeof m.hasLayer !== 'function') return null;
  const h = document.querySelector('.cl-period-box .cl-cap-h');
  let top = 0, count = 0;
  m.eachLayer(l => { count++; top = Math.max(top, L.stamp(l)); });
  const groups = Array.isArray(window.feature_group)
    ? window.feature_group.filter(g => m.hasLayer(g)).map(g => L.stamp(g)) : null;
  return {heading: h ? h.innerText.trim() : null, groups, top, count};
}"""
# Whether the map is drawn (before === null) or has changed since ``before`` (a STATE_JS value + wantHeading).
DRAWN_JS = """before => {
  const state = (STATE)();
  if (state === null || state.count === 0) return false;
  if (before === null) return state.groups === null || state.groups.length >= 3;
  if (before.wantHeading && before.heading !== null && state.heading === before.heading) return false;
  if (before.groups !== null && state.groups !== null)
    return state.groups.length >= 3 && state.groups.every(id => !before.groups.includes(id));
  return state.top > before.top;
}""".replace("STATE", STATE_JS)
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
IDLE_JS = "() => !document.querySelector('[data-testid=stStatusWidget]')"


class BenchTimeout(Exception):
    """A wait of the benchmark ran out of time (counted as an error, never as a figure)."""


@dataclass
class Wire:
    """What crossed one page's Streamlit websocket: reruns asked, scripts finished, bytes, errors."""

    reruns: list[float] = field(default_factory=list)  # perf_counter when a rerun_script BackMsg left
    finished: list[float] = field(default_factory=list)  # perf_counter when a script_finished arrived
    received: int = 0
    errors: list[str] = field(default_factory=list)
    closing: bool = False

    def attach(self, page) -> None:
        page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        if "_stcore/stream" not in socket.url:
            return
        socket.on("framesent", self._sent)
        socket.on("framereceived", self._received)
        socket.on("socketerror", lambda error: self.errors.append(f"websocket error: {error}"))
        socket.on("close", lambda _: self.closing or self.errors.append("websocket closed by the server"))

    def _sent(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            message = BackMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "rerun_script":
                self.reruns.append(time.perf_counter())

    def _received(self, payload: bytes | str) -> None:
        self.received += len(payload)
        if isinstance(payload, bytes):
            message = ForwardMsg()
            message.ParseFromString(payload)
            if message.WhichOneof("type") == "script_finished":
                self.finished.append(time.perf_counter())

    def server_share(self, since: float) -> tuple[float, int]:
        """Seconds from the first rerun asked after ``since`` to the next script finished; reruns since then.

        NaN when no rerun (or no finish) was seen.
        """
        asked = [t for t in self.reruns if t >= since]
        if not asked:
            return float("nan"), 0
        done = [t for t in self.finished if t >= asked[0]]
        return (done[0] - asked[0] if done else float("nan")), len(asked)

    def settled(self) -> bool:
        """Every rerun asked has had its script finished (or superseded)."""
        return len(self.finished) >= len(self.reruns)


@dataclass
class Session:
    """One browser context on the Map page."""

    context: object
    page: object
    wire: Wire
    errors: list[str] = field(default_factory=list)

    async def close(self) -> None:
        self.wire.closing = True
        with contextlib.suppress(Exception):  # the browser may already be gone (Ctrl-C, a crash)
            await self.context.close()

    def leaflet_frame(self):
        return next((f for f in self.page.frames if MAP_FRAME in f.url and not f.is_detached()), None)

    async def state(self) -> dict | None:
        frame = self.leaflet_frame()
        return await frame.evaluate(STATE_JS) if frame is not None else None

    async def wait_drawn(self, before: dict | None, deadline: float, polling: str | int = "raf") -> None:
        """Wait until the map is drawn (``before`` None) or changed since ``before``, then two frames."""
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise BenchTimeout("the map was not drawn (or did not change) in time")
            frame = self.leaflet_frame()
            if frame is None:
                await asyncio.sleep(0.05)
                continue
            try:
                await frame.wait_for_function(DRAWN_JS, arg=before, timeout=remaining * 1000, polling=polling)
                await frame.evaluate(TWO_FRAMES_JS)
                return
            except Exception as error:  # noqa: BLE001 - the iframe was replaced: look for the new one
                if "Timeout" in type(error).__name__ or "Timeout" in str(error)[:200]:
                    raise BenchTimeout("the map was not drawn (or did not change) in time") from error
                await asyncio.sleep(0.05)

    async def wait_idle(self, deadline: float) -> None:
        """Wait until Streamlit shows no running status and every rerun asked has finished."""
        while time.perf_counter() < deadline:
            if self.wire.settled():
                with contextlib.suppress(Exception):  # a navigation under way: ask again
                    if await self.page.evaluate(IDLE_JS):
                        return
            await asyncio.sleep(0.1)
        raise BenchTimeout("the app did not become idle in time")

    async def exceptions(self) -> int:
        """How many exception boxes the page shows."""
        return await self.page.get_by_test_id(EXCEPTION_BOX).count()


async def open_session(browser, url: str, timeout_s: float, *, viewport: tuple[int, int] = (1400, 900),
                       polling: str | int = "raf") -> tuple[Session, float]:
    """A new context on the Map page; seconds from navigation until the map is drawn."""
    context = await browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="fr-FR")
    page = await context.new_page()
    # Loopback only: anything else is aborted (the app must not need the internet anyway).
    await page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:|about:)"), lambda route: route.abort())
    wire = Wire()
    wire.attach(page)
    session = Session(context, page, wire)
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    started = time.perf_counter()
    deadline = started + timeout_s
    await page.goto(f"{url}/?lang={LANG}", wait_until="domcontentloaded", timeout=timeout_s * 1000)
    await session.wait_drawn(None, deadline, polling)
    return session, time.perf_counter() - started


@dataclass
class Step:
    """One measured interaction: browser seconds until drawn, the server's share, reruns, what it showed."""

    browser: float
    server: float
    reruns: int
    heading: str | None
    received: int


async def _measured(session: Session, before: dict | None, act, timeout_s: float,
                    polling: str | int) -> Step:
    received = session.wire.received
    started = time.perf_counter()
    deadline = started + timeout_s
    await act()
    await session.wait_drawn(before, deadline, polling)
    browser = time.perf_counter() - started
    await session.wait_idle(deadline)  # trailing reruns (the map component's value) belong to this step
    server, reruns = session.wire.server_share(started)
    after = await session.state()
    return Step(browser, server, reruns, (after or {}).get("heading"), session.wire.received - received)


async def step_back(session: Session, timeout_s: float, polling: str | int = "raf") -> Step:
    """Click "◀" and wait until the map shows the previous period."""
    before = await session.state()
    if before is None:
        raise BenchTimeout("no map to step")
    before["wantHeading"] = True
    return await _measured(session, before, session.page.get_by_role("button", name="◀").click, timeout_s, polling)


async def pick_filter(session: Session, label: str, option: str, timeout_s: float,
                      polling: str | int = "raf") -> Step:
    """Choose ``option`` in the multiselect labelled ``label``; wait until the map is redrawn."""
    page = session.page
    before = await session.state()
    if before is None:
        raise BenchTimeout("no map to filter")
    before["wantHeading"] = False
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    await box.click()
    await box.get_by_role("combobox").fill(option)  # the list is long (and virtual): narrow it first
    choice = page.get_by_role("option", name=option, exact=True)
    await choice.wait_for(timeout=30_000)
    step = await _measured(session, before, choice.click, timeout_s, polling)
    await page.keyboard.press("Escape")
    return step
