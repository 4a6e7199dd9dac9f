"""One verification or hours write from a button or form: refused in one line, or confirmed.

The domain refuses with `AccessDenied` or `VerificationError`, whose messages are safe to show;
storage failures are `write_accepted`'s to report. Both are queued for the page's next draw
(`show_confirmation`), so the step can run as a widget callback.
"""

from __future__ import annotations

from collections.abc import Callable

from components.data_errors import write_accepted
from components.item_state import confirm, report_failure
from components.plain_text import markdown_literal
from pathway.classes import AccessDenied
from pathway.verification import VerificationError


def refused_or_confirmed(write: Callable[[], None], done: str) -> bool:
    """Run `write`; queue its refusal ("Not saved: ...") or the confirmation `done`.

    Whether it was saved, so a form can keep what was typed when it was not.
    """
    try:
        accepted = write_accepted(write)
    except (AccessDenied, VerificationError) as refusal:
        report_failure(markdown_literal(f"Not saved: {refusal}"))
        return False
    if accepted:
        confirm(markdown_literal(done))
    return accepted
