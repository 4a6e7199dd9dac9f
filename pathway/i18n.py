"""Which language a run speaks, its interface words, and dates and numbers written for it.

The interface catalogue is gettext: `locales/<language>/LC_MESSAGES/messages.po`, read with
Babel once per process (docs/TRANSLATION.md says why the `.po` is read as it is rather than
compiled). English is the source language: its messages are the msgids, so English needs no
file and a message missing from a catalogue shows in English rather than as a key. The
content of `roadmap_data/` is translated by its own overlay (pathway/content/translations.py).
The caller passes in what it knows (the account's choice, the browser's Accept-Language
header): this module never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal, TypeGuard, get_args

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from pathway.settings import PROJECT_ROOT

Language = Literal["en", "es"]
"""A language the app speaks, as its ISO 639-1 code (what an account stores)."""

LANGUAGES: tuple[Language, ...] = get_args(Language)
ENGLISH: Language = "en"

LANGUAGE_NAMES: Mapping[Language, str] = {"en": "English", "es": "Español"}
"""Each language in its own words, as a language menu shows it: a reader finds their own."""

LOCALES: Mapping[Language, str] = {"en": "en_US", "es": "es_US"}
"""The Babel locale behind each language. The app serves US schools, so Spanish is US Spanish:
dates in Spanish words, numbers with the decimal point and comma grouping US readers expect."""

LOCALES_DIR = PROJECT_ROOT / "locales"
"""The gettext catalogues, one `<language>/LC_MESSAGES/messages.po` each, beside the code."""


def is_language(code: object) -> TypeGuard[Language]:
    """Whether `code` is a language the app speaks (for a stored or submitted value)."""
    return code in LANGUAGES


def browser_language(accept_language: str | None) -> Language | None:
    """The language the browser prefers most among those the app speaks; None if none.

    `accept_language` is the HTTP header, e.g. `es-MX,es;q=0.9,en;q=0.5`: ranges are tried by
    quality (1 when unstated, ties in the header's order), a region falls back to its language
    (`es-419` is Spanish), and `q=0`, unknown languages, `*` and malformed parts are ignored.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        quality = _quality(parameters)
        if tag and quality > 0:
            ranked.append((-quality, position, tag.split("-")[0].lower()))
    for _, _, code in sorted(ranked):
        if is_language(code):
            return code
    return None


def _quality(parameters: list[str]) -> float:
    """The `q` of one Accept-Language range: 1 when absent, 0 (not acceptable) when unreadable."""
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                return 0.0
            return quality if 0 <= quality <= 1 else 0.0
    return 1.0


def run_language(chosen: str | None, accept_language: str | None) -> Language:
    """The language of one run: the person's choice, else the browser's preference, else English.

    `chosen` is the signed-in account's stored language, or a visitor's choice for the session;
    None (or anything the app does not speak, such as a language since withdrawn) defers to
    the browser.
    """
    if chosen is not None and is_language(chosen):
        return chosen
    return browser_language(accept_language) or ENGLISH


@dataclass(frozen=True)
class Translator:
    """The interface words of one language: `gettext` and `pgettext` as in the gettext module.

    The method names are gettext's own, so `pybabel extract` finds every call with its default
    keywords.
    """

    language: Language
    messages: Mapping[tuple[str | None, str], str]
    """Translated text by (context, English message); only the entries translated."""

    def gettext(self, message: str) -> str:
        """`message` in this language, or as it is when the catalogue lacks it."""
        return self.messages.get((None, message), message)

    def pgettext(self, context: str, message: str) -> str:
        """`message` as used in `context` (one English word can need two Spanish ones)."""
        return self.messages.get((context, message), message)


@cache
def translator(language: Language) -> Translator:
    """The translator of `language`, its catalogue read once per process and then shared."""
    if language == ENGLISH:
        return Translator(ENGLISH, {})
    return Translator(language, read_catalogue(catalogue_path(language)))


def catalogue_path(language: Language) -> Path:
    """Where the gettext catalogue of `language` lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"


def read_catalogue(path: Path) -> dict[tuple[str | None, str], str]:
    """The translated, non-fuzzy entries of a `.po` file, by (context, English message).

    A fuzzy entry is a guess `pybabel update` made after the English changed: showing it
    could say something the English no longer says, so it counts as untranslated.
    """
    with path.open("rb") as file:
        catalogue = read_po(file)
    return {
        (message.context, str(message.id)): str(message.string)
        for message in catalogue
        if message.id and message.string and not message.fuzzy
    }


def format_date(day: date, language: Language, *, style: Literal["long", "medium"] = "long") -> str:
    """`day` written for `language`: "December 3, 2026" / "3 de diciembre de 2026" (long)."""
    return babel_format_date(day, format=style, locale=_locale(language))


def format_number(value: float, language: Language, *, decimals: int = 0) -> str:
    """`value` with `language`'s grouping and up to `decimals` decimal places."""
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(language))


@cache
def _locale(language: Language) -> Locale:
    return Locale.parse(LOCALES[language])
