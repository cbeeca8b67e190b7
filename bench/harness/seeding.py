"""Reading the closing line of `geotoolz prewarm` and `geotoolz export` runs."""

from __future__ import annotations

import re

_FINISHED = re.compile(
    r"(?P<label>prewarm|export) finished: rendered (?P<rendered>\d+).*?skipped (?P<skipped>\d+).*?"
    r"(?P<seconds>[\d.]+) s, (?P<rate>[\d.]+) tiles/s")


def finished_line(output: str, label: str) -> dict | None:
    """`{"tiles", "skipped", "seconds", "tiles_per_s"}` from the run's `<label> finished:` line;
    None when the run did not finish."""
    for match in _FINISHED.finditer(output):
        if match.group("label") == label:
            return {"tiles": int(match.group("rendered")), "skipped": int(match.group("skipped")),
                    "seconds": float(match.group("seconds")), "tiles_per_s": float(match.group("rate"))}
    return None
