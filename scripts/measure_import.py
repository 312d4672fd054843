"""Time the import of a large spreadsheet of initiatives and report its peak memory
(not a test).

    .venv/bin/python scripts/measure_import.py [--rows 5000] [--keep]

Writes an XLSX of ROWS initiatives (eight countries, 480 lead authorities, two partners
each, themes, countries of destination, dates and budgets) to a temporary file, then
imports it in this fresh process against the database the settings point at
(DATABASE_URL), the way the background job does: the file streamed from disk, every row
checked, then everything written in one transaction. It prints the wall time of the
import, the process's peak resident memory (ru_maxrss, which includes Django and
openpyxl) and the peak of the memory Python allocated during the import (tracemalloc).
Everything is rolled back at the end unless --keep is given. Targets: under 60 s and
under 512 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import transaction  # noqa: E402

from jmdi.accounts.services import assign_role, create_person  # noqa: E402
from jmdi.initiatives import imports  # noqa: E402
from jmdi.initiatives.models import Initiative, Theme  # noqa: E402
from jmdi.programmes.models import Programme  # noqa: E402

CODE = os.environ.get("JMDI_DEFAULT_PROGRAMME", "jmdi-2")
COUNTRIES = ["CR", "SV", "EC", "MA", "TN", "SN", "PH", "NP"]
DESTINATIONS = ["FR", "ES", "IT", "BE", "US", "DE", "SA", "MA", "SN"]
ROLES = ["implementing", "technical", "funding", "associate"]


def write_workbook(path: Path, rows: int, seed: int = 2014) -> None:
    rng = random.Random(seed)
    themes = list(Theme.objects.values_list("code", flat=True))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Initiatives")
    sheet.append([str(column.label) for column in imports.COLUMNS])
    for n in range(rows):
        country = COUNTRIES[n % len(COUNTRIES)]
        start = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
        partners = "; ".join(
            f"Association {country} {number} ({rng.choice(ROLES)})"
            for number in rng.sample(range(200), 2)
        )
        sheet.append(
            [
                f"{country}-{n:05d}",
                f"Initiative {n} on migration and local development",
                "Diaspora associations and the municipality co-finance local services. " * 3,
                rng.choice(["en", "fr", "es"]),
                f"Commune {country} {n % 60}",
                country,
                partners,
                country,
                "; ".join(rng.sample(DESTINATIONS, 2)),
                rng.choice(["yes", "no"]),
                "; ".join(rng.sample(["emigration", "immigration", "transit", "return"], 2)),
                "; ".join(rng.sample(themes, 2)),
                rng.choice(["targeted", "mainstreamed", "none", ""]),
                "; ".join(rng.sample(["migrants", "diaspora", "women", "youth"], 2)),
                rng.choice(["urban", "rural", "both"]),
                start,
                start + dt.timedelta(days=rng.randrange(180, 1200)),
                round(rng.uniform(5_000, 500_000), 2),
                "EUR",
                "",
                "Mapping 2013",
                "mapped",
                rng.choice(["yes", "no"]),
            ]
        )
    workbook.save(path)


def run(actor: object, programme: Programme, path: Path) -> imports.ImportResult:
    with path.open("rb") as file:
        return imports.import_initiatives(actor=actor, programme=programme, file=file, kind="xlsx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="commit the imported rows")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run")
    options = parser.parse_args()
    if not Programme.objects.filter(code=CODE).exists():
        sys.exit("Load the programme first (manage.py loadprogramme or make run's set-up).")
    programme = Programme.objects.get(code=CODE)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "initiatives.xlsx"
        write_workbook(path, options.rows)
        size_kb = path.stat().st_size / 1024
        with transaction.atomic():
            actor = create_person(
                actor=None,
                email=f"import-measure-{time.time_ns()}@example.org",
                full_name="Import measure",
                password=None,
                verified=True,
            )
            assign_role(actor=None, user=actor, role="pmu_officer", country=None, organisation=None)
            before = Initiative.objects.filter(programme=programme).count()
            # Timed without tracemalloc (which slows every allocation), then undone...
            savepoint = transaction.savepoint()
            start = time.perf_counter()
            result = run(actor, programme, path)
            elapsed = time.perf_counter() - start
            after = Initiative.objects.filter(programme=programme).count()
            transaction.savepoint_rollback(savepoint)
            # ...then again with tracemalloc, for the peak of what the import allocates.
            traced_peak = traced_elapsed = 0.0
            if not options.no_trace:
                tracemalloc.start()
                start = time.perf_counter()
                run(actor, programme, path)
                traced_elapsed = time.perf_counter() - start
                _current, traced_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            if not options.keep:
                transaction.set_rollback(True)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not result.ok:
        for error in result.errors[:20]:
            print(f"row {error.row} {error.column}: {error.reason}")
        sys.exit("The generated file was refused.")
    print(
        f"import of {options.rows} rows ({size_kb:.0f} KB, {django.db.connection.vendor}): "
        f"{elapsed:.1f} s; created {result.created}, updated {result.updated}, "
        f"unchanged {result.unchanged}, organisations added {result.organisations_created} "
        f"(initiatives {before} -> {after}); peak resident memory {rss_mb:.0f} MB; "
        f"peak traced by tracemalloc {traced_peak / 1024 / 1024:.0f} MB "
        f"(traced run {traced_elapsed:.1f} s)" + ("" if options.keep else "; rolled back")
    )


if __name__ == "__main__":
    main()
