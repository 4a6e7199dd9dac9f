"""Skills: rate the fifteen skills and compare them with an entry-level target on a radar."""

import streamlit as st

from components.item_state import show_confirmation
from components.session import account_or_stop, content_or_stop, record_or_stop, store_or_stop
from components.skill_ratings import radar_with_table, ratings_form
from pathway import skills
from pathway.words import count_of, moment

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()
record = record_or_stop(account)

show_confirmation()
st.title("Skills")
st.write(content.skills.target_profile)

rows = skills.skill_rows(content.skills, record)
if not record.snapshots:
    st.info("Nothing rated yet — rate your first skill below.", icon=":material/radar:")
else:
    last_saved = record.snapshots[-1].taken_at
    st.caption(
        f"{count_of(len(record.snapshots), 'saved rating')}; latest on {moment(last_saved)}."
    )
    show_first = st.toggle(
        "Show growth since my first ratings",
        key="show_first_ratings",
        disabled=len(record.snapshots) < 2,
        help="Overlays your first saved ratings; available once you have saved twice.",
    )
    radar_with_table(rows, show_first=show_first)

with st.expander("Rate your skills", expanded=not record.snapshots, icon=":material/tune:"):
    st.caption(" · ".join(f"{level} {name}" for level, name in content.skills.levels.items()))
    ratings_form(content.skills, record, store, account.user_id)
