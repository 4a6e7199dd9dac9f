"""Downloads built only when asked for, and nothing of them left on the server at sign-out.

A download button given bytes makes Streamlit keep the file in its media store under a URL
anyone can fetch without a cookie, for as long as the session shows the button and a while
after (`MediaFileManager` deletes an unused download only on the second clean-up after it is
dropped). A button given a builder keeps only the builder; the file exists from the click until
Streamlit's next clean-ups. `forget_downloads` runs those clean-ups at sign-out.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit import runtime


def download_on_request(
    label: str,
    build: Callable[[], bytes | str],
    *,
    file_name: str,
    mime: str,
    icon: str,
    key: str | None = None,
) -> None:
    """A download button whose file `build` makes when it is clicked, not on every run.

    `key` tells apart buttons of one label and file name (two evidence files both "card.pdf").
    """
    st.download_button(
        label, build, file_name=file_name, mime=mime, icon=icon, on_click="ignore", key=key
    )


def forget_downloads() -> None:
    """Drop this session's download builders and every download no session still shows.

    Streamlit's clean-up marks an unused download on one pass and deletes it on the next, so it
    runs twice. Other sessions' buttons keep their files: only files no session shows go.
    """
    if not runtime.exists():
        return
    media = runtime.get_instance().media_file_mgr
    media.clear_session_refs()
    media.remove_orphaned_files()
    media.remove_orphaned_files()
