"""Stored data that cannot be read or written: said in the page, logged on the console, undoable.

A damaged or missing learner record offers its owner a button that puts back its last saved
version; shared data names the command whoever runs the server uses for the same. Every write
a component or page makes goes through `saving`, so a refused write is reported instead of
ending the run with a traceback. What to say comes from the storage error alone: this module
knows nothing of files.
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
from pathway.storage import NothingToPutBack, NotSaved, Storage, StorageError

P = ParamSpec("P")

LOG = logging.getLogger("ma_pathway")
if not LOG.handlers:  # Streamlit configures only its own loggers; this one prints to the console
    _console = logging.StreamHandler()
    _console.setFormatter(logging.Formatter("%(asctime)s MA Pathway %(levelname)s: %(message)s"))
    LOG.addHandler(_console)


def log_data_error(error: StorageError) -> None:
    """Write the problem to the server's console, where whoever runs MA Pathway sees it."""
    LOG.error("%s", error)


def data_error_text(error: StorageError) -> str:
    """What went wrong, for the page: which data, the problem, and what can be done."""
    what = markdown_literal(f"{error.subject[:1].upper()}{error.subject[1:]} {error.problem}")
    if isinstance(error, NotSaved):
        return (
            f"Your change was not saved: {what[:1].lower()}{what[1:]}. The last saved version "
            "is kept. Ask whoever runs MA Pathway to make room or fix the data folder's "
            "permissions, then try again."
        )
    text = f"{what}. It has been left untouched."
    if error.operator_command:
        text += (
            " Whoever runs MA Pathway can put back its last good backup with "
            f"`{error.operator_command}`."
        )
    return text


def report_data_error(
    error: StorageError, store: Storage | None = None, owner: Account | None = None
) -> None:
    """Log the error and show it; the owner of a damaged record is offered its last version.

    Anything queued for the page is shown first: the page stops here, so an earlier attempt to
    put back the backup (which may have found none) is reported nowhere else.
    """
    show_confirmation()
    log_data_error(error)
    st.error(data_error_text(error), icon=":material/error:")
    if store is None or owner is None or not error.put_back_offered:
        return
    if error.learner_id == owner.user_id:
        st.button(
            "Put back my last saved version",
            icon=":material/history:",
            on_click=_put_back,
            args=(store, owner.user_id),
            key="recover_learner_file",
            help="Restores the newest automatic backup that reads cleanly; the damaged data is "
            "kept beside it for whoever runs MA Pathway.",
        )


def write_accepted(write: Callable[[], None]) -> bool:
    """Run one write (a callback's or a form's) and say whether the store accepted it.

    A refused write is logged and shown, not raised; input the records refuse (too long, wrong
    kind) is reported the same way, in one line. Any other error (a domain refusal the page
    shows itself) passes. After the write, accepted or refused, the widgets seeded from the
    store are reseeded on their next draw, so none keeps showing a change that was not saved.
    """
    try:
        write()
    except StorageError as error:
        log_data_error(error)
        report_failure(data_error_text(error))
    except ValidationError as error:  # e.g. a note longer than the limit, sent by hand
        report_failure(f"Not saved: {markdown_literal(validation_message(error))}.")
    else:
        return True
    finally:
        forget_seeded_widgets()
    return False


def saving(writer: Callable[P, None]) -> Callable[P, None]:
    """Wrap every function that writes (widget callbacks and form handlers) in `write_accepted`.

    Streamlit calls callbacks for their effect only; a page that acts on the outcome (sign out
    after a delete) calls `write_accepted` itself.
    """

    @functools.wraps(writer)
    def guarded(*args: P.args, **kwargs: P.kwargs) -> None:
        write_accepted(lambda: writer(*args, **kwargs))

    return guarded


def _put_back(store: Storage, user_id: str) -> None:
    try:
        version = store.put_back(user_id)
    except NothingToPutBack as error:
        report_failure(markdown_literal(f"{error} Ask whoever runs MA Pathway for help."))
        return
    forget_seeded_widgets()
    confirm(f"Put back your data as it was saved (backup {version})")
