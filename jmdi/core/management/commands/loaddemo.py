from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from jmdi.core import statistics
from jmdi.core.plugins import DemoContext, demo_steps


class Command(BaseCommand):
    help = (
        "Load every app's demo data (organisations, one login per role, ...) and print the logins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=os.environ.get("JMDI_DEMO_PASSWORD", "jmdi-demo-2026"),
            help="The password of every demo login (default: jmdi-demo-2026, or JMDI_DEMO_PASSWORD).",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo logins are never created in production.")
        context = DemoContext(password=password, say=self.stdout.write)
        try:
            with transaction.atomic():
                for step in demo_steps():
                    step.run(context)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        statistics.refresh()
        logins = context.logins
        self.stdout.write("")
        self.stdout.write(f"Sign in at {settings.JMDI_SITE_URL}/accounts/login/ with any of these:")
        width = max((len(login.email) for login in logins), default=0)
        for login in logins:
            scope = f" ({login.scope})" if login.scope else ""
            self.stdout.write(f"  {login.email:<{width}}  {login.role}{scope}")
        self.stdout.write(f"Password for all: {password}")
        self.stdout.write(
            "Two-factor sign-in is optional here (set it up under Account); production requires it of PMU officers."
        )
