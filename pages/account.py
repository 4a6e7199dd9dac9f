"""My account: join a class with its code, see who can see your progress, leave a class."""

import streamlit as st

from components.item_state import confirm, show_confirmation
from components.session import account_or_stop, store_or_stop
from pathway.classes import AccessDenied, classes_joined, join_class, leave_class

account = account_or_stop()
store = store_or_stop()

show_confirmation()
st.title("My account")
st.text(f"{account.display_name} (username {account.username})")

st.header("Classes")
with st.form("join_class_form", clear_on_submit=True):
    st.text_input("Join code from your instructor", max_chars=20, key="join_code")
    if st.form_submit_button("Join class", icon=":material/group_add:"):
        try:
            classroom = join_class(store, account, st.session_state["join_code"])
        except AccessDenied as error:
            st.error(str(error), icon=":material/error:")
        else:
            confirm(f"Joined {classroom.name}")
            st.rerun()

joined = classes_joined(store, account)
if not joined:
    st.info("You are not in a class. Nobody but you can see your progress.", icon=":material/lock:")
for classroom, instructor in joined:
    with st.container(border=True):
        st.text(classroom.name)
        teacher = instructor.display_name if instructor else "an instructor who has left"
        st.text(f"{teacher} can see your progress in this class.")
        if st.button(
            "Leave this class", key=f"leave:{classroom.class_id}", icon=":material/logout:"
        ):
            leave_class(store, account, classroom.class_id)
            confirm(f"Left {classroom.name}")
            st.rerun()
