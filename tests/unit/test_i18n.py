"""The language of a run, the interface catalogue, and dates and numbers in each language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pathway.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    Translator,
    browser_language,
    format_date,
    format_number,
    read_catalogue,
    run_language,
    translator,
)


def test_a_browser_asking_for_spanish_first_gets_spanish() -> None:
    assert browser_language("es-MX,es;q=0.9,en;q=0.8") == "es"


def test_quality_values_outrank_the_order_of_the_header() -> None:
    assert browser_language("en;q=0.4,es;q=0.9") == "es"


def test_ranges_of_equal_quality_keep_the_headers_order() -> None:
    assert browser_language("en, es") == "en"


def test_a_region_falls_back_to_its_language() -> None:
    assert browser_language("es-419") == "es"


def test_unknown_languages_are_passed_over_for_one_the_app_speaks() -> None:
    assert browser_language("fr-FR,de;q=0.9,es;q=0.3") == "es"


def test_a_browser_asking_only_for_unknown_languages_gets_none() -> None:
    assert browser_language("fr-FR,de;q=0.9,*;q=0.1") is None


def test_a_language_the_browser_refuses_with_q_zero_is_not_chosen() -> None:
    assert browser_language("es;q=0,en;q=0.1") == "en"


def test_malformed_ranges_are_ignored() -> None:
    assert browser_language("es;q=high,;;,en;q=2,=,es-US;q=0.5") == "es"


def test_no_header_gives_no_browser_language() -> None:
    assert browser_language(None) is None


def test_the_persons_choice_wins_over_the_browser() -> None:
    assert run_language("en", "es-MX,es;q=0.9") == "en"


def test_without_a_choice_the_browser_decides() -> None:
    assert run_language(None, "es-MX") == "es"


def test_a_stored_language_the_app_no_longer_speaks_defers_to_the_browser() -> None:
    assert run_language("pt", "es") == "es"


def test_without_choice_or_browser_the_run_is_in_english() -> None:
    assert run_language(None, None) == "en"


def test_every_language_has_a_name_in_its_own_words() -> None:
    assert set(LANGUAGE_NAMES) == set(LANGUAGES)


def test_english_messages_are_their_own_translation() -> None:
    assert translator("en").gettext("Sign in") == "Sign in"


def test_a_message_missing_from_a_catalogue_shows_in_english() -> None:
    assert translator("es").gettext("A message nobody wrote yet") == "A message nobody wrote yet"


def test_a_context_picks_its_own_translation() -> None:
    spanish = Translator("es", {("ItemState", "Done"): "Completado", (None, "Done"): "Listo"})
    assert (spanish.pgettext("ItemState", "Done"), spanish.gettext("Done")) == (
        "Completado",
        "Listo",
    )


def test_fuzzy_and_empty_entries_count_as_untranslated(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Sign in"\nmsgstr "Iniciar sesión"\n\n'
        '#, fuzzy\nmsgid "Sign out"\nmsgstr "Cerrar"\n\n'
        'msgid "Language"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert read_catalogue(po) == {(None, "Sign in"): "Iniciar sesión"}


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "December 3, 2026"), ("es", "3 de diciembre de 2026")]
)
def test_a_long_date_is_written_in_the_language(language, expected) -> None:
    assert format_date(date(2026, 12, 3), language) == expected


def test_a_medium_date_abbreviates_the_month_in_spanish() -> None:
    assert format_date(date(2026, 12, 3), "es", style="medium") == "3 dic 2026"


@pytest.mark.parametrize("language", ["en", "es"])
def test_numbers_use_us_grouping_and_decimal_point_in_both_languages(language) -> None:
    assert format_number(45690.5, language, decimals=1) == "45,690.5"


def test_a_whole_number_has_no_decimals_unless_asked() -> None:
    assert format_number(160.4, "es") == "160"
