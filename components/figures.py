"""Plotly figure builders: plain functions from data to a Figure, tested without Streamlit.

Colours come only from `components.palette` (Okabe–Ito), and every state also differs in marker
shape, line dash, hatching or a mark in its cell, so the charts read without colour vision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

import plotly.graph_objects as go

from components.palette import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    DARK_GREY,
    GREY,
    LIGHT_GREY,
    ORANGE,
    SKY_BLUE,
    VERMILION,
    WHITE,
)
from components.plain_text import plotly_literal
from pathway.content.models import Step
from pathway.credentials import RulePart
from pathway.plan import PlannedStep
from pathway.records import ItemState
from pathway.skills import HIGHEST_RATING, ClassSkill, SkillRow
from pathway.words import day, words

STATE_STYLE: dict[ItemState, tuple[str, str]] = {
    ItemState.DONE: (BLUISH_GREEN, "circle"),
    ItemState.IN_PROGRESS: (ORANGE, "diamond"),
    ItemState.NOT_STARTED: (GREY, "circle-open"),
    ItemState.SKIPPED: (SKY_BLUE, "x-thin-open"),
}
"""Colour and marker symbol of each state on the roadmap path."""

_TARGET_COLOUR, _LATEST_COLOUR, _FIRST_COLOUR = BLUE, VERMILION, GREY
_FONT_SIZE, _SPOKE_FONT_SIZE, _DEFAULT_HEIGHT = 12, 11, 450
"""Plotly's default text size and height, and the radar's spoke labels' size."""


def radar_figure(rows: list[SkillRow], *, show_first: bool = False) -> go.Figure:
    """Latest ratings against the target profile, optionally over the first ratings.

    Unrated skills sit at 0 so the shape stays honest; the radial axis is fixed at 0–5 so two
    charts always compare.
    """
    names = [row.name for row in rows]
    figure = go.Figure()
    figure.add_trace(
        _radar_trace(
            names, [row.target for row in rows], "Entry-level target", _TARGET_COLOUR, "dash"
        )
    )
    if show_first:
        first = [row.first_rating or 0 for row in rows]
        figure.add_trace(_radar_trace(names, first, "First rating", _FIRST_COLOUR, "dot"))
    latest = [row.rating or 0 for row in rows]
    figure.add_trace(
        _radar_trace(names, latest, "My latest rating", _LATEST_COLOUR, "solid", fill=True)
    )
    _radar_layout(figure)
    return figure


def _radar_layout(figure: go.Figure) -> None:
    figure.update_layout(
        polar={
            "radialaxis": {"range": [0, HIGHEST_RATING], "dtick": 1, "angle": 90, "tickangle": 90},
            "angularaxis": {"tickfont": {"size": _SPOKE_FONT_SIZE}},
        },
        legend={"orientation": "h", "y": -0.1},
        # Wide side margins: the longest skill names sit at the left and right of the circle,
        # and Plotly does not grow the margins for them (long names are also wrapped).
        margin={"l": 110, "r": 110, "t": 40, "b": 30},
        height=460,
    )


def class_radar_figure(skills: list[ClassSkill]) -> go.Figure:
    """The class average against the target, with the lowest and highest rating as the spread."""
    names = [skill.name for skill in skills]
    figure = go.Figure()
    figure.add_trace(
        _radar_trace(
            names, [s.target for s in skills], "Entry-level target", _TARGET_COLOUR, "dash"
        )
    )
    figure.add_trace(
        _radar_trace(names, [s.highest or 0 for s in skills], "Highest", _FIRST_COLOUR, "dot")
    )
    figure.add_trace(
        _radar_trace(names, [s.lowest or 0 for s in skills], "Lowest", _FIRST_COLOUR, "dashdot")
    )
    figure.add_trace(
        _radar_trace(
            names,
            [s.average or 0 for s in skills],
            "Class average",
            _LATEST_COLOUR,
            "solid",
            fill=True,
        )
    )
    _radar_layout(figure)
    return figure


def _radar_trace(
    names: list[str],
    values: Sequence[float],
    label: str,
    colour: str,
    dash: str,
    *,
    fill: bool = False,
) -> go.Scatterpolar:
    # Repeat the first point at the end so the outline closes.
    spokes = [_two_lines(name) for name in names]
    return go.Scatterpolar(
        r=[*values, values[0]],
        theta=[*spokes, spokes[0]],
        name=label,
        mode="lines+markers",
        line={"color": colour, "dash": dash, "width": 2},
        fill="toself" if fill else "none",
        opacity=0.85,
    )


_SPOKE_LINE = 14
"""Spoke labels longer than this many characters break onto two lines, at the middlemost space."""


def _two_lines(name: str) -> str:
    """`name` as a radar spoke label: long ones on two lines, so the chart's edge cuts none."""
    spaces = [index for index, char in enumerate(name) if char == " "]
    if len(name) <= _SPOKE_LINE or not spaces:
        return name
    middle = min(spaces, key=lambda index: abs(index - len(name) / 2))
    return f"{name[:middle]}<br>{name[middle + 1 :]}"


