"""The smallest Streamlit page with a tick: the browser bench's baseline.

`streamlit run bench/bare_checkbox.py`. One checkbox and a progress bar whose text follows it,
so a click is measured to the same kind of change as on the Requirements page.
"""

import streamlit as st

LABEL = "Bare checkbox"

if __name__ == "__main__":  # as `streamlit run` runs it; the browser bench imports only LABEL
    done = st.checkbox(LABEL, key="bare_done")
    st.progress(1.0 if done else 0.0, text=f"Checklist: {int(done)} of 1 items done or skipped")
