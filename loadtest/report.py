"""The load check's figures as a Markdown table, from the summary the locustfile writes.

    python loadtest/report.py var/loadcheck/summary.json

Per page and overall: requests, failures, median (p50) and 95th-percentile (p95)
response times in milliseconds (locust's own percentiles, over every request of the run),
and requests per second. Failures, if any, are listed below the table with their cause.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def _row(name: str, figures: dict[str, Any]) -> str:
    return (
        f"| {name} | {figures['requests']:,} | {figures['failures']:,} "
        f"| {figures['p50_ms']:,} | {figures['p95_ms']:,} | {figures['requests_per_s']:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("summary", type=Path, help="summary.json written at the end of a run")
    summary = json.loads(parser.parse_args().summary.read_text())

    low, high = summary["think_time"]
    print(
        f"\nLoad check: {summary['users']} users for {summary['run_time']} s against "
        f"{summary['host']}, {low:g} to {high:g} s on each page\n"
    )
    print("| page | requests | failures | p50 ms | p95 ms | requests/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for page in summary["pages"]:
        print(_row(page["name"], page))
    print(_row("**all requests**", summary["total"]))
    if summary["errors"]:
        print("\nFailures:")
        for error in summary["errors"]:
            print(f"- {error['name']}: {error['error']} ({error['occurrences']} times)")


if __name__ == "__main__":
    main()
