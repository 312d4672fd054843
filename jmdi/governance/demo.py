"""The demo's committees at work, and synthetic meetings and decisions at scale.

Three meetings in the programme's first two years, all with approved minutes: the
steering committee's inception meeting (2013), the technical committee's first meeting
(2013), and the steering committee's 2014 meeting, whose revised work plan supersedes the
inception meeting's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.governance import services
from jmdi.governance.models import AgendaItem, Decision, DecisionCounter, Meeting, MinutesStatus
from jmdi.programmes.models import GovernanceBody, Programme

BATCH = 2000

MEETINGS: list[dict[str, Any]] = [
    {
        "body": "steering_committee",
        "date": dt.date(2013, 3, 14),
        "place": "Brussels, UNDP Office",
        "agenda": [
            ("Opening and adoption of the agenda", "Chaired by UNDP."),
            ("Terms of Reference of the Steering Committee", ""),
            ("Final list of target countries", "Proposal of the PMU after the inception missions."),
            ("Annual work plan 2013", ""),
        ],
        "attendance": {
            "UNDP": "present",
            "EC": "present",
            "SDC": "represented",
            "IOM": "present",
            "ILO": "present",
            "ITC-ILO": "absent",
            "UNHCR": "present",
            "UNFPA": "represented",
            "UNWOMEN": "present",
        },
        "observers": [("Observer", "EU Delegation to Morocco")],
        "minutes": (
            "The Steering Committee adopted its Terms of Reference, confirmed the eight "
            "target countries proposed by the PMU after the inception missions and approved "
            "the annual work plan for 2013."
        ),
        "decisions": [
            (
                "terms",
                "The Steering Committee adopts its Terms of Reference as presented by the PMU.",
            ),
            (
                "countries",
                "The programme targets Costa Rica, Ecuador, El Salvador, Morocco, Nepal, "
                "the Philippines, Senegal and Tunisia.",
            ),
            ("workplan", "The annual work plan 2013 is approved as presented."),
        ],
    },
    {
        "body": "technical_committee",
        "date": dt.date(2013, 11, 6),
        "place": "",
        "online": True,
        "agenda": [
            ("Draft selection criteria for the local initiatives", ""),
            ("Training package for local authorities", "ITC-ILO to present the outline."),
        ],
        "attendance": {
            "UNDP": "present",
            "IOM": "present",
            "ILO": "present",
            "UNHCR": "absent",
            "UNFPA": "present",
            "UNWOMEN": "represented",
        },
        "observers": [],
        "minutes": (
            "The Technical Committee reviewed the draft selection criteria and advised that "
            "gender equality be scored as a criterion of its own."
        ),
        "decisions": [
            (
                "criteria",
                "The Technical Committee recommends the selection criteria to the "
                "Steering Committee, with gender equality scored separately.",
            ),
        ],
    },
    {
        "body": "steering_committee",
        "date": dt.date(2014, 5, 22),
        "place": "Brussels, European Commission",
        "agenda": [
            ("Progress report of the first year", ""),
            ("Revised work plan 2014", "Delays in the call for proposals."),
        ],
        "attendance": {
            "UNDP": "present",
            "EC": "present",
            "SDC": "present",
            "IOM": "present",
            "ILO": "represented",
            "ITC-ILO": "present",
            "UNHCR": "absent",
            "UNFPA": "present",
            "UNWOMEN": "present",
        },
        "observers": [],
        "minutes": (
            "The Steering Committee took note of the first annual progress report and "
            "approved a revised work plan moving the selection of initiatives to the second "
            "semester of 2014."
        ),
        "decisions": [
            (
                "revised",
                "The revised work plan 2014 is approved; it replaces the work plan "
                "approved at the inception meeting.",
                "workplan",
            ),
        ],
    },
]


def _officer():
    from jmdi.accounts.models import RoleAssignment  # the demo PMU officer, made before
    from jmdi.core.roles import Role

    assignment = (
        RoleAssignment.objects.filter(role=Role.PMU_OFFICER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return assignment.user if assignment else None


def demo_step(context: DemoContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None or Meeting.objects.filter(body__programme=programme).exists():
        return
    officer = _officer()
    decided: dict[str, Decision] = {}
    for spec in MEETINGS:
        body = GovernanceBody.objects.get(programme=programme, code=spec["body"])
        meeting = services.create_meeting(
            actor=officer,
            body=body,
            date=spec["date"],
            place=spec["place"],
            online=spec.get("online", False),
            agenda=spec["agenda"],
        )
        members = {m.acronym: m for m in body.members.all()}
        for acronym, status in spec["attendance"].items():
            services.record_attendance(
                actor=officer,
                meeting=meeting,
                organisation=members[acronym],
                status=status,
                person="Delegate" if status == "represented" else "",
            )
        for person, affiliation in spec["observers"]:
            services.record_attendance(
                actor=officer,
                meeting=meeting,
                status="observer",
                person=person,
                observer_affiliation=affiliation,
            )
        for key, text, *supersedes in spec["decisions"]:
            decided[key] = services.record_decision(
                actor=officer,
                meeting=meeting,
                text=text,
                supersedes=decided[supersedes[0]] if supersedes else None,
            )
        services.draft_minutes(actor=officer, meeting=meeting, text=spec["minutes"])
        services.approve_minutes(actor=officer, meeting=meeting)
        # Approved in the programme's own time: three weeks after the meeting.
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_approved_at=timezone.make_aware(
                dt.datetime.combine(spec["date"] + dt.timedelta(days=21), dt.time(12))
            )
        )
    context.say(
        f"Demo governance: {len(MEETINGS)} committee meetings with approved minutes, "
        f"{len(decided)} decisions ({decided['revised'].number} supersedes "
        f"{decided['workplan'].number})."
    )


def generator_step(context: GeneratorContext) -> None:
    """Synthetic meetings (approved, with agendas) and their numbered decisions, in bulk."""
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None:
        raise LookupError("Load a programme first.")
    bodies = list(
        GovernanceBody.objects.filter(
            programme=programme, code__in=["steering_committee", "technical_committee"]
        ).order_by("order")
    )
    rng = context.rng
    marker = context.marker
    existing = Meeting.objects.filter(place__startswith=marker).count()
    wanted = context.sizes["meetings"]
    per_meeting = context.sizes["decisions_per_meeting"]
    span = (programme.end_date - programme.start_date).days
    new_meetings = [
        Meeting(
            body=bodies[i % len(bodies)],
            date=programme.start_date + dt.timedelta(days=rng.randrange(span)),
            place=f"{marker} #{i}",
            minutes=f"Synthetic minutes {i}.",
            minutes_status=MinutesStatus.DRAFT,
        )
        for i in range(existing, wanted)
    ]
    created = bulk_create_with_history(new_meetings, Meeting, batch_size=BATCH)
    created = list(Meeting.objects.filter(place__startswith=marker).order_by("pk")[existing:])
    bulk_create_with_history(
        [
            AgendaItem(meeting=m, order=n + 1, title=f"Item {n + 1}")
            for m in created
            for n in range(3)
        ],
        AgendaItem,
        batch_size=BATCH,
    )
    # Sequences continue each committee's and year's numbering, and the counters follow,
    # so a decision recorded afterwards gets the next free number.
    last = {
        (row["body_id"], row["year"]): row["m"]
        for row in Decision.objects.values("body_id", "year").annotate(m=Max("sequence"))
    }
    decisions = []
    for m in created:
        for _ in range(per_meeting):
            key = (m.body_id, m.date.year)
            last[key] = last.get(key, 0) + 1
            decisions.append(
                Decision(
                    body=m.body,
                    meeting=m,
                    year=m.date.year,
                    sequence=last[key],
                    number=services.decision_number(m.body, m.date.year, last[key]),
                    text=f"Synthetic decision of meeting {m.pk}.",
                )
            )
    bulk_create_with_history(decisions, Decision, batch_size=BATCH)
    for (body_id, year), sequence in last.items():
        DecisionCounter.objects.update_or_create(
            body_id=body_id, year=year, defaults={"last": sequence}
        )
    # Approved once their decisions are written (the guard refuses decisions of approved
    # minutes, and bulk writes bypass save(); the order keeps the data consistent).
    Meeting.objects.filter(pk__in=[m.pk for m in created]).update(
        minutes_status=MinutesStatus.APPROVED
    )
    context.counts["meetings"] = context.counts.get("meetings", 0) + len(created)
    context.counts["decisions"] = context.counts.get("decisions", 0) + len(decisions)
