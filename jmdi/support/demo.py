"""The support facility's demo and its synthetic data at scale.

The demo writes about twelve requests at each stage (submitted, triaged, answered,
assigned, referred, resolved, and a few closed or withdrawn) from members in the eight
programme countries, through the services, dated over the last three months so the queue
has some past its targets. Moroccan requests go to the Moroccan focal point, who answers
some and resolves one; one resolved request became an FAQ entry, among five. Run twice,
it adds nothing.

With fewer than ten M4D Net members, it makes a few itself (`support.<n>@demo…`); the
community's own demo members replace them once it has some.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from jmdi.community.models import Member, StakeholderType
from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.core.roles import Role
from jmdi.support import services
from jmdi.support.models import Event, FaqEntry, Status, SupportRequest, Topic, Urgency

COUNTRIES = ["MA", "TN", "SN", "EC", "CR", "PH", "NP", "SV"]
DEMO_DOMAIN = "demo.jmdi.example.org"
BATCH = 2_000
PER_STAGE = 12

#: (topic, subject, description)
QUESTIONS: list[tuple[str, str, str]] = [
    (Topic.PLANNING, "Including migration in our municipal development plan",
     "Our council is revising its five-year development plan. How have other municipalities included migration and return in theirs, and which data should we collect first?"),
    (Topic.DIASPORA, "Reaching the diaspora of our town abroad",
     "Many families here have relatives in Europe. How can the municipality map its diaspora associations and invite them to a first meeting?"),
    (Topic.FINANCING, "Channelling remittances towards local investment",
     "Remittances are mostly spent on consumption. Are there examples of matching funds or savings products that a local authority can promote with a bank?"),
    (Topic.PARTNERSHIPS, "Finding a partner local authority in Europe",
     "We would like a decentralised cooperation partnership with a city where our diaspora lives. Who can help us find one and what does an agreement contain?"),
    (Topic.CAPACITY, "Training for the staff of our one-stop shop",
     "We opened a migrant resource centre last year. Is there a training module for front-office staff on the rights of returnees and referral to services?"),
    (Topic.PROJECT_DESIGN, "Logical framework for our call for proposals",
     "We are preparing a proposal for the next call. Could someone review our logical framework and the indicators we chose?"),
    (Topic.FINANCING, "Budgeting co-financing for a grant",
     "The call asks for co-financing. Can in-kind contributions such as office space and staff time count, and how do we value them?"),
    (Topic.DIASPORA, "A diaspora investment forum",
     "We plan a forum for diaspora investors during the summer holidays. What worked elsewhere to turn interest into actual projects?"),
    (Topic.PLANNING, "Data on returnees in our province",
     "The national statistics office has no figures below the province. How did other authorities estimate the number of returnees in their area?"),
    (Topic.PROJECT_DESIGN, "Gender in a project on migrant women's cooperatives",
     "How should we design the project so that women who stayed behind benefit, and which indicators show it?"),
    (Topic.CAPACITY, "A peer exchange visit",
     "Could the programme organise a visit to a municipality that runs a successful migrant information office?"),
    (Topic.OTHER, "Using the platform's knowledge products in Arabic",
     "Are the guides of the M4D Net available in Arabic, and may we print them for a workshop?"),
    (Topic.PARTNERSHIPS, "Working with the national migration agency",
     "The national agency has a new strategy. How can a municipality formalise its role with the agency?"),
    (Topic.FINANCING, "Crowdfunding from the diaspora for a health centre",
     "Diaspora members offered to fund equipment for the health centre. Which legal framework lets the municipality receive the funds transparently?"),
]  # fmt: skip

ANSWER = (
    "Thank you for your question. Several municipalities faced the same situation; the attached "
    "guide and the examples in the M4D Net's project database show how they proceeded. In short: "
    "start with a simple mapping, involve the associations from the first meeting, and agree on "
    "two or three indicators you can follow yourselves. Tell us if you need more."
)
FOCAL_ANSWER = (
    "Bonjour, je suis le point focal du programme au Maroc. Je vous propose un entretien la "
    "semaine prochaine avec la Direction régionale et deux communes qui ont déjà mené ce travail."
)

FAQ: list[tuple[str, str, str]] = [
    (Topic.PROJECT_DESIGN, "Who can apply to the programme's calls for proposals?",
     "Local and regional authorities of the eight programme countries lead the proposals, in partnership with civil society, diaspora associations or the private sector. Each call states the eligibility criteria and the documents to attach."),
    (Topic.FINANCING, "Can in-kind contributions count as co-financing?",
     "Yes, when the call allows it: staff time, premises and equipment made available count if they are valued at their real cost and recorded. Keep time sheets and a short note explaining how you valued them."),
    (Topic.DIASPORA, "How do we start working with our diaspora?",
     "Begin with a mapping of the associations and the people who keep links with your territory, then invite them to a first meeting on a concrete subject. Consulates, migrant associations and social networks help to reach them."),
    (Topic.CAPACITY, "Are there trainings for local authority staff?",
     "Yes. The programme's training on migration and local development runs in each country; the knowledge products of the M4D Net can be used for your own sessions."),
    (Topic.PLANNING, "Where can we find data on migration for our territory?",
     "National statistics offices, population censuses and the registers of consulates give a first picture; many authorities complete it with a short survey of households and associations."),
]  # fmt: skip


def _at(days_ago: float, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=days_ago)


def _role_user(role: str, country: str | None = None) -> Any:
    from jmdi.accounts.models import RoleAssignment

    found = RoleAssignment.objects.filter(role=role, revoked_at__isnull=True, user__is_active=True)
    if country:
        found = found.filter(country__code=country)
    first = found.select_related("user").order_by("pk").first()
    return first.user if first else None


def _members(context: DemoContext) -> list[Member]:
    """Whatever members exist; a few of this app's own if there are fewer than ten."""
    if Member.objects.count() < 10:
        from jmdi.accounts.models import User
        from jmdi.accounts.services import create_person
        from jmdi.directory.places import PLACES

        for n, code in enumerate(COUNTRIES * 2, 1):
            email = f"support.{n}@{DEMO_DOMAIN}"
            places = PLACES[code]
            user = User.objects.filter(email=email).first()
            if user is None:
                given = places.given_names[n % len(places.given_names)]
                family = places.family_names[n % len(places.family_names)]
                user = create_person(
                    actor=None,
                    email=email,
                    full_name=f"{given} {family}",
                    password=context.password,
                    verified=True,
                    language=places.language if places.language in ("fr", "es", "ar") else "en",
                )
            if not Member.objects.filter(user=user).exists():
                Member.objects.create(
                    user=user,
                    stakeholder_type=StakeholderType.LOCAL_AUTHORITY,
                    country=code,
                    languages=[places.language],
                )
    members = list(
        Member.objects.filter(banned_at__isnull=True, left_at__isnull=True)
        .select_related("user")
        .order_by("pk")
    )
    return [m for m in members if m.user.is_active]


