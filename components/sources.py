"""Where an outside fact comes from, drawn beside it: the source, the day it was read, "verify".

Content text is plain text in the YAML, so it is escaped for Markdown here (a `$50` fee must
not start a formula); only the source's link is Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components.plain_text import markdown_literal
from pathway.content.models import Fact, Source
from pathway.words import day


def source_note(source: Source) -> str:
    """The linked source title, the day it was read and its verify note, as one Markdown line."""
    title = markdown_literal(source.title)
    note = f"Source: [{title}]({source.url}), read {day(source.as_of)}."
    if source.verify:
        note += f" {markdown_literal(source.verify)}"
    return note


def facts_list(facts: Sequence[Fact]) -> None:
    """Each fact as a bullet, with its source and any verify note in a caption under it."""
    for fact in facts:
        st.markdown(f"- {markdown_literal(fact.text)}")
        st.caption(source_note(fact.source))
