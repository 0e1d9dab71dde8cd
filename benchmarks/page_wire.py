"""A Map page session spoken straight over Streamlit's websocket (no browser), for ``bench_room --wire``.

Twenty Chromium pages drawing Leaflet maps cost a 2-core machine more CPU than the server they measure, so
this client sends what the browser would send (``BackMsg.rerun_script`` with the query string; a click on
"◀" as that button's trigger in the fragment it belongs to) and times each run until the server's
``script_finished`` message. It measures the server's side only: nothing is drawn. The button is found by
its label in the page's elements; the period shown is read from the select slider's value, so a step that
does not move the period is an error, not a figure.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
BACK_LABEL = "◀"


class WireTimeout(Exception):
    """The server did not finish a run in time."""


class WireSession:
    """One Streamlit session over its websocket."""

    def __init__(self, url: str, query: str = "lang=fr") -> None:
        self.url, self.query = url, query
        self.socket = None
        self.reader: asyncio.Task | None = None
        self.finished = asyncio.Event()
        self.status: int | None = None
        self.back: tuple[str, str] | None = None  # the "◀" button's widget id and fragment id
        self.period: str | None = None  # the select slider's shown option
        self.exceptions: list[str] = []
        self.errors: list[str] = []
        self.received = 0

    async def __aenter__(self) -> WireSession:
        from websockets.asyncio.client import connect

        address = self.url.replace("http://", "ws://", 1) + "/_stcore/stream"
        # No protocol pings (a browser sends none): a server busy running 20 scripts answers them late, and the
        # client library would then drop a connection the server still serves.
        self.socket = await connect(address, subprotocols=["streamlit"], origin=self.url, max_size=None,
                                    open_timeout=60, ping_interval=None)
        self.reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader
        if self.socket is not None:
            with contextlib.suppress(Exception):
                await self.socket.close()

    async def _read(self) -> None:
        try:
            async for payload in self.socket:
                self.received += len(payload)
                message = ForwardMsg()
                message.ParseFromString(payload)
                kind = message.WhichOneof("type")
                if kind == "delta":
                    self._element(message.delta)
                elif kind == "script_finished":
                    self.status = message.script_finished
                    if message.script_finished in DONE:
                        self.finished.set()
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a broken socket is a figure (an error) of the session
            self.errors.append(f"websocket error: {type(error).__name__}: {error}")
            self.finished.set()

    def _element(self, delta) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "button" and element.button.label == BACK_LABEL:
            self.back = (element.button.id, delta.fragment_id)
        elif kind == "slider" and element.slider.options:  # a select_slider: options are its labels
            slider = element.slider
            # The shown option's label (raw_value), else its index (value when set, else default).
            values = list(slider.value) if slider.set_value and slider.value else list(slider.default)
            self.period = (slider.raw_value[0] if slider.raw_value
                           else slider.options[int(values[0])] if values else None)
        elif kind == "exception":
            self.exceptions.append(element.exception.message[:200])

    async def rerun(self, widgets: list[WidgetState], fragment_id: str = "", timeout_s: float = 180) -> float:
        """Ask a run (as the browser does) and return the seconds until its script finished."""
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.widget_states.widgets.extend(widgets)
        if fragment_id:
            message.rerun_script.fragment_id = fragment_id
        self.finished.clear()
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        try:
            await asyncio.wait_for(self.finished.wait(), timeout_s)
        except TimeoutError as error:
            raise WireTimeout(f"no script_finished within {timeout_s:.0f} s") from error
        if self.errors:
            raise WireTimeout(self.errors[-1])
        return time.perf_counter() - started

    async def load(self, timeout_s: float) -> float:
        """The page's first run (what the browser asks when it connects)."""
        return await self.rerun([], timeout_s=timeout_s)

    async def step_back(self, timeout_s: float) -> float:
        """Click "◀" (its trigger, in its fragment); seconds until the run finished. The period must move."""
        if self.back is None:
            raise WireTimeout(f"no {BACK_LABEL} button on the page")
        before = self.period
        widget = WidgetState(id=self.back[0], trigger_value=True)
        seconds = await self.rerun([widget], self.back[1], timeout_s)
        if self.period == before:
            raise WireTimeout(f"the step did not move the period from {before}")
        return seconds
