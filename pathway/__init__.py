"""MA Pathway's domain: content, progress rules, skills, accounts and storage.

Nothing in this package imports streamlit, so every rule here is tested directly.
"""