def _for_country(members: list[Member], code: str, n: int) -> Member:
    local = [m for m in members if str(m.country) == code]
    pool = local or members
    return pool[n % len(pool)]


STAGES = [
    Status.SUBMITTED,
    Status.TRIAGED,
    Status.ANSWERED,
    Status.ASSIGNED,
    Status.REFERRED,
    Status.RESOLVED,
]


@transaction.atomic
def demo_step(context: DemoContext) -> None:
    if SupportRequest.objects.exists():
        return
    pmu = _role_user(Role.PMU_OFFICER)
    if pmu is None:
        return
    members = _members(context)
    if not members:
        return
    focal_ma = _role_user(Role.FOCAL_POINT, "MA")
    colleagues = services.pmu_colleagues()
    colleague = next((p for p in colleagues if p.pk != pmu.pk), pmu)
    rng = random.Random(9)
    now = timezone.now()
    plan = [(stage, i) for stage in STAGES for i in range(PER_STAGE)]
    plan += [(Status.CLOSED, i) for i in range(3)] + [(Status.WITHDRAWN, i) for i in range(3)]
    made: list[SupportRequest] = []
    resolved_ma: list[SupportRequest] = []
    for n, (stage, i) in enumerate(plan):
        code = COUNTRIES[n % len(COUNTRIES)]
        if stage == Status.REFERRED and i < 5 and focal_ma is not None:
            code = "MA"  # the Moroccan focal point's referrals
        member = _for_country(members, code, n)
        topic, subject, description = QUESTIONS[n % len(QUESTIONS)]
        urgent = n % 5 == 0
        # Open requests: the earlier stages are the more recent; some are past the target.
        age = {
            Status.SUBMITTED: rng.uniform(0.2, 6),
            Status.TRIAGED: rng.uniform(1, 12),
            Status.ANSWERED: rng.uniform(3, 25),
            Status.ASSIGNED: rng.uniform(4, 40),
            Status.REFERRED: rng.uniform(5, 45),
        }.get(stage, rng.uniform(10, 90))
        start = _at(age, now)
        item = services.submit_request(
            actor=member.user,
            subject=subject,
            topic=topic,
            country=code,
            description=description,
            urgency=Urgency.URGENT if urgent else Urgency.NORMAL,
            at=start,
            notify=False,
        )
        step = start

        def later(hours: float) -> dt.datetime:
            nonlocal step
            step = min(step + dt.timedelta(hours=hours), now - dt.timedelta(minutes=5))
            return step

        if stage == Status.SUBMITTED:
            made.append(item)
            continue
        if stage == Status.WITHDRAWN:
            services.withdraw(actor=member.user, request=item, at=later(20), notify=False)
            continue
        services.triage(
            actor=pmu,
            request=item,
            topic=topic,
            urgency=item.urgency,
            note="Checked with the country desk." if n % 3 == 0 else "",
            at=later(rng.uniform(2, 30)),
            notify=False,
        )
        if stage == Status.TRIAGED:
            continue
        if stage == Status.CLOSED:
            services.close(
                actor=pmu,
                request=item,
                reason="A duplicate of another request of your municipality, answered there.",
                at=later(24),
                notify=False,
            )
            continue
        if stage == Status.ASSIGNED:
            services.assign(actor=pmu, request=item, assignee=colleague, at=later(10), notify=False)
            continue
        if stage == Status.REFERRED:
            if focal_ma is not None and code == "MA":
                services.refer(
                    actor=pmu, request=item, focal_point=focal_ma, at=later(6), notify=False
                )
                if i in (1, 2):  # the focal point answered two, resolved one
                    services.answer(
                        actor=focal_ma,
                        request=item,
                        body=FOCAL_ANSWER,
                        at=later(rng.uniform(10, 60)),
                        notify=False,
                    )
                    if i == 2:
                        resolved_ma.append(
                            services.resolve(
                                actor=focal_ma, request=item, at=later(72), notify=False
                            )
                        )
            else:
                focal = services.focal_points_of(code)
                if focal:
                    services.refer(
                        actor=pmu, request=item, focal_point=focal[0], at=later(8), notify=False
                    )
            continue
        # Answered and resolved: the PMU answers, sometimes late; the requester replies.
        services.answer(
            actor=pmu,
            request=item,
            body=ANSWER,
            at=later(rng.uniform(4, 110)),
            notify=False,
        )
        if stage == Status.ANSWERED:
            if i % 3 == 0:
                services.add_message(
                    actor=member.user,
                    request=item,
                    body="Thank you, this helps. Could you send us the guide in French too?",
                    at=later(30),
                )
            continue
        services.resolve(actor=pmu, request=item, at=later(rng.uniform(24, 24 * 40)), notify=False)
        made.append(item)
    # One resolved request became an FAQ entry.
    source = next((r for r in made if r.status == Status.RESOLVED), None)
    if source is None:
        source = SupportRequest.objects.filter(status=Status.RESOLVED).order_by("pk").first()
    for index, (topic, question, text) in enumerate(FAQ):
        if index == 0 and source is not None:
            services.make_faq(
                actor=pmu,
                request=source,
                question="How do other municipalities include migration in their development plan?",
                answer=(
                    "Most start with a short diagnosis of migration in their territory (who "
                    "leaves, who returns, who arrives), then add migration to the plan's "
                    "existing chapters (employment, services, investment) rather than a "
                    "chapter of its own, with two or three indicators they can follow."
                ),
                topic=Topic.PLANNING,
                published=True,
            )
        services.save_faq(actor=pmu, question=question, answer=text, topic=topic, published=True)
    if focal_ma is not None:
        context.say("Support: requests referred to focal.ma@demo.jmdi.example.org")


