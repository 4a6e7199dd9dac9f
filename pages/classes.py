"""My classes (instructors): create a class and share its join code."""

from datetime import UTC, date, datetime

import pandas as pd
import streamlit as st

from components.class_hours_target import class_hours_target
from components.data_errors import saving
from components.downloads import download_on_request
from components.item_state import confirm, show_confirmation
from components.plain_text import markdown_literal
from components.session import content_or_stop, instructor_or_stop, store_or_stop
from pathway.classes import (
    AccessDenied,
    ClassRefused,
    class_learners,
    classes_owned,
    create_class,
    reissue_for_learner,
)
from pathway.csv_export import to_csv
from pathway.records import CLASS_NAME_MAX_LENGTH, Classroom
from pathway.roster import import_roster
from pathway.words import DATE_INPUT_FORMAT

content = content_or_stop()
instructor = instructor_or_stop()
store = store_or_stop()


@saving
def _create_class() -> None:
    classroom = create_class(
        store,
        instructor,
        st.session_state["class_name"],
        st.session_state["class_start"],
        st.session_state["class_program"],
        st.session_state["class_state"],
    )
    confirm(f"Created {markdown_literal(classroom.name)}: join code {classroom.join_code}")


@saving
def _import_roster(target: Classroom, data: bytes) -> None:
    with st.spinner(markdown_literal(f"Importing the roster into {target.name}…")):
        result = import_roster(store, instructor, target, data)
    st.session_state["roster_result"] = (target.name, result)


@saving
def _reissue(class_id: str, learner_id: str) -> None:
    learner, passphrase = reissue_for_learner(
        store, instructor, class_id, learner_id, datetime.now(UTC)
    )
    st.session_state["reissued"] = (learner.username, passphrase)


show_confirmation()
st.title("My classes")
st.write(
    "Create a class and give learners its join code: they enter it on their My account page, "
    "and you then see their progress on Class progress. They can leave a class at any time."
)

programs = {program.id: program.name for program in content.roadmap.program_types}
with st.form("create_class_form", clear_on_submit=True):
    st.text_input("Class name", max_chars=CLASS_NAME_MAX_LENGTH, key="class_name")
    start, program, state = st.columns(3)
    start.date_input("Start date", value=date.today(), key="class_start", format=DATE_INPUT_FORMAT)
    program.selectbox(
        "Program type (optional)",
        list(programs),
        index=None,
        format_func=lambda program: programs.get(program, ""),
        key="class_program",
    )
    state.selectbox(
        "State (optional)",
        sorted(content.states.states),
        index=None,
        format_func=lambda state: content.states.states.get(state, ""),
        key="class_state",
    )
    if st.form_submit_button("Create class", type="primary", icon=":material/add:"):
        try:
            _create_class()
        except (AccessDenied, ClassRefused) as error:
            st.error(
                markdown_literal(f"The class was not created: {error}."), icon=":material/error:"
            )
        else:
            st.rerun()

classes = classes_owned(store, instructor)
if not classes:
    st.info("No classes yet — create your first one above.", icon=":material/groups:")
else:
    rows = [
        {
            "Class": classroom.name,
            "Starts": classroom.start_date,
            "Learners": len(class_learners(store, instructor, classroom.class_id)),
            "Join code": classroom.join_code,
        }
        for classroom in classes
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    class_hours_target(store, content, instructor, classes)

    st.header("Import a roster")
    st.caption(
        "A CSV file with a header row naming the columns name and username (email is optional). "
        "Each new learner gets a one-time passphrase to change at first sign-in; rows that cannot "
        "be imported are listed with their row number and the reason."
    )
    # Outside the form, by id: a form's clear_on_submit put the picker back on the first class
    # after each import, and the next import went there.
    by_id = {classroom.class_id: classroom for classroom in classes}
    target_id = st.selectbox(
        "Class to import into",
        list(by_id),
        format_func=lambda class_id: by_id[class_id].name,
        key="roster_class",
    )
    with st.form("roster_form", clear_on_submit=True):
        upload = st.file_uploader("Roster CSV", type=["csv"], key="roster_file")
        if st.form_submit_button("Import", icon=":material/upload:"):
            if upload is None:
                st.warning("Choose a CSV file first.", icon=":material/upload_file:")
            else:
                _import_roster(by_id[target_id], upload.getvalue())
                st.rerun()
    if (imported := st.session_state.get("roster_result")) is not None:
        class_name, result = imported
        if result.created:
            st.success(
                markdown_literal(f"Created {len(result.created)} account(s) in {class_name}."),
                icon=":material/task_alt:",
            )
        else:
            st.warning("No account was created: see the reasons below.", icon=":material/warning:")
        if created := result.created:
            download_on_request(
                "One-time passphrases (CSV) — hand them out privately",
                lambda: to_csv(
                    ["Row", "Name", "Username", "One-time passphrase"],
                    [[a.row, a.display_name, a.username, a.one_time_passphrase] for a in created],
                ),
                file_name="one-time-passphrases.csv",
                mime="text/csv",
                icon=":material/key:",
            )
        if result.problems:
            st.warning(
                f"{len(result.problems)} row(s) were not imported:", icon=":material/warning:"
            )
            st.dataframe(
                pd.DataFrame(result.problems, columns=["Row", "Reason"]),
                hide_index=True,
                width="stretch",
            )

    st.header("Reissue a one-time passphrase")
    st.caption(
        "For a learner in your class who lost their passphrase. Their old passphrase stops "
        "working, every sign-in of theirs ends, and at the next sign-in they choose their own."
    )
    places = [
        (classroom, learner)
        for classroom in classes
        for learner in class_learners(store, instructor, classroom.class_id)
    ]
    with st.form("reissue_form", clear_on_submit=True):
        place = st.selectbox(
            "Learner",
            places,
            index=None,
            format_func=lambda p: f"{p[1].display_name} ({p[1].username}), {p[0].name}",
            key="reissue_learner",
        )
        if st.form_submit_button("Reissue", icon=":material/key:") and place is not None:
            try:
                _reissue(place[0].class_id, place[1].user_id)
            except AccessDenied as error:
                st.error(markdown_literal(str(error)), icon=":material/error:")
            else:
                st.rerun()
    reissued = st.session_state.get("reissued")
    if reissued is not None:
        username, passphrase = reissued
        st.success(
            markdown_literal(f"New one-time passphrase for {username}; hand it over privately:"),
            icon=":material/key:",
        )
        st.code(passphrase, language=None)
