"""The charts' colours: one colour-blind-safe set that every figure draws from, and nothing else.

The colours are Okabe and Ito's (2008), chosen to stay apart for readers with any of the three
common colour-vision deficiencies; their grey is darkened from #999999 to #555555 so "not
started" stays apart from "done" for deuteranopes (tests/unit/test_palette.py measures it).
Greys and white are for outlines, hatching and the path, never for telling two things apart.
"""

from __future__ import annotations

BLUISH_GREEN = "#009E73"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUE = "#0072B2"
VERMILION = "#D55E00"
GREY = "#555555"

CATEGORICAL = (BLUISH_GREEN, ORANGE, SKY_BLUE, BLUE, VERMILION, GREY)
"""Colours that tell series or states apart: any two stay distinct under colour-blindness."""

WHITE = "#FFFFFF"
LIGHT_GREY = "#CCCCCC"
DARK_GREY = "#333333"
BLACK = "#000000"
NEUTRALS = (WHITE, LIGHT_GREY, DARK_GREY, BLACK)
"""Fills, outlines, hatching and text on the charts: they carry no meaning by colour."""

PALETTE = frozenset(CATEGORICAL + NEUTRALS)
"""Every colour a chart may use."""
