"""Rebuild the interface catalogue's template and bring each language's `.po` up to date.

`python -m pathway.catalogue` does what `pybabel extract` and `pybabel update` do, with one
addition: besides every `gettext` / `pgettext` call in the app's code (found by Babel's own
extractor and keywords), the template holds the words of pathway/words.py, which live in a
mapping keyed by enum rather than in calls. Each language's `messages.po` then gains the new
messages untranslated, marks changed ones fuzzy and drops withdrawn ones, as `pybabel update`
does. tests/unit/test_i18n_catalogue.py fails while the files are out of date.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from pathway.i18n import ENGLISH, LANGUAGES, LOCALES, LOCALES_DIR, catalogue_path
from pathway.settings import PROJECT_ROOT
from pathway.words import ENGLISH as ENGLISH_WORDS
from pathway.words import word_context

TEMPLATE_PATH = LOCALES_DIR / "messages.pot"
SOURCE_FILES = [
    ("app.py", "python"),
    ("pages/**.py", "python"),
    ("components/**.py", "python"),
    ("pathway/**.py", "python"),
]
"""The code whose messages people read (pybabel's method map); tests and bench are not."""


def template() -> Catalog:
    """Every interface message of the app, with the files and lines that use it."""
    catalogue = _new_catalogue(None)
    for file_name, line, message, _comments, context in extract_from_dir(
        PROJECT_ROOT, SOURCE_FILES
    ):
        if isinstance(message, str):  # the app uses no plural forms (ngettext) yet
            catalogue.add(message, context=context, locations=[(file_name, line)])
    words_file = "pathway/words.py"
    for value, english in ENGLISH_WORDS.items():
        catalogue.add(english, context=word_context(value), locations=[(words_file, 0)])
    return catalogue


def update_catalogues(current: Catalog) -> list[Path]:
    """Write `current` as the template and update every language's `.po` from it."""
    written = [TEMPLATE_PATH]
    _write(TEMPLATE_PATH, current)
    for language in LANGUAGES:
        if language == ENGLISH:
            continue
        path = catalogue_path(language)
        if path.exists():
            with path.open("rb") as file:
                catalogue = read_po(file, locale=LOCALES[language])
        else:
            catalogue = _new_catalogue(LOCALES[language])
        catalogue.update(current)
        catalogue.obsolete.clear()  # withdrawn messages go: git keeps their history
        _write(path, catalogue)
        written.append(path)
    return written


def _new_catalogue(locale: str | None) -> Catalog:
    return Catalog(locale, project="MA Pathway", copyright_holder="MA Pathway", fuzzy=False)


def _write(path: Path, catalogue: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalogue, width=100, omit_header=False, sort_output=True)


if __name__ == "__main__":
    for written_path in update_catalogues(template()):
        print(written_path.relative_to(PROJECT_ROOT))
