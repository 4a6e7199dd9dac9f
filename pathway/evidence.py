"""Evidence files: what a learner may attach, to which items, and who may open them.

A learner attaches a PDF, PNG or JPEG to a checklist requirement or a credential (the CPR
card). The bytes live in the storage beside the learner's record (`Storage.add_evidence`),
never in Streamlit's static folder nor behind a URL: a page asks `open_evidence` for them when
a download is clicked, and gets them only for the learner or an instructor of the learner's
class (`verification.may_view_evidence`). Every backend builds what it keeps with
`accepted_evidence`, so the limits are the same whatever stores the bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pathway.accounts import Account
from pathway.classes import AccessDenied
from pathway.content.models import Content
from pathway.records import EVIDENCE_FILES_MAX, EvidenceKind, EvidenceRecord, LearnerRecord
from pathway.verification import (
    VerificationError,
    check_evidence,
    evidence_kind,
    may_view_evidence,
)

if TYPE_CHECKING:
    from pathway.storage import Storage

FILE_NAME_MAX_LENGTH = 255
"""The longest name a file system gives one file: a longer name came from no real file."""

EVIDENCE_MIME_TYPES: dict[EvidenceKind, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
"""The type a download of each kind is offered as."""

_NAME_REFUSED = (
    "That file name cannot be used. Rename the file (letters, digits, spaces) and upload it again."
)
_HIDDEN_CHARACTER_CATEGORIES = {"Cc", "Cf", "Cs"}
"""Control, formatting (such as right-to-left overrides that disguise an extension) and lone
surrogate characters: a browser sends none of them in a real file's name."""


def accepted_evidence(
    stored: Sequence[EvidenceRecord],
    item_id: str,
    name: str,
    data: bytes,
    now: datetime | None = None,
) -> EvidenceRecord:
    """What the record keeps of an upload, next to the files already `stored`; or a refusal.

    Refused with a one-line VerificationError: a name no browser sends (empty, over 255
    characters, a folder part, hidden characters), anything `check_evidence` refuses (empty,
    over 5 MB, over 50 MB in all, not a PDF, PNG or JPEG by content) and a file past the
    learner's `EVIDENCE_FILES_MAX`.
    """
    _check_name(name)
    if len(stored) >= EVIDENCE_FILES_MAX:
        raise VerificationError(
            f"You already keep {EVIDENCE_FILES_MAX} evidence files; remove one first."
        )
    accepted = check_evidence(name, data, sum(evidence.size for evidence in stored))
    return EvidenceRecord(
        item_id=item_id,
        stored_name=accepted.stored_name,
        kind=accepted.kind,
        size=accepted.size,
        uploaded_at=now or datetime.now(UTC),
    )


def check_copied_evidence(evidence: EvidenceRecord, data: bytes) -> None:
    """Refuse (ValueError) bytes copied from another store that are not what their entry says.

    A copy (`python -m pathway migrate`) keeps each file's entry as it is, so the bytes must
    have the size and kind the entry lists, or the copy would list a file it does not hold.
    """
    if len(data) != evidence.size or evidence_kind(data) != evidence.kind:
        raise ValueError(
            f"Evidence file {evidence.evidence_id} is not the {evidence.size}-byte "
            f"{evidence.kind} its entry lists."
        )


class AttachesEvidence:
    """`add_evidence` and `copy_evidence` of a storage, over the backend's own `_attach`.

    Both backends check an upload, or a copied file, the same way; only how the bytes and the
    record's entry are written together differs (`_attach`, one change or one transaction).
    """

    def _attach(
        self, user_id: str, entry_for: Callable[[LearnerRecord], EvidenceRecord], data: bytes
    ) -> EvidenceRecord:
        raise NotImplementedError

    def add_evidence(self, user_id: str, item_id: str, name: str, data: bytes) -> EvidenceRecord:
        """Keep an upload and list it in the record, as one change; the entry listed.

        Checked by `accepted_evidence` under the record's lock, so uploads racing one another
        never pass the learner's limits; a refusal (VerificationError) writes nothing.
        """
        return self._attach(
            user_id, lambda record: accepted_evidence(record.evidence, item_id, name, data), data
        )

    def copy_evidence(self, user_id: str, evidence: EvidenceRecord, data: bytes) -> None:
        """Keep a file copied from another store under its own entry (id, name, time)."""
        check_copied_evidence(evidence, data)
        self._attach(user_id, lambda _record: evidence, data)


def _check_name(name: str) -> None:
    """Refuse a name that is a path, or hides characters, rather than guess what it meant."""
    if (
        not name.strip()
        or len(name) > FILE_NAME_MAX_LENGTH
        or "/" in name
        or "\\" in name
        or any(unicodedata.category(c) in _HIDDEN_CHARACTER_CATEGORIES for c in name)
    ):
        raise VerificationError(_NAME_REFUSED)


def evidence_items(content: Content) -> dict[str, str]:
    """Every item a file may be attached to, with its title: requirements, then credentials."""
    requirements = {
        item.id: item.title for group in content.checklist.groups for item in group.items
    }
    return requirements | {c.id: c.name for c in content.credentials.credentials}


def evidence_of(record: LearnerRecord, item_id: str) -> list[EvidenceRecord]:
    """The files attached to one item, oldest first."""
    return [evidence for evidence in record.evidence if evidence.item_id == item_id]


def attach_evidence(
    store: Storage, content: Content, learner: Account, item_id: str, name: str, data: bytes
) -> EvidenceRecord:
    """Attach an upload to one of the learner's own items; VerificationError if refused.

    A refusal writes nothing: no file and no entry in the record.
    """
    if item_id not in evidence_items(content):
        raise VerificationError("Files can be attached to a requirement or a credential only.")
    return store.add_evidence(learner.user_id, item_id, name, data)


def require_evidence_viewer(store: Storage, viewer: Account | None, learner_id: str) -> None:
    """AccessDenied unless `viewer` is the learner or an instructor of the learner's class now."""
    if not may_view_evidence(viewer, learner_id, store.list_classes(), store.list_memberships()):
        raise AccessDenied("Only the learner and their class's instructor can open these files.")


def open_evidence(
    store: Storage, viewer: Account | None, learner_id: str, evidence_id: str
) -> bytes:
    """The bytes of one of a learner's files, for `viewer` only if they may see them.

    AccessDenied otherwise, checked before anything is read; KeyError when the learner has
    no such file (removed meanwhile).
    """
    require_evidence_viewer(store, viewer, learner_id)
    return store.evidence_bytes(learner_id, evidence_id)


def learner_evidence(
    store: Storage, viewer: Account | None, learner_id: str, item_id: str
) -> list[EvidenceRecord]:
    """A learner's files for one item, as an instructor verifying it sees them; or AccessDenied."""
    require_evidence_viewer(store, viewer, learner_id)
    return evidence_of(store.read(learner_id), item_id)
