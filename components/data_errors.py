"""A data file that cannot be read or written: said in the page, logged on the console, undoable.

A damaged or missing learner file offers its owner a button that puts back the newest good
automatic backup (the damaged file is kept aside); the shared files name the command whoever
runs the server uses for the same. Writes made in widget callbacks go through `saving`, so a
refused write is reported instead of ending the run with a traceback.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st
from pydantic import ValidationError

from components.item_state import (
    confirm,
    forget_seeded_widgets,
    report_failure,
    show_confirmation,
)
from components.plain_text import markdown_literal, validation_message
from pathway.accounts import Account
from pathway.backup import BackupError
from pathway.data_file import DataFileError, UnsavedChange
from pathway.store import Store

P = ParamSpec("P")

LOG = logging.getLogger("ma_pathway")
if not LOG.handlers:  # Streamlit configures only its own loggers; this one prints to the console
    _console = logging.StreamHandler()
    _console.setFormatter(logging.Formatter("%(asctime)s MA Pathway %(levelname)s: %(message)s"))
    LOG.addHandler(_console)


def log_data_error(error: DataFileError) -> None:
    """Write the problem to the server's console, where whoever runs MA Pathway sees it."""
    LOG.error("%s", error)


def data_error_text(error: DataFileError) -> str:
    """What went wrong, for the page; the path in a code span so underscores stay literal."""
    if isinstance(error, UnsavedChange):
        return (
            f"Your change was not saved: data file `{error.path}` {error.problem}. The file "
            "keeps its last saved version. Ask whoever runs MA Pathway to make room or fix the "
            "folder's permissions, then try again."
        )
    return (
        f"Data file `{error.path}` {error.problem}. It has been left untouched. Whoever runs "
        f"MA Pathway can put back its last good backup with `python -m pathway recover "
        f"{error.path}`."
    )


def report_data_error(
    error: DataFileError, store: Store | None = None, owner: Account | None = None
) -> None:
    """Log the error and show it; the owner of a damaged learner file is offered its backup.

    Anything queued for the page is shown first: the page stops here, so an earlier attempt to
    put back the backup (which may have found none) is reported nowhere else.
    """
    show_confirmation()
    log_data_error(error)
    st.error(data_error_text(error), icon=":material/error:")
    if store is None or owner is None or isinstance(error, UnsavedChange):
        return
    if error.path == store.learner_path(owner.user_id):
        st.button(
            "Put back my last saved version",
            icon=":material/history:",
            on_click=_recover,
            args=(store, owner.user_id),
            key="recover_learner_file",
            help="Restores the newest automatic backup that reads cleanly; the damaged file is "
            "kept beside it for whoever runs MA Pathway.",
        )


def saving(callback: Callable[P, None]) -> Callable[P, None]:
    """Wrap a widget callback that writes: a refused write is logged and shown, not raised.

    Input the records refuse (too long, wrong kind) is reported the same way, in one line.

    After the write, accepted or refused, the widgets seeded from the store are reseeded on
    their next draw, so every one of them shows what is stored: none keeps showing a change
    that was not saved.
    """

    @functools.wraps(callback)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            callback(*args, **kwargs)
        except DataFileError as error:
            log_data_error(error)
            report_failure(data_error_text(error))
        except ValidationError as error:  # e.g. a note longer than the limit, sent by hand
            report_failure(f"Not saved: {markdown_literal(validation_message(error))}.")
        forget_seeded_widgets()

    return guarded


def _recover(store: Store, user_id: str) -> None:
    try:
        version = store.recover_learner_file(user_id)
    except BackupError as error:
        report_failure(markdown_literal(f"{error} Ask whoever runs MA Pathway for help."))
        return
    forget_seeded_widgets()
    confirm(f"Put back your data as it was saved (backup {version})")
