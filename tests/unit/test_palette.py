"""The charts' palette: every figure draws only its colours, and they stay apart when colour-blind.

Colour-blindness is simulated with Machado, Oliveira and Fernandes' (2009) matrices at full
severity, applied in linear RGB; distance is CIELAB ΔE*ab (1976) under D65. MIN_DISTANCE is 15:
about six times the just-noticeable difference of 2.3 for large patches, because chart marks are
small (a thin radar line, a marker, a heatmap cell) and small marks need far larger differences
to be told apart (Stone, Szafir and Setlur 2014). Okabe–Ito's own closest pair under tritanopia,
bluish green and sky blue, sits at about 16.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import plotly.graph_objects as go
import pytest

from components.figures import (
    class_radar_figure,
    plan_figure,
    radar_figure,
    recertification_figure,
    requirement_heatmap,
    requirement_shares_figure,
    roadmap_figure,
)
from components.palette import CATEGORICAL, PALETTE
from pathway.credentials import RulePart
from pathway.plan import PlannedStep
from pathway.records import ItemState
from pathway.skills import ClassSkill
from tests.unit.test_figures import ROWS, make_steps

MIN_DISTANCE = 15.0

SIMULATIONS = {
    "typical vision": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}
"""Machado et al. (2009), severity 1.0: linear RGB in, linear RGB as that reader sees it out."""

Matrix = tuple[tuple[float, float, float], ...]


def _linear(hex_colour: str) -> tuple[float, ...]:
    channels = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen_as(hex_colour: str, matrix: Matrix) -> tuple[float, float, float]:
    """`hex_colour` in CIELAB as a reader with the simulated vision sees it."""
    rgb = _linear(hex_colour)
    return _lab(tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix))


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_every_two_chart_colours_stay_apart(vision: str) -> None:
    matrix = SIMULATIONS[vision]
    closest = min(
        (math.dist(seen_as(a, matrix), seen_as(b, matrix)), a, b)
        for a, b in itertools.combinations(CATEGORICAL, 2)
    )
    assert closest[0] >= MIN_DISTANCE, closest


def test_the_simulation_merges_red_and_green_for_a_deuteranope() -> None:
    # The check's own check: a pair every deuteranope confuses must come out close.
    red, green = "#FF0000", "#00C000"
    matrix = SIMULATIONS["deuteranopia"]
    assert math.dist(seen_as(red, matrix), seen_as(green, matrix)) < MIN_DISTANCE


def every_figure() -> Iterator[tuple[str, go.Figure]]:
    """Each chart builder once, with a little data in every state it can draw."""
    states = [ItemState.DONE, ItemState.IN_PROGRESS, ItemState.NOT_STARTED, ItemState.SKIPPED]
    steps = make_steps(4)
    start = date(2026, 1, 5)
    plan = [
        PlannedStep(step, start + timedelta(weeks=n), start + timedelta(weeks=n, days=6))
        for n, step in enumerate(steps)
    ]
    yield "radar", radar_figure(ROWS, show_first=True)
    yield "class radar", class_radar_figure([ClassSkill("Teamwork", 3, 2.5, 1, 4, 6)])
    yield "roadmap", roadmap_figure(steps, states, current=2)
    yield "plan", plan_figure(plan, states, {"step.s3"}, start + timedelta(weeks=3))
    yield "recertification", recertification_figure([RulePart("Total", 60, 20)], "points")
    yield "shares", requirement_shares_figure({"CPR": Counter(states)})
    yield "heatmap", requirement_heatmap(["Ana"], ["A", "B", "C", "D"], [states])


def colours_in(node: object, under_colour_key: bool = False) -> Iterator[str]:
    """Every colour string in a figure's JSON: values under keys naming a colour, or a scale."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "template":
                yield from colours_in(value, key.endswith("color") or key == "colorscale")
    elif isinstance(node, list | tuple):
        for value in node:
            yield from colours_in(value, under_colour_key)
    elif isinstance(node, str) and under_colour_key and node:
        yield node.upper()


@pytest.mark.parametrize(("name", "figure"), list(every_figure()))
def test_every_chart_draws_only_palette_colours(name: str, figure: go.Figure) -> None:
    used = set(colours_in(figure.to_plotly_json()))
    assert used, f"{name} names no colour, so Plotly's own would be used"
    assert used <= PALETTE, f"{name} uses {used - PALETTE}"


@pytest.mark.parametrize(("name", "figure"), list(every_figure()))
def test_no_trace_falls_back_on_plotlys_colours(name: str, figure: go.Figure) -> None:
    for trace in figure.data:
        own = list(colours_in(trace.to_plotly_json()))
        assert own, f"{name}: trace {trace.name!r} takes its colour from Plotly's colorway"
