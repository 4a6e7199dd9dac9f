"""The interface catalogue files are up to date with the code, and every language is complete."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from pathway.catalogue import TEMPLATE_PATH, template
from pathway.i18n import LANGUAGES, catalogue_path, read_catalogue

TRANSLATED_LANGUAGES = [code for code in LANGUAGES if code != "en"]


def _keys(catalogue) -> set[tuple[str | None, str]]:
    return {(message.context, str(message.id)) for message in catalogue if message.id}


def test_the_stored_template_lists_every_message_of_the_code() -> None:
    with TEMPLATE_PATH.open("rb") as file:
        stored = read_po(file)
    assert _keys(stored) == _keys(template()), "run: python -m pathway.catalogue"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_has_a_translation(language) -> None:
    translated = read_catalogue(catalogue_path(language))
    missing = sorted(_keys(template()) - set(translated), key=str)
    assert not missing, f"untranslated in {catalogue_path(language)}: {missing}"
