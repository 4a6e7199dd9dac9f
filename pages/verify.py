"""Verify (instructors): requirements learners marked done, and externship hours to approve."""

import streamlit as st

from components.item_state import show_confirmation
from components.plain_text import markdown_literal
from components.session import content_or_stop, instructor_or_stop, store_or_stop
from components.verify_queue import learner_queue, withdraw_form
from pathway.classes import classes_owned
from pathway.verifying import awaiting_count, class_verifications

# Learners drawn at once: 500 with a button per waiting item took 9-11 s a run (busy machine).
LEARNERS_SHOWN = 20

content = content_or_stop()
instructor = instructor_or_stop()
store = store_or_stop()

show_confirmation()
st.title("Verify")
st.write(
    "Verify what your learners marked done (CPR card, immunizations, background check, drug "
    "screen, externship) once you have seen the evidence, and approve their externship hours. "
    "Until then their checklist says self-reported."
)
classes = classes_owned(store, instructor)
if not classes:
    st.info("No classes yet — create one on My classes.", icon=":material/groups:")
    st.stop()
classroom = st.selectbox("Class", classes, format_func=lambda c: c.name, key="verify_class")
view = class_verifications(store, content, instructor, classroom.class_id)
for account, problem in view.unreadable:
    st.warning(
        markdown_literal(
            f"{account.display_name}'s data needs attention and is not shown here: {problem}"
        ),
        icon=":material/warning:",
    )
if not view.learners:
    st.info(
        f"No learners yet. Share the join code {classroom.join_code} with your class.",
        icon=":material/group_add:",
    )
    st.stop()

waiting = awaiting_count(view.learners)
st.metric("Awaiting you", waiting, help="Requirements to verify and hour entries to approve")
names = {learner.account.user_id: learner.account.display_name for learner in view.learners}
find, everyone_switch = st.columns([3, 1], vertical_alignment="bottom")
found = find.selectbox(
    "Find a learner",
    list(names),
    index=None,
    format_func=names.__getitem__,
    placeholder="Everyone with something waiting",
    key="verify_learner",
)
everyone = everyone_switch.toggle("Include those with nothing waiting", key="verify_everyone")
listed = [
    learner
    for learner in view.learners
    if learner.account.user_id == found or (found is None and (everyone or learner.anything_awaits))
]
for learner in listed[:LEARNERS_SHOWN]:
    learner_queue(store, content, instructor, learner)
if len(listed) > LEARNERS_SHOWN:
    st.caption(
        markdown_literal(
            f"Showing the first {LEARNERS_SHOWN} of {len(listed)} learners: once they are done "
            "the next ones move up, or find one learner above."
        )
    )
if not listed:
    st.success("Nothing awaits verification in this class.", icon=":material/done_all:")

st.subheader("Withdraw a verification")
withdraw_form(store, content, instructor, view.learners)
