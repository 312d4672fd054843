"""Every change to a programme's definition."""

from __future__ import annotations

from pathlib import Path

from jmdi.programmes.loader import LoadReport, load_programme


def load_programme_file(*, path: Path, display_name: str | None = None) -> LoadReport:
    """Load (or reload) a programme file: all-or-nothing, idempotent, with history."""
    return load_programme(path, display_name)
