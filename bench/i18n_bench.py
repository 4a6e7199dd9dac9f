"""Start-up cost of a second language: the gettext catalogue and the content overlay.

Run `python -m bench.i18n_bench` (optionally `--messages 1500`). Times reading the Spanish
`.po` with Babel, as the app does, against loading the same catalogue compiled to `.mo`
with the standard library's gettext, for the shipped catalogue and for a synthetic one the
size of a fully translated interface; then loading the English content and laying the
Spanish overlay over it. Each is paid once per server process (docs/TRANSLATION.md).
"""

from __future__ import annotations

import argparse
import gettext
import io
import random
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bench.report import print_figures, time_calls
from pathway.content import load_content
from pathway.content.translations import load_translation
from pathway.i18n import catalogue_path, read_catalogue
from pathway.settings import content_dir

REPEAT = 20
WORDS = ("patient", "record", "class", "hours", "credential", "check", "save", "date", "step")


def _synthetic_catalogue(messages: int) -> Catalog:
    """A catalogue of `messages` entries of interface-like length, from a fixed seed."""
    rng = random.Random(42)
    catalogue = Catalog(locale="es_US")
    for number in range(messages):
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 14)))
        catalogue.add(f"{words} {number}", string=f"{words.upper()} {number}")
    return catalogue


def _catalogue_figures(label: str, po_path: Path, folder: Path) -> list[dict]:
    """Reading `po_path` as the app does, and the same catalogue compiled to a `.mo`."""
    with po_path.open("rb") as po_file:
        catalogue = read_po(po_file)
    mo_path = folder / f"{po_path.stem}-{label}.mo"
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalogue)
    entries = sum(1 for message in catalogue if message.id)

    def read_mo() -> None:
        with mo_path.open("rb") as compiled:
            gettext.GNUTranslations(compiled)

    return [
        {"figure": f"{label}: read .po (Babel)", "messages": entries}
        | time_calls(lambda: read_catalogue(po_path), REPEAT),
        {"figure": f"{label}: read compiled .mo (gettext)", "messages": entries}
        | time_calls(read_mo, REPEAT),
    ]


def main(argv: list[str] | None = None) -> None:
    """Print the figures for the shipped catalogue, a synthetic one, and the content overlay."""
    parser = argparse.ArgumentParser(prog="python -m bench.i18n_bench", description=__doc__)
    parser.add_argument("--messages", type=int, default=1500, help="synthetic catalogue size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        synthetic = folder / "synthetic.po"
        buffer = io.BytesIO()
        write_po(buffer, _synthetic_catalogue(args.messages))
        synthetic.write_bytes(buffer.getvalue())
        figures = _catalogue_figures("shipped es", catalogue_path("es"), folder)
        figures += _catalogue_figures("synthetic", synthetic, folder)
    english = load_content(content_dir())
    figures += [
        {"figure": "content: English files"} | time_calls(lambda: load_content(content_dir()), 5),
        {"figure": "content: Spanish overlay on the English"}
        | time_calls(lambda: load_translation(content_dir(), english, "es"), 5),
    ]
    print_figures(figures)


if __name__ == "__main__":
    main()
