"""The externship hours target of each class, set by the instructor who owns it.

Unset, a class counts against the content's target (160 hours); the learners' Externship
hours page and the instructor's views count against whatever is set here.
"""

from __future__ import annotations

import streamlit as st

from components.plain_text import markdown_literal
from components.refusals import refused_or_confirmed
from pathway.accounts import Account
from pathway.content.models import Content
from pathway.records import HOURS_TARGET_MAX, Classroom
from pathway.storage import Storage
from pathway.verifying import set_hours_target, target_hours


def class_hours_target(
    store: Storage, content: Content, instructor: Account, classes: list[Classroom]
) -> None:
    """Pick one of the instructor's classes and set the externship hours its learners aim for."""
    st.header("Externship hours target")
    default = content.competencies.externship.hours
    st.caption(
        markdown_literal(
            f"The hours each learner of the class must have approved; {default} unless you set "
            "another."
        )
    )
    classroom = st.selectbox(
        "Class to set the target for",
        classes,
        format_func=lambda c: f"{c.name} ({target_hours(content, c)} hours now)",
        key="hours_target:class",
    )
    # One hours field per class, so switching class shows that class's own target.
    key = f"hours_target:hours:{classroom.class_id}"
    with st.form("hours_target_form"):
        st.number_input(
            "Hours",
            min_value=1,
            max_value=HOURS_TARGET_MAX,
            value=target_hours(content, classroom),
            step=1,
            key=key,
        )
        st.form_submit_button(
            "Save target",
            key="hours_target:save",
            on_click=_save,
            args=(store, instructor, classroom, key),
        )


def _save(store: Storage, instructor: Account, classroom: Classroom, key: str) -> None:
    hours = int(st.session_state[key])
    refused_or_confirmed(
        lambda: set_hours_target(store, instructor, classroom.class_id, hours),
        f"{classroom.name}: the externship target is now {hours} hours",
    )
