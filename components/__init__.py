"""Streamlit rendering: each module draws one thing; the rules come from `pathway`."""
