from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jmdi.programmes.loader import InvalidProgrammeFile
from jmdi.programmes.services import load_programme_file


class Command(BaseCommand):
    help = "Validate a programme file and load it; a file with any error changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", type=Path, help="The programme file, e.g. programmes/jmdi-phase-2.yaml"
        )

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            report = load_programme_file(path=path, display_name=str(path))
        except InvalidProgrammeFile as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(exc.errors)} error(s) in {path}; nothing was changed."
            ) from exc
        if not report.changed:
            self.stdout.write(f"{report.programme_code}: up to date, nothing changed.")
            return
        for label, count in sorted(report.created.items()):
            self.stdout.write(f"  created {count} {label}")
        for label, count in sorted(report.updated.items()):
            self.stdout.write(f"  updated {count} {label}")
        self.stdout.write(self.style.SUCCESS(f"{report.programme_code}: loaded from {path}."))
