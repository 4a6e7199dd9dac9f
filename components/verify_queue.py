"""The instructor's verification queue: per learner, what awaits, each a one-click step.

A learner's requirements marked done but not verified and their hour entries not approved are
listed with one button each; the verifications that stand can be withdrawn with a reason.
"""

from __future__ import annotations

import streamlit as st

from components.hours_log import entry_label, hours_bar
from components.plain_text import markdown_literal
from components.refusals import refused_or_confirmed
from pathway.accounts import Account
from pathway.content.models import Content, Requirement
from pathway.records import REASON_MAX_LENGTH, HourEntry
from pathway.storage import Storage
from pathway.verifying import (
    LearnerVerifications,
    RequirementCheck,
    approve_hour_entry,
    verifiable_items,
    verify_requirement,
    withdraw_verification,
)
from pathway.words import verified_words, words


def learner_queue(
    store: Storage, content: Content, instructor: Account, learner: LearnerVerifications
) -> None:
    """One learner's waiting requirements and hour entries, with Verify and Approve buttons."""
    user_id = learner.account.user_id
    with st.container(border=True):
        st.subheader(markdown_literal(learner.account.display_name))
        hours_bar(learner.hours)
        for item in learner.awaiting:
            text, button = st.columns([4, 1], vertical_alignment="center")
            text.write(markdown_literal(f"{item.title}: {words(RequirementCheck.SELF_REPORTED)}"))
            # Evidence files for this item are shown here: the "evidence" helper builds the
            # viewer component and the lead wires it in (issue 13, evidence files).
            button.button(
                "Verify",
                key=f"verify:{user_id}:{item.id}",
                on_click=_verify,
                args=(store, content, instructor, learner.account, item),
            )
        for entry in learner.unapproved:
            text, button = st.columns([4, 1], vertical_alignment="center")
            text.write(
                markdown_literal(
                    f"Hours {entry_label(entry)}, supervisor {entry.supervisor}"
                    + (f": {entry.activities}" if entry.activities else "")
                )
            )
            button.button(
                "Approve",
                key=f"approve:{user_id}:{entry.entry_id}",
                on_click=_approve,
                args=(store, instructor, learner.account, entry),
            )
        if not learner.anything_awaits:
            st.caption("Nothing awaits verification.")


def withdraw_form(
    store: Storage, content: Content, instructor: Account, learners: list[LearnerVerifications]
) -> None:
    """Withdraw one standing verification of a learner of the class, saying why."""
    titles = {item.id: item.title for item in verifiable_items(content)}
    standing = [
        (learner.account, item_id, titles[item_id])
        for learner in learners
        for item_id in learner.verified
    ]
    if not standing:
        st.caption("No verifications to withdraw.")
        return
    by_learner = {learner.account.user_id: learner for learner in learners}
    with st.form("withdraw_form", clear_on_submit=True):
        st.selectbox(
            "Verification",
            standing,
            format_func=lambda entry: (
                f"{entry[0].display_name}: {entry[2]} "
                f"({verified_words(by_learner[entry[0].user_id].verified[entry[1]])})"
            ),
            key="withdraw:which",
        )
        st.text_input("Why (required)", max_chars=REASON_MAX_LENGTH, key="withdraw:reason")
        st.form_submit_button(
            "Withdraw verification",
            key="withdraw:submit",
            on_click=_withdraw,
            args=(store, content, instructor),
        )


def _verify(
    store: Storage, content: Content, instructor: Account, learner: Account, item: Requirement
) -> None:
    refused_or_confirmed(
        lambda: verify_requirement(store, content, instructor, learner.user_id, item.id),
        f"Verified for {learner.display_name}: {item.title}",
    )


def _approve(store: Storage, instructor: Account, learner: Account, entry: HourEntry) -> None:
    refused_or_confirmed(
        lambda: approve_hour_entry(store, instructor, learner.user_id, entry.entry_id),
        f"Approved for {learner.display_name}: {entry_label(entry)}",
    )


def _withdraw(store: Storage, content: Content, instructor: Account) -> None:
    learner, item_id, title = st.session_state["withdraw:which"]
    reason = st.session_state["withdraw:reason"]
    refused_or_confirmed(
        lambda: withdraw_verification(store, content, instructor, learner.user_id, item_id, reason),
        f"Withdrew the verification for {learner.display_name}: {title}",
    )
