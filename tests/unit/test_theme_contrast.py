"""The theme in .streamlit/config.toml keeps text, faded text and caption links at WCAG AA.

Streamlit draws captions as their container at 60% opacity (measured in Chromium with Streamlit
1.67), so faded text is the colour blended 60/40 with the background beneath it.
"""

from __future__ import annotations

import tomllib

import pytest

from tests.e2e.server import PROJECT_ROOT

CONFIG = PROJECT_ROOT / ".streamlit" / "config.toml"
FADED_OPACITY = 0.6
AA_TEXT = 4.5
SCHEMES = ["light", "dark"]
BACKGROUNDS = ["backgroundColor", "secondaryBackgroundColor"]
FOREGROUNDS = ["textColor", "linkColor"]

RGB = tuple[float, float, float]


def rgb(hex_colour: str) -> RGB:
    """'#RRGGBB' as three channels from 0 to 255."""
    digits = hex_colour.lstrip("#")
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def blend(front: RGB, back: RGB, opacity: float) -> RGB:
    """`front` drawn at `opacity` over `back`, as the browser composites it."""
    red, green, blue = (opacity * f + (1 - opacity) * b for f, b in zip(front, back, strict=True))
    return (red, green, blue)


def luminance(colour: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    linear = [c / 255 for c in colour]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in linear]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: RGB, other: RGB) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def theme(scheme: str) -> dict[str, str]:
    """The [theme.<scheme>] table of the app's config."""
    with CONFIG.open("rb") as config:
        return tomllib.load(config)["theme"][scheme]


def test_the_contrast_formula_gives_black_on_white_21() -> None:
    assert contrast(rgb("#000000"), rgb("#FFFFFF")) == pytest.approx(21)


def test_faded_text_matches_the_colour_measured_in_the_browser() -> None:
    # main's old textColor #1F2933 showed captions as #727b81 on #EEF6F6 (axe, issue 14).
    faded = blend(rgb("#1F2933"), rgb("#EEF6F6"), FADED_OPACITY)
    assert [round(c) for c in faded] == list(rgb("#727B81"))


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("foreground", FOREGROUNDS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_text_reaches_aa_on_each_background(scheme: str, foreground: str, background: str) -> None:
    colours = theme(scheme)
    assert contrast(rgb(colours[foreground]), rgb(colours[background])) >= AA_TEXT


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("foreground", FOREGROUNDS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_faded_text_reaches_aa_on_each_background(
    scheme: str, foreground: str, background: str
) -> None:
    colours = theme(scheme)
    back = rgb(colours[background])
    faded = blend(rgb(colours[foreground]), back, FADED_OPACITY)
    assert contrast(faded, back) >= AA_TEXT
