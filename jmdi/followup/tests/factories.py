"""Follow-up records for tests, written through the services where a rule applies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jmdi.directory.tests.factories import CountryFactory, OrganisationFactory
from jmdi.followup import services
from jmdi.followup.models import ProgressReport
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory

START = dt.date(2013, 7, 1)
END = dt.date(2014, 12, 31)
SECRET_SN = "Senegal secret: the Thiès mayor spent on the fair"
SECRET_OTHER_MA = "Other Moroccan grantee secret: the Nador cooperative loan"


def followed_initiative(
    *, country: str = "MA", organisation: Any = None, status: str = "funded", **kwargs: Any
) -> Initiative:
    country_obj = CountryFactory(code=country)
    lead = organisation or OrganisationFactory(country=country_obj, kind="local_authority")
    return InitiativeFactory(  # type: ignore[no-any-return]
        country=country_obj,
        lead_authority=lead,
        status=status,
        start_date=START,
        end_date=END,
        **kwargs,
    )


def grantee_org(grantee: Any) -> Any:
    return grantee.role_assignments.get(role="grantee").organisation


def with_schedule(initiative: Initiative, pmu: Any) -> list[ProgressReport]:
    services.generate_periods(actor=pmu, initiative=initiative)
    return list(
        ProgressReport.objects.filter(initiative=initiative)
        .select_related("period", "initiative__country")
        .order_by("period__number")
    )


def filled(
    report: ProgressReport, grantee: Any, text: str = "Opened the one-stop shop."
) -> ProgressReport:
    return services.save_report(
        actor=grantee,
        report=report,
        achievements=text,
        difficulties="",
        next_steps="",
        amounts={"personnel": Decimal("1000.00"), "travel": Decimal("250.50")},
    )


def submitted(report: ProgressReport, grantee: Any) -> ProgressReport:
    filled(report, grantee)
    return services.submit_report(actor=grantee, report=report)


def write_directly(report: ProgressReport, status: str, text: str) -> ProgressReport:
    """A report of an initiative without a grantee login in the test: set as it stands."""
    report.achievements = text
    report.status = status
    if status == "approved":
        report.approved_on = report.period.due
    report.save()
    return report
