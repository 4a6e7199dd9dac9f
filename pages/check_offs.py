"""Check-offs (instructors): competencies signed off on a lab day or for one learner."""

import streamlit as st

from components.competency_check_off import lab_day_form, learner_view, requests_list
from components.item_state import show_confirmation
from components.plain_text import markdown_literal
from components.session import content_or_stop, instructor_or_stop, store_or_stop
from pathway.check_offs import class_check_offs
from pathway.classes import classes_owned

content = content_or_stop()
instructor = instructor_or_stop()
store = store_or_stop()

show_confirmation()
st.title("Check-offs")
classes = classes_owned(store, instructor)
if not classes:
    st.info("No classes yet — create one on My classes.", icon=":material/groups:")
    st.stop()
classroom = st.selectbox("Class", classes, format_func=lambda c: c.name, key="check_off_class")
class_view = class_check_offs(store, content, instructor, classroom.class_id)
for account, problem in class_view.unreadable:
    st.warning(
        markdown_literal(
            f"{account.display_name}'s data needs attention and is not shown here: {problem}"
        ),
        icon=":material/warning:",
    )
if not class_view.learners:
    st.info(
        f"No learners yet. Share the join code {classroom.join_code} with your class.",
        icon=":material/group_add:",
    )
    st.stop()

lab_day, one_learner, requests = st.tabs(["Lab day", "One learner", "Requests"])
with lab_day:
    lab_day_form(store, content, instructor, class_view)
with one_learner:
    learner_view(store, content, instructor, class_view)
with requests:
    requests_list(content, class_view.learners)
