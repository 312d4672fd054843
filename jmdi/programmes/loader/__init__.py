"""Read, check and load a programme file (see docs/programme-format.md).

Three steps, one module each:

- `reading`: parse the YAML keeping the line of every value, so each error names the
  file, the line and the field, and says how to fix it;
- `checks`: validate against the schema, then check what a schema cannot (dates that
  exist, codes that resolve, money that adds up at the stated rate);
- `writing`: write the checked data in one transaction, matched by codes. A record whose
  values did not change is not saved again, so a second load of the same file writes
  nothing and adds no history; a record missing from the file is refused, never deleted.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from jmdi.core.i18n import LANGUAGE_CODES
from jmdi.programmes.loader.checks import check_schema, check_semantics
from jmdi.programmes.loader.reading import (
    InvalidProgrammeFile,
    ProgrammeFile,
    ProgrammeFileError,
    field_path,
)
from jmdi.programmes.loader.writing import LoadReport, write_programme


def read_programme_file(path: Path, display_name: str | None = None) -> ProgrammeFile:
    """Parse and check; raises InvalidProgrammeFile with every error found, in line order."""
    file = ProgrammeFile(path, display_name)
    if not file.errors:
        check_schema(file)
    if not file.errors:
        check_semantics(file)
    if file.errors:
        file.errors.sort(key=lambda e: (e.line, e.field))
        raise InvalidProgrammeFile(file.errors)
    return file


def load_programme(path: Path, display_name: str | None = None) -> LoadReport:
    """Check the file, then write it in one transaction. Raises InvalidProgrammeFile."""
    file = read_programme_file(path, display_name)
    report = LoadReport(programme_code=file.data["programme"]["code"])
    with transaction.atomic():
        write_programme(file.data, display_name or path.name, report, file)
    return report


__all__ = [
    "LANGUAGE_CODES",
    "InvalidProgrammeFile",
    "LoadReport",
    "ProgrammeFile",
    "ProgrammeFileError",
    "field_path",
    "load_programme",
    "read_programme_file",
]
