"""Learn: what a medical assistant is and does, specialties, credentials, FAQ, sourced figures."""

import streamlit as st

from components.plain_text import markdown_literal
from components.session import content_or_stop
from components.sources import facts_list, source_note

content = content_or_stop()
learn = content.learn

st.title("Learn about the job")
for paragraph in learn.about:
    st.write(paragraph)

st.header("Duties")
for area, tab in zip(
    learn.duty_areas, st.tabs([area.title for area in learn.duty_areas]), strict=True
):
    with tab:
        for duty in area.duties:
            st.markdown(f"**{duty.title}** — {duty.detail}")
st.caption(learn.scope_note)

st.header("Specialties")
for specialty in learn.specialties:
    st.markdown(f"**{specialty.name}** — {specialty.detail}")

st.header("Credentials: who may sit each exam, and how to keep it")
st.caption(
    "Each certifying body sets its own rules. Where a fact could only be read in a secondary "
    "source, it says so: verify with the issuer before you rely on it."
)
for credential in content.credentials.credentials:
    with st.expander(credential.name):
        if credential.eligibility:
            st.markdown("**Routes to the exam**")
            facts_list(credential.eligibility)
        st.markdown("**Keeping it current**")
        st.markdown(f"- {markdown_literal(credential.renewal)}")
        st.caption(source_note(credential.source))
        facts_list(credential.upkeep)
        if credential.lapse is not None:
            st.markdown(f"- {markdown_literal(credential.lapse.consequence)}")
            st.caption(source_note(credential.lapse.source))

st.header("Pay and outlook")
columns = st.columns(len(learn.figures))
for figure, column in zip(learn.figures, columns, strict=True):
    column.metric(figure.label, figure.value)
    detail = f"{figure.detail}. " if figure.detail else ""
    column.caption(f"{markdown_literal(detail + figure.period)}. {source_note(figure.source)}")

st.header("Questions people ask")
for question in learn.faq:
    with st.expander(question.question):
        for paragraph in question.answer:
            st.write(paragraph)
