"""The demo's results: meeting attendance in the regional platforms of every country
(activity facts behind indicator 2.I1), and two years of manual values for the manual
indicators in several countries — mostly approved, some waiting for review, one returned
with its reason. Dates are the programme's own (2013 to 2016)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from jmdi.core.people import Sex
from jmdi.core.plugins import DemoContext
from jmdi.core.roles import Role
from jmdi.programmes.models import Indicator, Programme
from jmdi.results import services
from jmdi.results.models import ActivityFact, ManualValue
from jmdi.results.services import Fact

TYPES = ["local_authority", "civil_society", "diaspora", "national_government", "academia"]
#: The quarters of manual values: two years of the programme at work.
QUARTERS = [f"{year}-Q{q}" for year in (2014, 2015) for q in (1, 2, 3, 4)]
DEMO_SOURCE = "demo"


def _attendance(programme: Programme, countries: list[str], rng: random.Random) -> list[Fact]:
    facts = []
    for country in countries:
        pool = [
            (
                f"{country}-{n:03d}",
                rng.choice([Sex.FEMALE, Sex.MALE, Sex.FEMALE, Sex.MALE, Sex.NOT_RECORDED]),
                rng.choice(TYPES),
            )
            for n in range(1, rng.randint(55, 80))
        ]
        day = date(2013, 9, 15) + timedelta(days=rng.randint(0, 40))
        meeting = 1
        while day < date(2016, 12, 1):
            for subject, sex, kind in rng.sample(pool, rng.randint(10, 22)):
                facts.append(
                    Fact(
                        country=country,
                        day=day,
                        kind=ActivityFact.Kind.ATTENDANCE,
                        subject=subject,
                        sex=sex,
                        stakeholder_type=kind,
                        label=f"Regional platform meeting {meeting}",
                        source=DEMO_SOURCE,
                    )
                )
            meeting += 1
            day += timedelta(days=rng.randint(75, 110))
    return facts


def demo_step(context: DemoContext) -> None:
    from jmdi.accounts.models import RoleAssignment  # the demo logins, made before

    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None or ActivityFact.objects.filter(source=DEMO_SOURCE).exists():
        return
    rng = random.Random(2014)
    countries = list(
        programme.programme_countries.order_by("order").values_list("country__code", flat=True)
    )
    services.record_facts(programme=programme, facts=_attendance(programme, countries, rng))

    assignments = RoleAssignment.objects.filter(revoked_at__isnull=True).select_related(
        "user", "country"
    )
    officer = next((a.user for a in assignments if a.role == Role.PMU_OFFICER), None)
    focal = {
        str(a.country.code): a.user
        for a in assignments
        if a.role == Role.FOCAL_POINT and a.country is not None
    }
    if officer is None:
        return
    manual = list(
        Indicator.objects.filter(output__programme=programme, measure=Indicator.MANUAL)
        .select_related("output__programme")
        .order_by("output__order", "order")
    )
    entered = 0
    for indicator in manual:
        by_country = "country" in indicator.disaggregations
        places = [c for c in countries[:6] if c in focal] if by_country else [""]
        for country in places:
            actor = focal.get(country, officer) if country else officer
            for index, quarter in enumerate(QUARTERS):
                if rng.random() < 0.35:
                    continue  # nothing happened that quarter
                if indicator.unit == Indicator.Unit.YES_NO:
                    value, text = (Decimal(1) if index >= 3 else Decimal(0)), ""
                elif indicator.unit == Indicator.Unit.QUALITATIVE:
                    value, text = (
                        None,
                        (
                            "The programme management unit presented the JMDI at "
                            f"{rng.choice(['two', 'three', 'four'])} international and national "
                            "conferences on migration and local development this quarter."
                        ),
                    )
                else:
                    value, text = Decimal(rng.randint(0, 3)), ""
                record = services.save_value(
                    actor=actor,
                    indicator=indicator,
                    country=country,
                    period=quarter,
                    value=value,
                    text=text,
                    evidence_link=f"https://example.org/jmdi/evidence/{indicator.code}/{country or 'all'}/{quarter}",
                    comment="",
                    submit=True,
                )
                entered += 1
                if quarter == QUARTERS[-1]:
                    continue  # the last quarter waits for review
                services.approve_value(actor=officer, value=record)
    # One value returned with its reason, for the focal point to correct.
    plans = next((i for i in manual if i.code == "2.I3"), None)
    first = next((c for c in countries if c in focal), None)
    if plans is not None and first is not None:
        waiting = ManualValue.objects.filter(
            indicator=plans, country=first, status=ManualValue.Status.SUBMITTED
        ).first()
        if waiting is None:
            waiting = services.save_value(
                actor=focal[first],
                indicator=plans,
                country=first,
                period=QUARTERS[-1],
                value=4,
                evidence_link="https://example.org/jmdi/evidence/plans.pdf",
                submit=True,
            )
        services.return_value(
            actor=officer,
            value=waiting,
            reason="The evidence link does not open the signed plans; attach them or give "
            "a link that works, and check the count against them.",
        )
    context.say(
        f"Demo results: meeting attendance in {len(countries)} countries and {entered} manual "
        "values (approved, waiting for review, one returned)."
    )
