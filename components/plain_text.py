"""User text (names, titles, notes) placed inside Markdown or Plotly labels, kept literal.

Streamlit renders Markdown in toasts, alerts and captions, and Plotly reads a subset of HTML in
labels; someone's name must never turn into a link, an image or formatting in either.

`markdown_literal` is the one path for user text into Markdown: every message that includes a
name, a title, a note or an error quoting them goes through it (tests/app/test_literal_text.py
checks every call in pages/ and components/).
"""

from __future__ import annotations

import html
import re

from pydantic import ValidationError

_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_WORD_JOINER = "\u2060"
_AUTOLINK_START = re.compile(r"(?<=:)(?=//)|(?i:(?<=\bwww))(?=\.)|(?<=@)")
"""Where GitHub-flavoured Markdown starts a bare link: `scheme://`, `www.` and `name@host`."""


def markdown_literal(text: str) -> str:
    """`text` with every ASCII punctuation mark backslash-escaped and on one line.

    CommonMark lets any ASCII punctuation be escaped, which also stops Streamlit's own
    `:material/...:` icons, `:red[...]` colours and `$...$` formulas. Escaping does not stop
    Streamlit's GFM autolinks (`https://x.example`, `www.x.example`, `a@x.example` become links
    after the escapes are read), so an invisible word joiner breaks each such start.
    """
    unlinked = _AUTOLINK_START.sub(_WORD_JOINER, " ".join(text.split()))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", unlinked)


def plotly_literal(text: str) -> str:
    """`text` with `<`, `>` and `&` as entities, which Plotly shows instead of reading as tags."""
    return html.escape(text, quote=False)


def validation_message(error: ValidationError) -> str:
    """The first rule an entry broke, as one line: "title: String should have at most 200 ..."."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "entry"
    return f"{field}: {first['msg']}"
