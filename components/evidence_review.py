"""One learner's evidence files for one item, as the instructor verifying it opens them.

For the instructor's verify page: it lists the files and offers each as a download built on
click. Who may see them is checked here, and again by `open_evidence` when a file is clicked,
so a learner who left the class in between is refused then too.
"""

from __future__ import annotations

import streamlit as st

from components.data_errors import report_data_error
from components.evidence_upload import evidence_row
from components.plain_text import markdown_literal
from pathway.accounts import Account
from pathway.classes import AccessDenied
from pathway.evidence import learner_evidence
from pathway.storage import Storage, StorageError


def evidence_review(store: Storage, viewer: Account, learner: Account, item_id: str) -> None:
    """The files `learner` attached to one item, each downloadable by `viewer` if allowed."""
    try:
        files = learner_evidence(store, viewer, learner.user_id, item_id)
    except AccessDenied as refusal:
        st.error(markdown_literal(str(refusal)), icon=":material/block:")
        return
    except StorageError as error:
        report_data_error(error)
        return
    if not files:
        st.caption(markdown_literal(f"{learner.display_name} has attached no file here."))
        return
    for evidence in files:
        evidence_row(store, viewer, learner.user_id, evidence, removable=False)
