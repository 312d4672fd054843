"""The load check: people of every role browsing the platform at once.

Not part of the test suite: it measures a running production start (`make serve`) on
127.0.0.1 and nowhere else. `make loadcheck` runs it; by hand, from the repository root:

    .venv/bin/python loadtest/mint_sessions.py mint --users 100 --out var/loadcheck/sessions.json
    LOAD_SESSIONS=var/loadcheck/sessions.json loadtest/.venv/bin/locust -f loadtest/locustfile.py \\
        --headless --users 100 --spawn-rate 10 --run-time 3m --host http://127.0.0.1:8000
    .venv/bin/python loadtest/mint_sessions.py revoke var/loadcheck/sessions.json

Each simulated person holds one role (the mix is in mix.py), a session minted for a real
person with that role, and an interface language. They open the pages their role may
open: the programme (overview, results, results for a country, work plan, budget, risks,
history), the directory (countries, a country, its later pages, contacts) and the people
pages (the list, later pages, a person), waiting a few seconds between pages as a reader
does. Now and then they also try a page their role may not open, and the refusal is
checked too. A request fails unless it gets the status the access policy gives that
role (tested in jmdi/core/tests/test_access_matrix.py), in the right language, signed in
as the right kind of visitor: so "0 failures" means every page was served, and served
correctly.

The server runs in production mode, which sets Secure cookies and redirects plain HTTP
to HTTPS: requests say `X-Forwarded-Proto: https` as the TLS proxy in front would, and
carry the cookies in the request headers, as a browser on HTTPS would.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from locust import FastHttpUser, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mix import ROLE_WEIGHTS

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
LOGOUT_FORM = 'action="/accounts/logout/"'
ASSET = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="(/static/[^"]+)"')


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument(
        "--sessions-file",
        default=os.environ.get("LOAD_SESSIONS", "var/loadcheck/sessions.json"),
        help="cookie file written by mint_sessions.py (env LOAD_SESSIONS)",
    )
    parser.add_argument(
        "--summary-file",
        default=os.environ.get("LOAD_SUMMARY", "var/loadcheck/summary.json"),
        help="where the final figures are written, for report.py (env LOAD_SUMMARY)",
    )
    parser.add_argument(
        "--think-time",
        default=os.environ.get("LOAD_THINK_TIME", "2-8"),
        help="seconds a person spends on a page before the next, LOW-HIGH (env LOAD_THINK_TIME)",
    )


_environment: Any = None
_site: dict[str, Any] = {}
_think_time: tuple[float, float] = (2.0, 8.0)
_pools: dict[str, Iterator[dict[str, Any]]] = {}


@events.init.add_listener
def _check_and_load(environment: Any, **kwargs: Any) -> None:
    """Refuse any host but this machine, and read the cookie file, before anyone starts."""
    global _environment, _site, _think_time
    _environment = environment
    try:
        low, high = (float(x) for x in environment.parsed_options.think_time.split("-"))
    except ValueError:
        low = high = -1.0
    if not 0 <= low <= high:
        raise SystemExit(
            f"--think-time {environment.parsed_options.think_time!r} is not valid: give two "
            "numbers of seconds, LOW-HIGH, such as 2-8."
        )
    _think_time = (low, high)
    host = urlsplit(environment.host or "").hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(
            f"The load check runs only against this machine: --host {environment.host!r} is "
            "not http://127.0.0.1:PORT."
        )
    path = Path(environment.parsed_options.sessions_file)
    if not path.exists():
        raise SystemExit(
            f"No cookie file at {path}: mint the sessions first "
            "(.venv/bin/python loadtest/mint_sessions.py mint --out ...)."
        )
    _site = json.loads(path.read_text())
    for role, sessions in _site["sessions"].items():
        _pools[role] = itertools.cycle(sessions)


@events.quit.add_listener
def _write_summary(exit_code: int, **kwargs: Any) -> None:
    """The final figures, from locust's own statistics once every user has stopped."""
    stats = _environment.stats

    def figures(entry: Any) -> dict[str, Any]:
        return {
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "requests_per_s": round(entry.total_rps, 2),
        }

    summary = {
        "host": _environment.host,
        "users": _environment.parsed_options.num_users,
        "run_time": _environment.parsed_options.run_time,
        "think_time": list(_think_time),
        "pages": [figures(e) for _, e in sorted(stats.entries.items())],
        "total": figures(stats.total),
        "errors": [
            {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
            for e in stats.errors.values()
        ],
    }
    path = Path(_environment.parsed_options.summary_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=1))


