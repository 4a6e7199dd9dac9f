"""Drive an AppTest the way a browser drives a fragment: rerun only it, send every widget's value.

`AppTest.run()` always reruns the whole script, which redraws (and so reseeds) every widget. A
browser reruns only the fragment holding the widget that changed, and sends the value every
widget on the page shows, also those outside that fragment. Bugs that live in that difference
(widget state of another fragment lost after a refused write) need the browser's kind of run.

AppTest has no public way to ask for a fragment rerun, so `BrowserTab` adds the fragment to the
rerun request it builds (`RerunData.fragment_id_queue`, as the browser's rerun message does) and
reads widget ids and fragment ids from the session state it holds.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import streamlit.testing.v1.local_script_runner as local_script_runner
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.testing.v1 import AppTest


class BrowserTab:
    """A page open in a browser: what each widget shows, and clicks that rerun one fragment."""

    def __init__(self, app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self._monkeypatch = monkeypatch
        self._shown: dict[str, WidgetState] = {}
        self._remember_shown()

    def change(self, key: str, set_value: Callable[[AppTest], object]) -> AppTest:
        """Change widget `key` with `set_value`, then rerun only its fragment, as a browser does.

        `set_value` is e.g. `lambda app: app.checkbox(key=k).check()`; every value the page
        shows is sent with the rerun.
        """
        set_value(self.app)
        self._remember_shown()
        sent = WidgetStates()
        sent.widgets.extend(self._shown.values())
        real = local_script_runner.RerunData
        fragment = self._fragment_of(key)
        self._monkeypatch.setattr(
            local_script_runner,
            "RerunData",
            lambda **fields: real(**fields, fragment_id_queue=[fragment]),
        )
        try:
            self.app._run(sent)
        finally:
            self._monkeypatch.setattr(local_script_runner, "RerunData", real)
        self._remember_shown()
        return self.app

    def _remember_shown(self) -> None:
        """Take the values of the widgets AppTest holds now (after a fragment run, its own)."""
        for state in self.app._tree.get_widget_states().widgets:
            self._shown[state.id] = state

    def _fragment_of(self, key: str) -> str:
        state = self.app.session_state._state._state
        widget_id = state.get_widget_id_from_key(key)
        metadata = state.get_widget_metadata(widget_id) if widget_id else None
        if metadata is None or not metadata.fragment_id:
            raise AssertionError(f"widget {key!r} is not drawn inside a fragment")
        return metadata.fragment_id
