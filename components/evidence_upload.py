"""Evidence files on one item: attach a PDF or a photo, see what is attached, download, remove.

The bytes leave the store only when a download is clicked (`download_on_request`, re-checking
who may open them then); nothing is put in Streamlit's static folder, and no file is shown
inline, as that would serve it by URL. A refused upload is one line under the uploader and
changes nothing.
"""

from __future__ import annotations

import streamlit as st

from components.data_errors import saving
from components.downloads import download_on_request
from components.item_state import confirm
from components.plain_text import markdown_literal
from components.session import content_or_stop
from pathway.accounts import Account
from pathway.evidence import EVIDENCE_MIME_TYPES, attach_evidence, evidence_of, open_evidence
from pathway.records import EvidenceRecord, LearnerRecord
from pathway.storage import Storage
from pathway.verification import VerificationError

ACCEPTED_EXTENSIONS = ["pdf", "png", "jpg", "jpeg"]
"""What the file picker offers; the type is still read from the content once uploaded."""


def upload_key(item_id: str) -> str:
    """The session key of one item's file picker."""
    return f"evidence:upload:{item_id}"


def _refusal_key(item_id: str) -> str:
    return f"evidence:refused:{item_id}"


def evidence_upload(store: Storage, learner: Account, record: LearnerRecord, item_id: str) -> None:
    """The learner's files on one item, each with download and remove, and a picker to add one.

    `record` is the learner's as the page read it, after this run's callbacks wrote.
    """
    attached = evidence_of(record, item_id)
    st.markdown("**Evidence files**")
    if not attached:
        st.caption("No file attached yet. A scan or a photo of the card or letter will do.")
    for evidence in attached:
        evidence_row(store, learner, learner.user_id, evidence, removable=True)
    with st.form(f"evidence_form:{item_id}", clear_on_submit=True, border=False):
        st.file_uploader(
            "Attach a PDF, PNG or JPEG (at most 5 MB)",
            type=ACCEPTED_EXTENSIONS,
            key=upload_key(item_id),
        )
        st.form_submit_button(
            "Attach file",
            icon=":material/attach_file:",
            on_click=_attach,
            args=(store, learner, item_id),
        )
    refusal = st.session_state.pop(_refusal_key(item_id), None)
    if refusal:
        st.error(markdown_literal(refusal), icon=":material/error:")


def evidence_row(
    store: Storage, viewer: Account, learner_id: str, evidence: EvidenceRecord, *, removable: bool
) -> None:
    """One attached file: its name, size and date, a download built on click, maybe remove."""
    with st.container(horizontal=True, vertical_alignment="center"):
        st.text(
            f"{evidence.stored_name} · {_size(evidence.size)} · "
            f"uploaded {evidence.uploaded_at:%Y-%m-%d}"
        )
        download_on_request(
            "Download",
            lambda: open_evidence(store, viewer, learner_id, evidence.evidence_id),
            file_name=evidence.stored_name,
            mime=EVIDENCE_MIME_TYPES[evidence.kind],
            icon=":material/download:",
            key=f"evidence:download:{evidence.evidence_id}",
        )
        if removable:
            st.button(
                "Remove",
                icon=":material/delete:",
                key=f"evidence:remove:{evidence.evidence_id}",
                on_click=_remove,
                args=(store, viewer, evidence),
            )


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


@saving
def _attach(store: Storage, learner: Account, item_id: str) -> None:
    upload = st.session_state.get(upload_key(item_id))
    if upload is None:
        st.session_state[_refusal_key(item_id)] = "Choose a file first."
        return
    try:
        added = attach_evidence(
            store, content_or_stop(), learner, item_id, upload.name, upload.getvalue()
        )
    except VerificationError as refusal:
        st.session_state[_refusal_key(item_id)] = f"Not attached: {refusal}"
        return
    confirm(f"Attached {markdown_literal(added.stored_name)}")


@saving
def _remove(store: Storage, learner: Account, evidence: EvidenceRecord) -> None:
    store.remove_evidence(learner.user_id, evidence.evidence_id)
    confirm(f"Removed {markdown_literal(evidence.stored_name)}")
