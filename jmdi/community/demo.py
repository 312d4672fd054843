"""The M4D Net's demo members and activity, and its synthetic data at scale.

Demo: about 300 members across the stakeholder types, the programme's eight countries
and a few of the diasporas' countries of residence, with their topics and privacy
choices; local authorities verified against the registry, five waiting for the PMU, and
three organisations not yet in the registry. The demo's "M4D Net member" and grantee
logins are members too. Eighteen months of activity make the usage figures move. The
demo members cannot sign in (no password): they are the people the logins meet.
Deterministic and idempotent.

Synthetic: a member profile for each generated person, and `activity` records.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from jmdi.community.models import (
    Activity,
    ActivityKind,
    Consent,
    Member,
    StakeholderType,
    Visibility,
)
from jmdi.community.services import actor_key
from jmdi.community.terms import MEMBERSHIP, current_text
from jmdi.core.plugins import DemoContext, GeneratorContext

DEMO_MEMBERS = 300
PROGRAMME_COUNTRIES = ["MA", "TN", "SN", "EC", "CR", "PH", "NP", "SV"]
#: Where members of the diasporas live and work.
RESIDENCE = ["FR", "IT", "ES", "BE", "US", "DE"]

#: Stakeholder types by weight (local authorities first: the M4D Net is theirs).
TYPES = [
    (StakeholderType.LOCAL_AUTHORITY, 30),
    (StakeholderType.DIASPORA, 18),
    (StakeholderType.NGO, 14),
    (StakeholderType.NATIONAL_GOVERNMENT, 8),
    (StakeholderType.WOMEN_REFUGEE, 7),
    (StakeholderType.ACADEMIA, 7),
    (StakeholderType.UN_AGENCY, 5),
    (StakeholderType.SOCIAL_PARTNER, 4),
    (StakeholderType.PRIVATE_SECTOR, 3),
    (StakeholderType.DONOR, 2),
    (StakeholderType.OTHER, 2),
]

POSITIONS = {
    "local_authority": [
        "Mayor",
        "Deputy mayor",
        "Head of international relations",
        "Local development officer",
    ],
    "diaspora": ["President", "Project coordinator", "Treasurer"],
    "ngo": ["Programme manager", "Field coordinator", "Director"],
    "national_government": ["Advisor, ministry of the interior", "Head of diaspora affairs"],
    "women_refugee": ["Coordinator", "President"],
    "academia": ["Researcher", "Lecturer"],
    "un_agency": ["Programme officer", "Migration specialist"],
}

LANGUAGE_OF = {
    "MA": "fr",
    "TN": "fr",
    "SN": "fr",
    "EC": "es",
    "CR": "es",
    "SV": "es",
    "PH": "en",
    "NP": "en",
    "FR": "fr",
    "IT": "en",
    "ES": "es",
    "BE": "fr",
    "US": "en",
    "DE": "en",
}

#: Kinds of activity by weight, per active member and month.
KINDS = [
    (ActivityKind.SIGN_IN, 40),
    (ActivityKind.REPLY, 14),
    (ActivityKind.POST, 5),
    (ActivityKind.RESOURCE_DOWNLOAD, 18),
    (ActivityKind.SUPPORT_REQUEST, 3),
    (ActivityKind.PROJECT_CONTACT, 3),
    (ActivityKind.EVENT_INTEREST, 4),
    (ActivityKind.PROJECT_SUGGESTION, 1),
    (ActivityKind.RESOURCE_CONTRIBUTION, 1),
]


def _weighted(rng: random.Random, choices: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _profile_for_login(email: str, **fields: Any) -> None:
    from jmdi.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None or Member.objects.filter(user=user).exists():
        return
    member = Member.objects.create(user=user, **fields)
    Consent.objects.create(
        member=member,
        purpose=MEMBERSHIP,
        text_version=current_text().version,
        text=current_text().text,
    )


def demo_step(context: DemoContext) -> None:
    from jmdi.accounts.demo import DEMO_DOMAIN

    with transaction.atomic():
        _profile_for_login(
            f"member@{DEMO_DOMAIN}",
            stakeholder_type=StakeholderType.DIASPORA,
            country="ES",
            proposed_organisation="Asociación de Ecuatorianos en Murcia",
            position="Coordinadora de proyectos",
            bio="Trabajo con la diáspora ecuatoriana en España en proyectos de desarrollo en la provincia del Azuay.",
            languages=["es", "en"],
            profile_visibility=Visibility.PUBLIC,
            in_directory=True,
        )
        from jmdi.accounts.models import RoleAssignment

        assignment = (
            RoleAssignment.objects.filter(user__email=f"grantee@{DEMO_DOMAIN}", role="grantee")
            .select_related("organisation")
            .first()
        )
        grantee_org = assignment.organisation if assignment else None
        _profile_for_login(
            f"grantee@{DEMO_DOMAIN}",
            stakeholder_type=StakeholderType.LOCAL_AUTHORITY,
            country="MA",
            organisation=grantee_org,
            position="Chef de la division du développement",
            languages=["fr", "ar"],
            profile_visibility=Visibility.MEMBERS,
            in_directory=True,
            authority_verified_at=timezone.now() - dt.timedelta(days=200),
        )
        if Member.objects.filter(user__email__startswith="net.").count() >= DEMO_MEMBERS:
            return
        made = _demo_members(random.Random(2026))
        activity = _demo_activity(random.Random(2027))
    context.say(f"M4D Net: {made} members, {activity} activity records")


def _demo_members(rng: random.Random) -> int:
    from allauth.account.models import EmailAddress

    from jmdi.accounts.demo import DEMO_DOMAIN
    from jmdi.accounts.models import Role, RoleAssignment, User
    from jmdi.directory.models import Organisation
    from jmdi.directory.places import PLACES
    from jmdi.initiatives.models import Theme

    themes = list(Theme.objects.all())
    authorities: dict[str, list[Any]] = {}
    for org in Organisation.objects.filter(
        kind=Organisation.Kind.LOCAL_AUTHORITY, country__isnull=False
    ).select_related("country"):
        if org.country is not None:
            authorities.setdefault(str(org.country.code), []).append(org)
    now = timezone.make_aware(dt.datetime.combine(_anchor(), dt.time(12)))
    users, members = [], []
    for i in range(DEMO_MEMBERS):
        kind = _weighted(rng, TYPES)
        if kind in (StakeholderType.DIASPORA,) and rng.random() < 0.7:
            country = rng.choice(RESIDENCE)
        else:
            country = rng.choice(PROGRAMME_COUNTRIES)
        names = PLACES.get(country) or PLACES[rng.choice(PROGRAMME_COUNTRIES)]
        given = rng.choice(names.given_names)
        family = rng.choice(names.family_names)
        users.append(
            User(
                email=f"net.{i:03d}@{DEMO_DOMAIN}",
                full_name=f"{given} {family}",
                password="!",
                preferred_language=LANGUAGE_OF.get(country, "en"),
            )
        )
        members.append((kind, country))
    created = User.objects.bulk_create(users)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created]
    )
    RoleAssignment.objects.bulk_create([RoleAssignment(user=u, role=Role.MEMBER) for u in created])
    profiles = []
    joined_on: list[dt.datetime] = []
    pending = proposed = 0
    for user, (kind, country) in zip(created, members, strict=True):
        joined = now - dt.timedelta(days=rng.randrange(15, 600))
        joined_on.append(joined)
        organisation = None
        proposed_name = ""
        verified_at = None
        if kind == StakeholderType.LOCAL_AUTHORITY and authorities.get(country):
            organisation = rng.choice(authorities[country])
            if pending < 5 and rng.random() < 0.15:
                pending += 1
            else:
                verified_at = joined + dt.timedelta(days=rng.randrange(1, 10))
        elif kind == StakeholderType.LOCAL_AUTHORITY:
            proposed_name = f"Municipality of {user.full_name.split()[-1]}"
        elif proposed < 3 and kind == StakeholderType.DIASPORA:
            proposed += 1
            proposed_name = [
                "Association des Sénégalais de Turin",
                "Asociación Salvadoreña de Los Ángeles",
                "Nepali Diaspora Network Belgium",
            ][proposed - 1]
        profiles.append(
            Member(
                user=user,
                stakeholder_type=kind,
                country=country,
                organisation=organisation,
                proposed_organisation=proposed_name,
                position=rng.choice(POSITIONS.get(kind, ["Member"])),
                languages=[LANGUAGE_OF.get(country, "en")]
                + (["en"] if rng.random() < 0.5 and LANGUAGE_OF.get(country) != "en" else []),
                profile_visibility=_weighted(
                    rng, [(Visibility.PUBLIC, 5), (Visibility.MEMBERS, 4), (Visibility.NOBODY, 1)]
                ),
                in_directory=rng.random() < 0.75,
                digest=rng.random() < 0.3,
                authority_verified_at=verified_at,
            )
        )
    saved = Member.objects.bulk_create(profiles)
    # joined_at is auto_now_add: set the plausible past afterwards.
    for member, joined in zip(saved, joined_on, strict=True):
        member.joined_at = joined
    Member.objects.bulk_update(saved, ["joined_at"])
    through = Member.topics.through
    if themes:
        through.objects.bulk_create(
            [
                through(member_id=m.pk, theme_id=t.pk)
                for m in saved
                for t in rng.sample(themes, k=min(len(themes), rng.randint(1, 3)))
            ]
        )
    Consent.objects.bulk_create(
        [
            Consent(
                member=m,
                purpose=MEMBERSHIP,
                text_version=current_text().version,
                text=current_text().text,
            )
            for m in saved
        ]
    )
    return len(saved)


#: The demo is set in the programme's own time, as the other apps' demos are: the usage
#: figures then show on the results dashboard's periods.
def _anchor() -> dt.date:
    from jmdi.monitoring.demo import DEMO_TODAY

    return DEMO_TODAY


def _demo_activity(rng: random.Random) -> int:
    today = _anchor()
    members = list(Member.objects.filter(left_at__isnull=True).select_related("user"))
    records = []
    for month in range(18):
        # The M4D Net grows: more members active each month.
        active = rng.sample(members, k=min(len(members), 40 + month * 6))
        for member in active:
            for _ in range(rng.randint(1, 4)):
                day = today - dt.timedelta(days=month * 30 + rng.randrange(30))
                records.append(
                    Activity(
                        kind=_weighted(rng, KINDS),
                        day=day,
                        country=member.country,
                        stakeholder_type=member.stakeholder_type,
                        verified_authority=member.is_verified_authority,
                        actor=actor_key(member.user),
                    )
                )
    Activity.objects.bulk_create(records, batch_size=2000)
    return len(records)


SIZES = {"small": {"activity": 20_000}, "large": {"activity": 1_000_000}}
BATCH = 5_000


def generator_step(context: GeneratorContext) -> None:
    """A member profile for each generated person (their M4D Net role is the accounts'
    generator's), then `activity` records spread over three years."""
    from jmdi.accounts.models import User

    rng = context.rng
    domain = f"@{context.marker}.example.org"
    people = User.objects.filter(email__endswith=domain, member__isnull=True).order_by("pk")
    made = 0
    batch: list[Member] = []
    for (user_id,) in people.values_list("pk").iterator(chunk_size=BATCH):
        kind = _weighted(rng, TYPES)
        batch.append(
            Member(
                user_id=user_id,
                stakeholder_type=kind,
                country=rng.choice(PROGRAMME_COUNTRIES + RESIDENCE),
                profile_visibility=_weighted(
                    rng, [(Visibility.PUBLIC, 5), (Visibility.MEMBERS, 4), (Visibility.NOBODY, 1)]
                ),
                in_directory=rng.random() < 0.6,
                authority_verified_at=timezone.now()
                if kind == StakeholderType.LOCAL_AUTHORITY and rng.random() < 0.6
                else None,
            )
        )
        if len(batch) >= BATCH:
            made += len(Member.objects.bulk_create(batch))
            batch = []
            context.progress(f"members {made:,}")
    if batch:
        made += len(Member.objects.bulk_create(batch))
    context.counts["members"] = context.counts.get("members", 0) + made

    total = context.sizes.get("activity", 0)
    marker = context.marker[:32]
    existing = Activity.objects.filter(actor__startswith="s-").count()
    if existing >= total:
        return
    today = timezone.localdate()
    countries = PROGRAMME_COUNTRIES + RESIDENCE
    written = 0
    for start in range(existing, total, BATCH * 2):
        size = min(BATCH * 2, total - start)
        rows = []
        for _ in range(size):
            kind = _weighted(rng, TYPES)
            rows.append(
                Activity(
                    kind=_weighted(rng, KINDS),
                    day=today - dt.timedelta(days=rng.randrange(1095)),
                    country=rng.choice(countries),
                    stakeholder_type=kind,
                    verified_authority=kind == StakeholderType.LOCAL_AUTHORITY
                    and rng.random() < 0.6,
                    # Synthetic actors: "s-" and a number, never a real person's key.
                    actor=f"s-{rng.randrange(100_000)}",
                )
            )
        Activity.objects.bulk_create(rows, batch_size=BATCH)
        written += size
        context.progress(f"activity {start + size:,}/{total:,} ({marker})")
    context.counts["activity"] = context.counts.get("activity", 0) + written
