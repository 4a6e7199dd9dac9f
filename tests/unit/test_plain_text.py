"""Specifies how user text is kept literal inside Markdown and Plotly labels."""

from __future__ import annotations

import string

from components.figures import requirement_heatmap
from components.plain_text import markdown_literal, plotly_literal
from pathway.records import ItemState

HOSTILE = [
    "**bold** _it_ `code`",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    ":red[alarm] :material/delete: $x^2$",
    "# heading",
    "- list item",
]


def unescaped_punctuation(markdown: str) -> list[str]:
    """Punctuation marks not preceded by a backslash: what Markdown could read as markup."""
    found, escaped = [], False
    for character in markdown:
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character in string.punctuation:
            found.append(character)
    return found


def test_markdown_literal_escapes_every_punctuation_mark() -> None:
    for text in HOSTILE:
        assert unescaped_punctuation(markdown_literal(text)) == [], text


def test_markdown_literal_drops_only_the_backslashes_it_added() -> None:
    for text in HOSTILE:
        assert markdown_literal(text).replace("\\", "") == text


def test_markdown_literal_escapes_streamlit_directives_and_formulas() -> None:
    assert markdown_literal(":red[x] $y$") == r"\:red\[x\] \$y\$"


def test_markdown_literal_puts_text_on_one_line() -> None:
    assert markdown_literal("first\nsecond\r\n third") == "first second third"


def test_plotly_literal_turns_tags_into_entities() -> None:
    assert plotly_literal("<b>Ana</b> & co") == "&lt;b&gt;Ana&lt;/b&gt; &amp; co"


def test_heatmap_keeps_a_row_for_each_of_two_learners_with_one_name() -> None:
    states = [[ItemState.DONE], [ItemState.NOT_STARTED]]
    figure = requirement_heatmap(["Ana Silva", "Ana Silva"], ["CPR"], states)
    assert list(figure.data[0].y) == ["Ana Silva", "Ana Silva (2)"]


def test_heatmap_labels_are_escaped() -> None:
    figure = requirement_heatmap(["<a href='x'>Ana</a>"], ["CPR"], [[ItemState.DONE]])
    assert list(figure.data[0].y) == ["&lt;a href='x'&gt;Ana&lt;/a&gt;"]


BARE_LINKS = (
    "see https://evil.example, HTTP://127.0.0.1/x.png, www.evil.example and ana@evil.example"
)


def test_markdown_literal_breaks_bare_links_that_markdown_would_autolink() -> None:
    """Issue 18.9: a class name with a bare URL became a link in the "Joined" toast."""
    shown = markdown_literal(BARE_LINKS).replace("\\", "")
    assert "://" not in shown
    assert "www." not in shown.lower()
    assert "@e" not in shown


def test_markdown_literal_adds_only_backslashes_and_invisible_word_joiners() -> None:
    shown = markdown_literal(BARE_LINKS)
    assert shown.replace("\\", "").replace("\u2060", "") == BARE_LINKS
