"""The events' demo and their synthetic data at scale.

Three events held in the programme's own years (2013 and 2014: the High-level Dialogue,
the GFMD summit, the first Mayoral Forum) feed indicators 3.I6 and 3.I7 on the results
dashboard. The rest of the demo fills the calendar of 2026 and 2027 with the events a JMDI programme takes part
in: the Global Forum on Migration and Development, the Mayoral Forum, the UCLG congress,
regional forums in Africa, Latin America and Asia, national workshops and the JMDI's
webinars and trainings. The PMU's participation is recorded on several, the outcomes of
the events held too, except one (the UCLG congress, waiting in the PMU's inbox). A member
proposes one event, another is cancelled, and the members register interest in the coming
ones. Run twice, it adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.events import services
from jmdi.events.models import Event, EventParticipation, Kind, Outcome, Scope, Status

BATCH = 2_000
D = dt.date

#: title, kind, scope, organiser, start, end, (start time, end time, tz) or None, city,
#: country, online, language, local dimension, targets local authorities, status,
#: participations [(role, name or "" for the PMU login)], outcome (summary, participants,
#: local authorities) or None, translations.
EVENTS: list[dict[str, Any]] = [
    # Held during the programme's own time, so that 3.I6 and 3.I7 show on its dashboard.
    {"title": "High-level Dialogue on International Migration and Development - side event on the local dimension", "kind": Kind.SIDE_EVENT, "scope": Scope.INTERNATIONAL, "organiser": "JMDI", "start": D(2013, 10, 3), "end": D(2013, 10, 4), "city": "New York", "country": "US", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("organiser", "")], "outcome": ("Local authorities from four regions presented their migration and development initiatives to member states; the side event's messages were shared with the Dialogue's round tables.", 120, 18)},
    {"title": "Global Forum on Migration and Development - Summit 2014", "kind": Kind.CONFERENCE, "scope": Scope.INTERNATIONAL, "organiser": "GFMD Chairmanship (Sweden)", "start": D(2014, 5, 14), "end": D(2014, 5, 16), "city": "Stockholm", "country": "SE", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("panellist", "")], "outcome": ("The JMDI spoke in the round table on migration and development planning, for including local authorities in national strategies.", 600, 12)},
    {"title": "Mayoral Forum on Mobility, Migration and Development 2014", "kind": Kind.FORUM, "scope": Scope.INTERNATIONAL, "organiser": "City of Barcelona, with the JMDI and UCLG", "start": D(2014, 6, 17), "end": D(2014, 6, 18), "city": "Barcelona", "country": "ES", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("organiser", ""), ("speaker", "")], "outcome": ("Mayors and local leaders agreed to meet every year and to bring the local voice to the GFMD.", 150, 60)},
    {"title": "Global Forum on Migration and Development - Summit 2026", "kind": Kind.CONFERENCE, "scope": Scope.INTERNATIONAL, "organiser": "GFMD Chairmanship", "start": D(2026, 1, 20), "end": D(2026, 1, 22), "city": "Geneva", "country": "CH", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("speaker", ""), ("attendee", "Amina Berrada (JMDI)")], "outcome": ("The summit's round table on local authorities adopted recommendations on the inclusion of cities in national migration policies; the JMDI presented its toolbox.", 850, 42), "translations": {"fr": {"title": "Forum mondial sur la migration et le développement - Sommet 2026"}, "es": {"title": "Foro Mundial sobre Migración y Desarrollo - Cumbre 2026"}}},
    {"title": "JMDI webinar: diaspora investment in municipal services", "kind": Kind.WEBINAR, "scope": Scope.INTERNATIONAL, "organiser": "JMDI", "start": D(2026, 3, 11), "end": D(2026, 3, 11), "times": (dt.time(14), dt.time(15, 30), "Europe/Brussels"), "online": True, "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("organiser", "")], "outcome": ("Three municipalities shared how diaspora funds co-finance water and school projects; recording published in the knowledge library.", 214, 61)},
    {"title": "Forum national sur la migration et le développement local - Sénégal", "kind": Kind.FORUM, "scope": Scope.NATIONAL, "organiser": "Ministère des Collectivités territoriales", "start": D(2026, 4, 14), "end": D(2026, 4, 15), "city": "Thiès", "country": "SN", "language": "fr", "local": True, "authorities": True, "status": Status.CANCELLED},
    {"title": "Africities regional forum: migration and decentralisation", "kind": Kind.FORUM, "scope": Scope.REGIONAL, "organiser": "UCLG Africa", "start": D(2026, 5, 19), "end": D(2026, 5, 21), "city": "Kisumu", "country": "KE", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("panellist", "")], "outcome": ("African local governments called for a regional platform on mobility; the JMDI agreed to support peer exchanges between Kenyan and Senegalese counties.", 420, 95)},
    {"title": "Mayoral Forum on Human Mobility, Migration and Development 2026", "kind": Kind.FORUM, "scope": Scope.INTERNATIONAL, "organiser": "UCLG, IOM and the Mayors Migration Council", "start": D(2026, 6, 15), "end": D(2026, 6, 16), "city": "Quito", "country": "EC", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("speaker", ""), ("exhibitor", "JMDI information stand")], "outcome": ("Mayors endorsed the Quito declaration on local migration governance; the JMDI stand distributed the M4D Net guides.", 300, 120), "translations": {"es": {"title": "Foro de Alcaldes sobre Movilidad Humana, Migración y Desarrollo 2026"}}},
    {"title": "Asia-Pacific regional consultation on migration and local development", "kind": Kind.WORKSHOP, "scope": Scope.REGIONAL, "organiser": "UN-Habitat Asia-Pacific", "start": D(2026, 7, 7), "end": D(2026, 7, 8), "city": "Manila", "country": "PH", "language": "en", "local": True, "authorities": True, "status": Status.HELD, "participations": [("attendee", "")], "outcome": ("Participants mapped the services local governments give returning workers; follow-up peer learning on reintegration planned for 2027.", 95, 28)},
    {"title": "Foro latinoamericano de gobiernos locales y migración", "kind": Kind.FORUM, "scope": Scope.REGIONAL, "organiser": "FLACMA", "start": D(2026, 9, 22), "end": D(2026, 9, 24), "city": "San José", "country": "CR", "language": "es", "local": True, "authorities": True, "status": Status.HELD, "participations": [("panellist", "Carlos Méndez (JMDI)")], "outcome": ("Los municipios acordaron una red regional de ventanillas únicas para personas migrantes.", 260, 74), "translations": {"en": {"title": "Latin American forum of local governments and migration"}, "fr": {"title": "Forum latino-américain des gouvernements locaux et de la migration"}}},
    {"title": "UCLG World Congress 2026 - side event on migration", "kind": Kind.SIDE_EVENT, "scope": Scope.INTERNATIONAL, "organiser": "United Cities and Local Governments (UCLG)", "start": D(2026, 10, 12), "end": D(2026, 10, 15), "city": "Tangier", "country": "MA", "language": "en", "local": True, "authorities": True, "status": Status.CONFIRMED, "participations": [("organiser", "")]},
    {"title": "Atelier national : la migration dans la planification locale au Maroc", "kind": Kind.WORKSHOP, "scope": Scope.NATIONAL, "organiser": "Direction générale des collectivités territoriales", "start": D(2026, 11, 18), "end": D(2026, 11, 19), "city": "Rabat", "country": "MA", "language": "fr", "local": True, "authorities": True, "status": Status.HELD, "outcome": ("Les communes pilotes ont présenté leurs plans d'action ; un guide national sera publié en 2027.", 80, 35)},
    {"title": "JMDI training: mainstreaming migration into local development planning", "kind": Kind.TRAINING, "scope": Scope.INTERNATIONAL, "organiser": "JMDI and ITC-ILO", "start": D(2026, 12, 10), "end": D(2026, 12, 10), "times": (dt.time(9), dt.time(12), "Europe/Rome"), "online": True, "language": "en", "local": True, "authorities": True, "status": Status.CONFIRMED, "participations": [("organiser", "")]},
    {"title": "Global Forum on Migration and Development - Summit 2027", "kind": Kind.CONFERENCE, "scope": Scope.INTERNATIONAL, "organiser": "GFMD Chairmanship", "start": D(2027, 1, 26), "end": D(2027, 1, 28), "city": "Geneva", "country": "CH", "language": "en", "local": False, "authorities": False, "status": Status.PLANNED},
    {"title": "Webinario JMDI: remesas y desarrollo local", "kind": Kind.WEBINAR, "scope": Scope.REGIONAL, "organiser": "JMDI", "start": D(2027, 2, 17), "end": D(2027, 2, 17), "times": (dt.time(16), dt.time(17, 30), "America/Bogota"), "online": True, "language": "es", "local": True, "authorities": True, "status": Status.CONFIRMED, "translations": {"en": {"title": "JMDI webinar: remittances and local development"}}},
    {"title": "Forum régional africain sur la migration et la décentralisation", "kind": Kind.FORUM, "scope": Scope.REGIONAL, "organiser": "CGLU Afrique", "start": D(2027, 3, 16), "end": D(2027, 3, 18), "city": "Dakar", "country": "SN", "language": "fr", "local": True, "authorities": True, "status": Status.CONFIRMED, "translations": {"en": {"title": "African regional forum on migration and decentralisation"}}},
    {"title": "Local authorities at the International Migration Review Forum - side event", "kind": Kind.SIDE_EVENT, "scope": Scope.INTERNATIONAL, "organiser": "UN Network on Migration", "start": D(2027, 5, 4), "end": D(2027, 5, 4), "times": (dt.time(13), dt.time(14, 30), "America/New_York"), "city": "New York", "country": "US", "language": "en", "local": True, "authorities": True, "status": Status.PLANNED},
    {"title": "South Asia regional workshop on labour migration and municipalities", "kind": Kind.WORKSHOP, "scope": Scope.REGIONAL, "organiser": "UN-Habitat and ILO", "start": D(2027, 6, 8), "end": D(2027, 6, 9), "city": "Kathmandu", "country": "NP", "language": "en", "local": True, "authorities": True, "status": Status.PLANNED},
    {"title": "Mayoral Forum on Human Mobility, Migration and Development 2027", "kind": Kind.FORUM, "scope": Scope.INTERNATIONAL, "organiser": "UCLG, IOM and the Mayors Migration Council", "start": D(2027, 10, 5), "end": D(2027, 10, 6), "city": "Tunis", "country": "TN", "language": "en", "local": True, "authorities": True, "status": Status.PLANNED},
]  # fmt: skip

PROPOSAL: dict[str, Any] = {
    "title": "Rencontre de la diaspora marocaine d'Europe avec les communes de l'Oriental",
    "kind": Kind.FORUM,
    "scope": Scope.NATIONAL,
    "organiser": "Association Migrations & Développement",
    "start": D(2027, 4, 10),
    "end": D(2027, 4, 10),
    "city": "Oujda",
    "country": "MA",
    "language": "fr",
    "local": True,
    "authorities": True,
}

DESCRIPTION = (
    "A meeting of local and regional authorities, national governments, diaspora and "
    "civil society on how migration can serve local development: practices, tools and "
    "partnerships."
)


def _pmu() -> Any:
    from jmdi.accounts.models import RoleAssignment  # the demo logins, made before

    found = RoleAssignment.objects.filter(role="pmu_officer", revoked_at__isnull=True)
    first = found.select_related("user").order_by("pk").first()
    return first.user if first else None


def _members(context: DemoContext) -> list[Any]:
    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member, StakeholderType

    if Member.objects.count() < 10:
        people = [
            ("Fatima Zahra El Idrissi", "MA", StakeholderType.LOCAL_AUTHORITY),
            ("Mamadou Diallo", "SN", StakeholderType.LOCAL_AUTHORITY),
            ("Lucía Paredes", "EC", StakeholderType.DIASPORA),
            ("Grace Wanjiru", "KE", StakeholderType.NGO),
            ("Ramon Santos", "PH", StakeholderType.LOCAL_AUTHORITY),
            ("Sofia Haddad", "TN", StakeholderType.ACADEMIA),
        ]
        for number, (name, country, kind) in enumerate(people, start=1):
            email = f"events.{number}@demo.jmdi.example.org"
            if Member.objects.filter(user__email=email).exists():
                continue
            user = create_person(
                actor=None, email=email, full_name=name, password=context.password, verified=True
            )
            Member.objects.create(user=user, stakeholder_type=kind, country=country)
    return [
        m.user
        for m in Member.objects.filter(banned_at__isnull=True, left_at__isnull=True)
        .select_related("user")
        .order_by("pk")[:12]
    ]


def _event(spec: dict[str, Any], creator: Any, status: str) -> Event:
    times = spec.get("times")
    return Event.objects.create(
        title=spec["title"],
        summary=spec.get("summary", ""),
        language=spec["language"],
        translations=spec.get("translations", {}),
        kind=spec["kind"],
        scope=spec["scope"],
        organiser=spec["organiser"],
        start_date=spec["start"],
        end_date=spec["end"],
        start_time=times[0] if times else None,
        end_time=times[1] if times else None,
        timezone=times[2] if times else "UTC",
        city=spec.get("city", ""),
        country=spec.get("country", ""),
        online=spec.get("online", False),
        online_url="https://meet.example.org/jmdi" if spec.get("online") else "",
        description=DESCRIPTION,
        website="https://www.migration4development.org/",
        languages=[spec["language"]] if spec["language"] == "en" else [spec["language"], "en"],
        targets_local_authorities=spec.get("authorities", False),
        local_dimension=spec.get("local", False),
        status=status,
        created_by=creator,
    )


@transaction.atomic
def demo_step(context: DemoContext) -> None:
    if Event.objects.filter(title=EVENTS[0]["title"]).exists():
        return
    pmu = _pmu()
    members = _members(context)
    today = timezone.localdate()
    coming: list[Event] = []
    for spec in EVENTS:
        event = _event(spec, pmu, spec["status"])
        for role, name in spec.get("participations", []):
            EventParticipation.objects.create(
                event=event,
                person=pmu if not name and pmu else None,
                name=name or ("" if pmu else "JMDI Programme Management Unit"),
                role=role,
            )
        if spec.get("outcome"):
            summary, participants, authorities = spec["outcome"]
            Outcome.objects.create(
                event=event,
                summary=summary,
                participants=participants,
                local_authorities=authorities,
                follow_up="Share the conclusions with the M4D Net; follow up with the cities met.",
                documents_url="https://www.migration4development.org/en/resources",
                recorded_by=pmu,
            )
        if event.status in (Status.PLANNED, Status.CONFIRMED) and not event.is_over(today):
            coming.append(event)
    proposer = members[0] if members else None
    _event(PROPOSAL, proposer, Status.PROPOSED)
    for index, event in enumerate(coming):
        for user in members[index % 3 :: 2]:
            services.register_interest(actor=user, event=event, today=today)
    context.say(f"events: {len(EVENTS) + 1} events, {len(coming)} open to registrations")


# --- Synthetic data at scale ---------------------------------------------------------------

CITIES = [
    ("Rabat", "MA"), ("Dakar", "SN"), ("Quito", "EC"), ("Manila", "PH"), ("Nairobi", "KE"),
    ("Tunis", "TN"), ("San José", "CR"), ("Geneva", "CH"), ("Brussels", "BE"), ("Kathmandu", "NP"),
]  # fmt: skip
TITLES = [
    "Regional forum on migration and local development",
    "Workshop on diaspora engagement for municipalities",
    "Webinar on remittances and local economic development",
    "Training on migration-aware local planning",
    "Conference of local authorities on human mobility",
]


def generator_step(context: GeneratorContext) -> None:
    """Events spread over 2020-2028, one in five held with the PMU there, in bulk."""
    wanted = context.sizes.get("events", 0)
    have = Event.objects.filter(summary=context.marker).count()
    if have >= wanted:
        return
    rng = context.rng
    kinds = [k for k, _label in Kind.choices]
    scopes = [s for s, _label in Scope.choices]
    today = timezone.localdate()
    events = []
    for number in range(have, wanted):
        start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(9 * 365))
        end = start + dt.timedelta(days=rng.randrange(3))
        city, country = rng.choice(CITIES)
        online = rng.random() < 0.2
        status = (
            rng.choice([Status.HELD, Status.HELD, Status.HELD, Status.CANCELLED])
            if end < today
            else rng.choice([Status.PLANNED, Status.CONFIRMED])
        )
        events.append(
            Event(
                title=f"{rng.choice(TITLES)} #{number + 1}",
                summary=context.marker,
                kind=rng.choice(kinds),
                scope=rng.choice(scopes),
                organiser="Synthetic organiser",
                start_date=start,
                end_date=end,
                city="" if online else city,
                country="" if online else country,
                online=online,
                online_url="https://meet.example.org/synthetic" if online else "",
                description=DESCRIPTION,
                languages=["en"],
                targets_local_authorities=rng.random() < 0.7,
                local_dimension=rng.random() < 0.5,
                status=status,
                interest_count=rng.randrange(30),
            )
        )
    with transaction.atomic():
        created = Event.objects.bulk_create(events, batch_size=BATCH)
        participations = [
            EventParticipation(event=event, name="Synthetic PMU officer", role="attendee")
            for event in created
            if event.status == Status.HELD and rng.random() < 0.2
        ]
        EventParticipation.objects.bulk_create(participations, batch_size=BATCH)
    context.counts["events"] = context.counts.get("events", 0) + len(created)
    context.counts["event participations"] = context.counts.get("event participations", 0) + len(
        participations
    )


SIZES = {"small": {"events": 500}, "large": {"events": 10_000}}
