from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jmdi.core import statistics
from jmdi.core.generator import SCALES, generate, sizes_for


class Command(BaseCommand):
    help = "Generate synthetic data for benchmarks, every app's part in turn (small or large)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=SCALES, default="small")
        parser.add_argument("--seed", type=int, default=2012)

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Synthetic data is never generated in production.")
        planned = ", ".join(f"{name} {count:,}" for name, count in sizes_for(scale).items())
        self.stdout.write(f"Scale {scale}: {planned}")
        try:
            counts = generate(
                scale, seed=seed, progress=lambda line: self.stdout.write(f"  {line}")
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        statistics.refresh()
        self.stdout.write(
            self.style.SUCCESS(
                "Generated: " + ", ".join(f"{count:,} {name}" for name, count in counts.items())
            )
        )
