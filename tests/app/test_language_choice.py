"""The language menu on the sign-in page and My account, and the content it switches.

The pages' own words are translated next; the content (requirement titles, the Learn page)
already follows the language chosen.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from components.language_choice import WIDGET_KEY
from components.session import LANGUAGE_KEY, USERNAME_KEY
from pathway.store import Store
from tests.app.conftest import new_session

SPANISH_ABOUT = "Un asistente médico es parte del equipo de salud"
SPANISH_GROUP = "Estudios"


def _choose(app: AppTest, language: str) -> AppTest:
    app.selectbox(key=WIDGET_KEY).select(language).run()
    return app


def _stored_language(data_dir: Path, username: str) -> str | None:
    store = Store(data_dir)
    try:
        account = store.find_account(username)
    finally:
        store.close()
    assert account is not None
    return account.language


def test_the_menu_names_each_language_in_its_own_words(app: AppTest) -> None:
    assert app.selectbox(key=WIDGET_KEY).options == ["English", "Español"]


def test_a_visitors_choice_lasts_the_session(app: AppTest) -> None:
    _choose(app, "es")
    assert app.session_state[LANGUAGE_KEY] == "es"
    assert app.selectbox(key=WIDGET_KEY).label == "Idioma"


def test_a_visitor_who_chose_spanish_reads_the_learn_page_in_spanish(app: AppTest) -> None:
    _choose(app, "es")
    app.switch_page("pages/learn.py").run()
    assert any(SPANISH_ABOUT in block.value for block in app.markdown)


def test_a_new_visitor_reads_english(app: AppTest) -> None:
    app.switch_page("pages/learn.py").run()
    assert not any(SPANISH_ABOUT in block.value for block in app.markdown)


def test_choosing_on_my_account_saves_the_language_with_the_account(
    open_page, app_data_dir: Path
) -> None:
    _choose(open_page("pages/account.py"), "es")
    assert _stored_language(app_data_dir, "maria") == "es"


def test_a_saved_language_shows_the_requirements_in_spanish(open_page) -> None:
    _choose(open_page("pages/account.py"), "es")
    checklist = open_page("pages/checklist.py")
    assert SPANISH_GROUP in [header.value for header in checklist.subheader]


def test_a_saved_language_follows_the_account_into_a_new_session(
    open_page, app_data_dir: Path
) -> None:
    _choose(open_page("pages/account.py"), "es")
    later = new_session("maria")
    later.switch_page("pages/checklist.py").run()
    assert later.session_state[USERNAME_KEY] == "maria"
    assert SPANISH_GROUP in [header.value for header in later.subheader]