class Visitor(FastHttpUser):
    """One person in a browser: a role, maybe a session, a language."""

    abstract = True
    role: ClassVar[str] = "anonymous"

    def wait_time(self) -> float:
        return random.uniform(*_think_time)

    def on_start(self) -> None:
        self.site = _site
        self.me = next(_pools[self.role])
        self.cookies: dict[str, str] = {
            self.site["language_cookie"]: self.me["language"],
        }
        if "key" in self.me:
            self.cookies[self.site["session_cookie"]] = self.me["key"]
        self.programme = f"/programmes/{self.site['programme']}"
        self.first_visit()

    # --- requests -------------------------------------------------------------------
    def headers(self) -> dict[str, str]:
        return {
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items()),
            "Accept": "text/html,application/xhtml+xml",
        }

    def page(self, path: str, name: str) -> str:
        """A page this role may open: 200, in the person's language, as the right visitor."""
        with self.client.get(
            path, name=name, headers=self.headers(), allow_redirects=False, catch_response=True
        ) as response:
            self.remember_cookies(response)
            html = response.text or ""
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"{response.status_code} {where}".strip())
            elif f'<html lang="{self.me["language"]}"' not in html:
                response.failure(f"not in {self.me['language']}")
            elif ("key" in self.me) != (LOGOUT_FORM in html):
                response.failure("signed in" if LOGOUT_FORM in html else "not signed in")
            else:
                response.success()
            return html

    def refused(self, path: str, name: str) -> None:
        """A page this role may not open: 403, or the sign-in page for anonymous visitors."""
        with self.client.get(
            path, name=name, headers=self.headers(), allow_redirects=False, catch_response=True
        ) as response:
            if "key" in self.me:
                ok = response.status_code == 403
            else:
                ok = response.status_code == 302 and response.headers.get(
                    "Location", ""
                ).startswith("/accounts/login/?next=")
            if ok:
                response.success()
            else:
                response.failure(f"expected a refusal, got {response.status_code}")

    def remember_cookies(self, response: Any) -> None:
        """Keep what the server sets (a CSRF cookie on pages with forms), as a browser does."""
        for header in response.headers.getlist("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            name = name.strip()
            if "max-age=0" in header.lower().replace(" ", ""):
                self.cookies.pop(name, None)
            elif name:
                self.cookies[name] = rest.split(";", 1)[0]

    def first_visit(self) -> None:
        """The home page, then its stylesheets and scripts, once: a first visit."""
        html = self.page("/", "home")
        for asset in sorted(set(ASSET.findall(html))):
            self.client.get(asset, name="static file", headers={"X-Forwarded-Proto": "https"})

    # --- what everyone may open ---------------------------------------------------------
    def country(self) -> str:
        return str(self.me.get("country") or random.choice(self.site["countries"]))

    @task(3)
    def overview(self) -> None:
        self.page(f"{self.programme}/", "programme: overview")

    @task(3)
    def results(self) -> None:
        self.page(f"{self.programme}/results/", "programme: results")

    @task(2)
    def results_for_a_country(self) -> None:
        self.page(
            f"{self.programme}/results/?country={self.country()}", "programme: results, country"
        )

    @task(2)
    def work_plan(self) -> None:
        self.page(f"{self.programme}/work-plan/", "programme: work plan")

    @task(2)
    def budget(self) -> None:
        self.page(f"{self.programme}/budget/", "programme: budget")


class ProgrammeStaff(Visitor):
    """Reviewers, focal points, committees and the PMU: risks and the directory too."""

    abstract = True

    @task(2)
    def risks(self) -> None:
        self.page(f"{self.programme}/risks/", "programme: risks")

    @task(2)
    def countries(self) -> None:
        self.page("/directory/countries/", "directory: countries")

    @task(3)
    def a_country(self) -> None:
        self.page(f"/directory/countries/{self.any_country()}/", "directory: a country")

    @task(2)
    def a_country_paged(self) -> None:
        code = self.any_country()
        last = self.site["organisation_pages"][code]
        self.page(
            f"/directory/countries/{code}/?page={later_page(last)}", "directory: a country, paged"
        )

    def any_country(self) -> str:
        return str(random.choice(self.site["countries"]))


def later_page(last: int) -> int:
    """A page after the first: mostly the next few, sometimes the last one."""
    if last < 2:
        return 1
    return last if random.random() < 0.1 else random.randint(2, min(last, 10))


# --- the roles ----------------------------------------------------------------------------
class Anonymous(Visitor):
    role = "anonymous"
    weight = ROLE_WEIGHTS["anonymous"]

    @task(1)
    def people_is_refused(self) -> None:
        self.refused("/people/", "refused: people, anonymous")


class Member(Visitor):
    role = "member"
    weight = ROLE_WEIGHTS["member"]

    @task(1)
    def risks_are_refused(self) -> None:
        self.refused(f"{self.programme}/risks/", "refused: risks")


class TrainingStaff(Member):
    role = "training_staff"
    weight = ROLE_WEIGHTS["training_staff"]


class Grantee(Member):
    role = "grantee"
    weight = ROLE_WEIGHTS["grantee"]


class Reviewer(ProgrammeStaff):
    role = "reviewer"
    weight = ROLE_WEIGHTS["reviewer"]

    @task(1)
    def contacts_are_refused(self) -> None:
        self.refused(f"/directory/countries/{self.country()}/contacts/", "refused: contacts")


class Committee(ProgrammeStaff):
    abstract = True

    @task(1)
    def history_is_refused(self) -> None:
        self.refused(f"{self.programme}/history/", "refused: history")


class Steering(Committee):
    role = "steering"
    weight = ROLE_WEIGHTS["steering"]


class Technical(Committee):
    role = "technical"
    weight = ROLE_WEIGHTS["technical"]


class FocalPoint(ProgrammeStaff):
    role = "focal_point"
    weight = ROLE_WEIGHTS["focal_point"]

    @task(3)
    def contacts(self) -> None:
        self.page(f"/directory/countries/{self.country()}/contacts/", "directory: contacts")

    @task(1)
    def contacts_paged(self) -> None:
        code = self.country()
        page = later_page(self.site["contact_pages"][code])
        self.page(
            f"/directory/countries/{code}/contacts/?page={page}", "directory: contacts, paged"
        )

    @task(1)
    def other_contacts_are_refused(self) -> None:
        other = random.choice([c for c in self.site["countries"] if c != self.country()])
        self.refused(f"/directory/countries/{other}/contacts/", "refused: contacts")


class PMUOfficer(ProgrammeStaff):
    role = "pmu_officer"
    weight = ROLE_WEIGHTS["pmu_officer"]

    @task(1)
    def history(self) -> None:
        self.page(f"{self.programme}/history/", "programme: history")

    @task(2)
    def contacts(self) -> None:
        self.page(f"/directory/countries/{self.any_country()}/contacts/", "directory: contacts")

    @task(3)
    def people(self) -> None:
        self.page("/people/", "people: list")

    @task(2)
    def people_paged(self) -> None:
        self.page(f"/people/?page={later_page(self.site['people_pages'])}", "people: list, paged")

    @task(3)
    def a_person(self) -> None:
        self.page(f"/people/{random.choice(self.site['people'])}/", "people: a person")
