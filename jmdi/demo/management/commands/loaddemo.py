from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jmdi.demo.services import load_demo_directory, load_demo_logins
from jmdi.directory.models import Country


class Command(BaseCommand):
    help = "Load the demo organisations, contacts and one login per role, and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=os.environ.get("JMDI_DEMO_PASSWORD", "jmdi-demo-2026"),
            help="The password of every demo login (default: jmdi-demo-2026, or JMDI_DEMO_PASSWORD).",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo logins are never created in production.")
        if not Country.objects.exists():
            raise CommandError(
                "Load a programme first: manage.py loadprogramme programmes/jmdi-phase-2.yaml"
            )
        added = load_demo_directory()
        logins = load_demo_logins(password)
        self.stdout.write(f"Demo directory: {added} organisations added.")
        self.stdout.write("")
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ with any of these:")
        width = max(len(login.email) for login in logins)
        for login in logins:
            scope = f" ({login.scope})" if login.scope else ""
            self.stdout.write(f"  {login.email:<{width}}  {login.role}{scope}")
        self.stdout.write(f"Password for all: {password}")
        self.stdout.write(
            "Two-factor sign-in is optional here (set it up under Account); production requires it of PMU officers."
        )
