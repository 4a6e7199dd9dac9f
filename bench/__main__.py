"""Every benchmark in order: `python -m bench` (`--quick` for small sizes, in about a minute).

Store, pages, browser, memory, sign-in check: each prints its own JSON lines and table
as it finishes.
"""

from __future__ import annotations

import argparse

from bench import browser_bench, memory_bench, page_bench, session_bench, store_bench

QUICK_ARGUMENTS = {
    store_bench: ["--learners", "10", "100"],
    page_bench: ["--learners", "30", "100", "--reruns", "3"],
    browser_bench: ["--clicks", "10"],
    memory_bench: ["--learners", "500"],
    session_bench: ["--sign-ins", "10", "1000"],
}
"""Each bench's arguments under --quick; without it every bench runs its own defaults."""


def main() -> None:
    """Run the benches one after another."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer runs")
    args = parser.parse_args()
    for bench, quick_arguments in QUICK_ARGUMENTS.items():
        print(f"== {bench.__name__}", flush=True)
        bench.main(quick_arguments if args.quick else [])


if __name__ == "__main__":
    main()
