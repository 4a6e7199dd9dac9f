"""The instructor's verification queue: per learner, what awaits, each a one-click step.

A learner's requirements marked done but not verified and their hour entries not approved are
listed with one button each, a requirement with the evidence files attached to it; the
verifications that stand can be withdrawn with a reason.
"""

from __future__ import annotations

import streamlit as st

from components.evidence_review import evidence_review
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
            button.button(
                "Verify",
                key=f"verify:{user_id}:{item.id}",
                on_click=_verify,
                args=(store, content, instructor, learner.account, item),
            )
            # The proof to check before verifying: files on the item, and on its credential
            # (a CPR card may be attached on Credentials rather than on the checklist).
            with text:
                for item_id in filter(None, (item.id, item.credential)):
                    evidence_review(store, instructor, learner.account, item_id)
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
    """Pick a learner with a standing verification, then withdraw one of theirs, saying why.

    The learner first, then their verifications: one list of every verification in a class of
    hundreds would be thousands of options.
    """
    verified = {learner.account.user_id: learner for learner in learners if learner.verified}
    if not verified:
        st.caption("No verifications to withdraw.")
        return
    user_id = st.selectbox(
        "Learner",
        list(verified),
        format_func=lambda chosen: verified[chosen].account.display_name,
        key="withdraw:learner",
    )
    learner = verified[user_id]
    titles = {item.id: item.title for item in verifiable_items(content)}
    with st.form("withdraw_form", clear_on_submit=True):
        st.selectbox(
            "Verification",
            list(learner.verified),
            format_func=lambda item_id: (
                f"{titles[item_id]} ({verified_words(learner.verified[item_id])})"
            ),
            key="withdraw:item",
        )
        st.text_input("Why (required)", max_chars=REASON_MAX_LENGTH, key="withdraw:reason")
        st.form_submit_button(
            "Withdraw verification",
            key="withdraw:submit",
            on_click=_withdraw,
            args=(store, content, instructor, learner.account, titles),
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


def _withdraw(
    store: Storage,
    content: Content,
    instructor: Account,
    learner: Account,
    titles: dict[str, str],
) -> None:
    item_id = st.session_state["withdraw:item"]
    reason = st.session_state["withdraw:reason"]
    refused_or_confirmed(
        lambda: withdraw_verification(store, content, instructor, learner.user_id, item_id, reason),
        f"Withdrew the verification for {learner.display_name}: {titles[item_id]}",
    )
