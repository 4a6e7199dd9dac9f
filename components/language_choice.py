"""The language menu: for a visitor it lasts the session, for an account it is saved with it."""

from __future__ import annotations

import streamlit as st

from components.data_errors import saving
from components.session import LANGUAGE_KEY, current_language, store_or_stop
from pathway.accounts import Account
from pathway.i18n import LANGUAGE_NAMES, LANGUAGES, Language, translator

WIDGET_KEY = "language_menu"


def language_choice(account: Account | None = None) -> None:
    """A menu of the app's languages, each in its own words, set to the run's language.

    With `account` the choice is stored with the account, so it follows the person to any
    browser; without, it lasts until the visitor signs in or closes the tab.
    """
    language = current_language()
    st.selectbox(
        translator(language).gettext("Language"),
        LANGUAGES,
        index=LANGUAGES.index(language),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=WIDGET_KEY,
        on_change=_chosen,
        args=(account,),
    )


@saving
def _chosen(account: Account | None) -> None:
    language: Language = st.session_state[WIDGET_KEY]
    if account is not None:
        store_or_stop().update_account(
            account.username, lambda stored: stored.with_language(language)
        )
    st.session_state[LANGUAGE_KEY] = language
