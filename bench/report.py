"""Timing and printing shared by every bench: one way to summarise samples and show figures.

A figure is a dict with a `figure` name and, for timings, `median_ms`, `p95_ms` and `runs`;
any other keys (learners, ratio, MiB...) are printed too. Scripts print each figure as one JSON
line, for machines, then a table, for people.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

TABLE_KEYS = ("figure", "learners", "median_ms", "p95_ms", "runs")
"""Keys with their own table column; the rest go to the last column as key=value."""


def summary(samples_ms: list[float]) -> dict:
    """Median, 95th percentile and count of timings already taken, in milliseconds."""
    ordered = sorted(samples_ms)
    return {
        "median_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 3),
        "runs": len(ordered),
    }


def time_calls(action: Callable[[], object], repeat: int) -> dict:
    """Call `action` `repeat` times and summarise how long each call took."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples)


def elapsed_ms(started: float) -> float:
    """Milliseconds since `started`, a `time.perf_counter()` reading."""
    return round((time.perf_counter() - started) * 1000, 3)


def print_figures(figures: list[dict]) -> None:
    """Print every figure as a JSON line, then all of them as one table."""
    for figure in figures:
        print(json.dumps(figure), flush=True)
    print()
    print(f"{'figure':<50} {'learners':>8} {'median ms':>10} {'p95 ms':>9} {'runs':>5}  other")
    for figure in figures:
        other = "  ".join(f"{k}={v}" for k, v in figure.items() if k not in TABLE_KEYS)
        print(
            f"{figure['figure']:<50} {figure.get('learners', ''):>8} "
            f"{_number(figure.get('median_ms')):>10} {_number(figure.get('p95_ms')):>9} "
            f"{figure.get('runs', ''):>5}  {other}"
        )
    print(flush=True)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"
