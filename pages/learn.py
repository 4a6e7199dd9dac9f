"""Learn: what a medical assistant is and does, specialties, FAQ and sourced figures."""

import streamlit as st

from components.session import content_or_stop

learn = content_or_stop().learn

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

st.header("Pay and outlook")
columns = st.columns(len(learn.figures))
for figure, column in zip(learn.figures, columns, strict=True):
    column.metric(figure.label, figure.value)
    source = figure.source
    column.caption(f"Source: [{source.title}]({source.url}), {source.as_of}. {source.verify}")

st.header("Questions people ask")
for question in learn.faq:
    with st.expander(question.question):
        for paragraph in question.answer:
            st.write(paragraph)