def roadmap_figure(steps: list[Step], states: list[ItemState], current: int | None) -> go.Figure:
    """The twelve steps as a path of markers, one per state, with the current step marked."""
    numbers = [step.number for step in steps]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=numbers,
            y=[0] * len(steps),
            mode="lines",
            line={"color": LIGHT_GREY, "width": 3},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for state, (colour, symbol) in STATE_STYLE.items():
        members = [i for i, step_state in enumerate(states) if step_state is state]
        # A state with no step yet gets one empty point, so the legend always
        # explains every marker the learner will meet.
        figure.add_trace(
            go.Scatter(
                x=_or_placeholder([numbers[i] for i in members]),
                y=_or_placeholder([0] * len(members)),
                mode="markers+text",
                marker={"size": 26, "color": colour, "symbol": symbol, "line": {"width": 2}},
                text=[str(numbers[i]) for i in members],
                textposition="bottom center",
                hovertext=[
                    f"Step {numbers[i]}: {steps[i].title} ({words(state)})" for i in members
                ],
                hoverinfo="text",
                name=words(state),
            )
        )
    if current is not None:
        figure.add_annotation(
            x=current,
            y=0,
            text="You are here",
            showarrow=True,
            arrowhead=2,
            ax=0,
            ay=-40,
            standoff=14,
        )
    figure.update_layout(
        xaxis={"visible": False, "range": [0.4, len(steps) + 0.6]},
        yaxis={"visible": False, "range": [-1, 1]},
        legend={"orientation": "h", "y": -0.15},
        height=200,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return figure


def recertification_figure(parts: list[RulePart], unit: str) -> go.Figure:
    """Earned against required for each part of a recertification rule, as paired bars.

    The bars lie flat with the parts' names beside them: on a phone, names under upright bars
    were tilted and cut off at the chart's edge; beside flat bars they take the room they need.
    """
    labels = [part.label for part in parts]
    figure = go.Figure(
        [
            go.Bar(
                name="Required",
                orientation="h",
                y=labels,
                x=[part.required for part in parts],
                marker={"color": WHITE, "line": {"color": _TARGET_COLOUR, "width": 2}},
            ),
            go.Bar(
                name="Earned",
                orientation="h",
                y=labels,
                x=[part.earned for part in parts],
                marker={"color": _TARGET_COLOUR, "pattern": {"shape": "/"}},
            ),
        ]
    )
    figure.update_layout(
        barmode="group",
        xaxis={"title": unit.capitalize(), "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.25},
        height=max(240, 56 * len(parts) + 120),
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
    )
    return figure


def plan_figure(
    planned: list[PlannedStep], states: list[ItemState], overdue: set[str], today: date
) -> go.Figure:
    """The dated plan as a timeline: a bar per step from day one, coloured by state.

    Steps stay in their own order (a category axis listing every step), whatever their state;
    overdue bars are hatched, a dashed line marks today, and the legend names every state.
    """
    figure = go.Figure()
    for state, (colour, _symbol) in STATE_STYLE.items():
        members = [entry for entry, s in zip(planned, states, strict=True) if s is state]
        figure.add_trace(
            go.Bar(
                name=words(state),
                orientation="h",
                y=_or_placeholder([_plan_label(entry) for entry in members]),
                base=_or_placeholder([entry.starts_on.isoformat() for entry in members]),
                x=_or_placeholder([_milliseconds(entry) for entry in members]),
                marker={
                    "color": colour,
                    # Overdue bars keep their state's colour under a hatch and a dark outline,
                    # so "late" reads without colour too.
                    "pattern": {
                        "shape": ["x" if entry.step.id in overdue else "" for entry in members],
                        "fillmode": "overlay",
                        "fgcolor": DARK_GREY,
                    },
                    "line": {
                        "color": [
                            DARK_GREY if entry.step.id in overdue else colour for entry in members
                        ],
                        "width": 2,
                    },
                },
                hovertext=[_plan_hover(entry, entry.step.id in overdue) for entry in members],
                hoverinfo="text",
            )
        )
    figure.add_shape(
        type="line",
        x0=today,
        x1=today,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": VERMILION, "width": 2, "dash": "dash"},
    )
    figure.add_annotation(
        x=today, y=1, yref="paper", text="Today", showarrow=False, yanchor="bottom"
    )
    figure.update_layout(
        barmode="overlay",
        xaxis={"type": "date"},
        # A category axis that lists every step: without it a state with no step yet (the
        # legend's placeholder) makes the axis numeric and hides every bar, and categories
        # follow the traces' order, drawing a skipped step 6 below step 12.
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [_plan_label(entry) for entry in planned],
            "autorange": "reversed",
            "automargin": True,
        },
        legend={"orientation": "h", "y": -0.15},
        height=420,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return figure


def _plan_label(entry: PlannedStep) -> str:
    return f"{entry.step.number}. {entry.step.title}"


_Point = TypeVar("_Point")


def _or_placeholder(points: list[_Point]) -> list[_Point | None]:
    """`points`, or one empty point so a state with no member still shows in the legend."""
    padded: list[_Point | None] = list(points)
    return padded or [None]


def _milliseconds(entry: PlannedStep) -> int:
    # A date-axis bar's length is in milliseconds; the end date is inclusive.
    return ((entry.ends_on - entry.starts_on).days + 1) * 86_400_000


def _plan_hover(entry: PlannedStep, overdue: bool) -> str:
    late = " — overdue" if overdue else ""
    return f"Step {entry.step.number}: {day(entry.starts_on)} – {day(entry.ends_on)}{late}"


_SHARE_STATES = (ItemState.DONE, ItemState.IN_PROGRESS, ItemState.NOT_STARTED)


def requirement_shares_figure(shares: dict[str, Counter[ItemState]]) -> go.Figure:
    """Per requirement, how many learners are done, in progress or not started, stacked."""
    titles = list(shares)
    figure = go.Figure(
        [
            go.Bar(
                name=words(state),
                orientation="h",
                y=titles,
                x=[shares[title][state] for title in titles],
                marker={"color": STATE_STYLE[state][0], "pattern": {"shape": pattern}},
            )
            for state, pattern in zip(_SHARE_STATES, ("", "/", "."), strict=True)
        ]
    )
    figure.update_layout(
        barmode="stack",
        xaxis={"title": "Learners", "tickformat": "d"},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.08},
        height=max(300, 24 * len(titles) + 120),
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
    )
    return figure


_HEATMAP_LEVELS = (ItemState.NOT_STARTED, ItemState.IN_PROGRESS, ItemState.DONE)
"""The heatmap's colour steps, lowest first; skipped is drawn as done, as it counts the same."""

HEATMAP_MARKS = {ItemState.NOT_STARTED: "", ItemState.IN_PROGRESS: "…", ItemState.DONE: "✓"}
"""The mark printed in each heatmap cell, so its state reads without telling colours apart."""


def requirement_heatmap(
    learners: list[str], titles: list[str], states: list[list[ItemState]]
) -> go.Figure:
    """Learners x requirements, one cell per state, with a colour key naming each state.

    Names are escaped, so none is read as Plotly's HTML, and numbered when two are the same, so
    two learners with one name keep two rows (a category axis would merge them).
    """
    level = {state: index for index, state in enumerate(_HEATMAP_LEVELS)}
    z = [[level.get(state, level[ItemState.DONE]) for state in row] for row in states]
    steps = len(_HEATMAP_LEVELS)
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=titles,
            y=_distinct([plotly_literal(learner) for learner in learners]),
            text=[[words(state) for state in row] for row in states],
            customdata=[[_heatmap_mark(state) for state in row] for row in states],
            texttemplate="%{customdata}",
            textfont={"color": BLACK},
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            zmin=-0.5,
            zmax=steps - 0.5,
            # A stepped scale: each state owns an equal band, so cells show one flat colour
            # each and the colour bar's ticks sit in the middle of their band.
            colorscale=[
                [(index + edge) / steps, STATE_STYLE[state][0]]
                for index, state in enumerate(_HEATMAP_LEVELS)
                for edge in (0, 1)
            ],
            colorbar={
                "tickvals": list(range(steps)),
                "ticktext": [
                    f"{HEATMAP_MARKS[state]} {words(state)}".strip() for state in _HEATMAP_LEVELS
                ],
                "title": {"text": "State"},
                "thickness": 14,
            },
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        xaxis={"tickangle": -45, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        height=max(300, 28 * len(learners) + 220),
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
    )
    return figure


def _heatmap_mark(state: ItemState) -> str:
    # Skipped counts as done, so it shares done's mark as it shares its colour.
    return HEATMAP_MARKS.get(state, HEATMAP_MARKS[ItemState.DONE])


def enlarged(figure: go.Figure, scale: float = 1.5) -> go.Figure:
    """`figure` with its text `scale` times larger, for projector mode on a classroom screen."""
    figure.update_layout(
        font={"size": round(_FONT_SIZE * scale)},
        height=round((figure.layout.height or _DEFAULT_HEIGHT) * scale),
    )
    # The radar sets its spoke labels' size itself, so they grow here too.
    figure.update_polars(angularaxis_tickfont_size=round(_SPOKE_FONT_SIZE * scale))
    return figure


def _distinct(labels: list[str]) -> list[str]:
    """`labels` with the second and later copies of a label numbered: "Ana (2)"."""
    seen: Counter[str] = Counter()
    distinct = []
    for label in labels:
        seen[label] += 1
        distinct.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return distinct
