from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jmdi.demo.generator import SCALES, generate


class Command(BaseCommand):
    help = "Generate synthetic data for benchmarks (small: a few thousand rows; large: 100,000 people)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2012)

    def handle(self, *args: Any, scale: str, seed: int, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Synthetic data is never generated in production.")
        try:
            counts = generate(
                scale, seed=seed, progress=lambda line: self.stdout.write(f"  {line}")
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Generated: " + ", ".join(f"{count:,} {name}" for name, count in counts.items())
            )
        )
