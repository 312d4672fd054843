from __future__ import annotations

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from jmdi.core import benchmark


class Command(BaseCommand):
    help = (
        "Request named pages as given roles and print p50/p95 server time and SQL queries per page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pages",
            default=None,
            help="Comma-separated page names (see --list); default: the main pages.",
        )
        parser.add_argument("--list", action="store_true", help="List the page names and stop.")
        parser.add_argument(
            "--roles",
            default="pmu_officer,focal_point,anonymous",
            help=f"From: {', '.join(benchmark.ROLE_CHOICES)}",
        )
        parser.add_argument(
            "--requests", type=int, default=30, help="Timed requests per page and role."
        )
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests first.")

    def handle(
        self,
        *args: Any,
        pages: str | None,
        roles: str,
        requests: int,
        warmup: int,
        **options: Any,
    ) -> None:
        known = benchmark.pages()
        if options.get("list"):
            for name, page in known.items():
                self.stdout.write(f"{name}{'  (default)' if page.default else ''}")
            return
        chosen = pages if pages is not None else ",".join(benchmark.default_pages())
        page_list = [p.strip() for p in chosen.split(",") if p.strip()]
        role_list = [r.strip() for r in roles.split(",") if r.strip()]
        unknown = [p for p in page_list if p not in known] + [
            r for r in role_list if r not in benchmark.ROLE_CHOICES
        ]
        if unknown:
            raise CommandError(f"Unknown page or role: {', '.join(unknown)}")
        # A 403 or 302 is an expected answer for some roles: keep request logs out of the table.
        logging.disable(logging.WARNING)
        try:
            results = benchmark.run(page_list, role_list, requests, warmup)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            logging.disable(logging.NOTSET)
        vendor = connection.vendor
        self.stdout.write(
            f"database: {vendor}; {requests} timed requests per row after {warmup} warm-up"
        )
        header = (
            f"{'page':<16} {'role':<14} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for r in results:
            self.stdout.write(
                f"{r.page:<16} {r.role:<14} {r.status:>6} {r.p50_ms:>8.1f} {r.p95_ms:>8.1f} {r.queries:>8}"
            )