# --- Synthetic data at scale -------------------------------------------------------------


def generator_step(context: GeneratorContext) -> None:
    """Requests at every stage, in bulk, from the people the layers below wrote; the
    marker in the triage notes tells them apart, so a second run adds nothing."""
    from jmdi.accounts.models import User
    from jmdi.programmes.models import Programme

    total = context.sizes.get("support_requests", 0)
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if not total or programme is None:
        return
    existing = SupportRequest.objects.filter(triage_note=context.marker).count()
    if existing >= total:
        return
    people = list(
        User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:2000]
    )
    pmu = _role_user(Role.PMU_OFFICER)
    if not people:
        return
    rng = context.rng
    now = timezone.now()
    statuses = [s for s, _label in Status.choices]
    made = 0
    for start in range(existing, total, BATCH):
        size = min(BATCH, total - start)
        rows = []
        for _i in range(size):
            status = rng.choice(statuses)
            submitted = now - dt.timedelta(hours=rng.uniform(1, 24 * 365))
            topic, subject, description = rng.choice(QUESTIONS)
            responded = status not in ("submitted", "triaged", "withdrawn") and status != "closed"
            first = submitted + dt.timedelta(hours=rng.uniform(1, 150)) if responded else None
            resolved = (
                submitted + dt.timedelta(days=rng.uniform(1, 50)) if status == "resolved" else None
            )
            if first is not None and first > now:
                first = now
            if resolved is not None and resolved > now:
                resolved = now
            rows.append(
                SupportRequest(
                    programme=programme,
                    requester_id=rng.choice(people),
                    subject=subject,
                    topic=topic,
                    country=rng.choice(COUNTRIES),
                    urgency=Urgency.URGENT if rng.random() < 0.15 else Urgency.NORMAL,
                    description=description,
                    status=status,
                    triage_note=context.marker,
                    assigned_to=pmu if status == "assigned" else None,
                    submitted_at=submitted,
                    submitted_on=timezone.localdate(submitted),
                    first_response_at=first,
                    resolved_at=resolved,
                    resolved_on=timezone.localdate(resolved) if resolved else None,
                    resolved_within_target=bool(
                        resolved and resolved - submitted <= dt.timedelta(days=30)
                    ),
                    closed_at=resolved
                    if resolved
                    else (now if status in ("closed", "withdrawn") else None),
                    updated_at=now,
                )
            )
        with transaction.atomic():
            created = SupportRequest.objects.bulk_create(rows, batch_size=BATCH)
            Event.objects.bulk_create(
                [
                    Event(
                        request=item,
                        actor_id=item.requester_id,
                        at=item.submitted_at,
                        action=Event.Action.SUBMITTED,
                        from_status="",
                        to_status=Status.SUBMITTED,
                    )
                    for item in created
                ],
                batch_size=BATCH,
            )
        made += len(created)
        context.progress(f"support requests {start + size:,}/{total:,}")
    context.counts["support_requests"] = context.counts.get("support_requests", 0) + made
    if pmu is not None and not FaqEntry.objects.filter(answer__startswith=context.marker).exists():
        FaqEntry.objects.bulk_create(
            [
                FaqEntry(
                    question=f"{question} ({n})",
                    answer=f"{context.marker}: {text}",
                    topic=topic,
                    published=True,
                    created_by=pmu,
                    created_at=now,
                    updated_at=now,
                )
                for n in range(context.sizes.get("faq_entries", 0) // len(FAQ) or 1)
                for topic, question, text in FAQ
            ],
            batch_size=BATCH,
        )


SIZES = {
    "small": {"support_requests": 2_000, "faq_entries": 50},
    "large": {"support_requests": 20_000, "faq_entries": 200},
}
