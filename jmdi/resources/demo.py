"""The resources' demo and their synthetic data at scale.

The demo seeds the three resource themes and writes real knowledge products for each,
English originals with French, Spanish and Arabic translations (one of them outdated),
the programme's synthesis report of lessons learnt, seven products that passed their
quality review, one published product waiting for it, one submitted for review and a
member's draft, and some downloads. Everything goes through the services, dated in the
programme's time. Run twice, it adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.core.roles import Role
from jmdi.resources import services
from jmdi.resources.demo_content import DRAFT, RESOURCES, THEMES
from jmdi.resources.models import Download, Editor, Resource, ResourceText, Theme

DEMO_START = dt.date(2013, 9, 2)
BATCH = 2_000
SIZES = {"small": {"resources": 200}, "large": {"resources": 5_000}}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _pmu() -> Any:
    from jmdi.accounts.models import RoleAssignment  # the demo logins, made before

    found = (
        RoleAssignment.objects.filter(role=Role.PMU_OFFICER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return found.user if found else None


def _members(context: DemoContext) -> list[Any]:
    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member, StakeholderType

    if Member.objects.count() < 10:
        people = [
            ("Amina El Idrissi", StakeholderType.LOCAL_AUTHORITY, "MA"),
            ("Moussa Diallo", StakeholderType.DIASPORA, "SN"),
            ("Lucía Andrade", StakeholderType.LOCAL_AUTHORITY, "EC"),
            ("Karim Ben Salah", StakeholderType.NGO, "TN"),
        ]
        User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
        for n, (name, kind, country) in enumerate(people, start=1):
            email = f"resources.{n}@demo.jmdi.example.org"
            user = User.objects.filter(email=email).first() or create_person(
                actor=None, email=email, full_name=name, password=context.password, verified=True
            )
            Member.objects.get_or_create(
                user=user, defaults={"stakeholder_type": kind, "country": country}
            )
    return [
        m.user
        for m in Member.objects.filter(banned_at__isnull=True, left_at__isnull=True)
        .select_related("user")
        .order_by("pk")[:6]
    ]


def seed_themes() -> dict[str, Theme]:
    themes = {}
    for order, (slug, names) in enumerate(THEMES, start=1):
        theme, _created = Theme.objects.get_or_create(
            slug=slug, defaults={"names": names, "order": order * 10}
        )
        themes[slug] = theme
    return themes


def _pdf(title: str) -> SimpleUploadedFile:
    body = f"%PDF-1.4\n% {title}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()
    return SimpleUploadedFile("document.pdf", body, content_type="application/pdf")


def demo_step(context: DemoContext) -> None:
    themes = seed_themes()
    pmu = _pmu()
    if pmu is None:
        context.say("resources: no PMU officer, only the themes were written")
        return
    if Resource.objects.filter(slug=RESOURCES[0]["slug"]).exists():
        return
    members = _members(context)
    editor = members[0] if members else pmu
    with transaction.atomic():
        if editor is not pmu:
            services.make_editor(actor=pmu, user=editor)
        day = DEMO_START
        for n, spec in enumerate(RESOURCES):
            author = members[n % len(members)] if members else pmu
            day += dt.timedelta(days=31)
            resource = services.propose_resource(
                actor=author,
                theme=themes[spec["theme"]],
                kind=spec["kind"],
                language="en",
                title=spec["title"],
                summary=spec["summary"],
                body_html=spec["body"],
                tags=spec["tags"],
                at=_at(day),
            )
            Resource.objects.filter(pk=resource.pk).update(slug=spec["slug"])
            resource.refresh_from_db()
            for language, (title, summary, body, state) in spec["translations"].items():
                services.save_text(
                    actor=editor,
                    resource=resource,
                    language=language,
                    title=title,
                    summary=summary,
                    body_html=body,
                    complete=state != "draft",
                    at=_at(day + dt.timedelta(days=5)),
                )
            if spec.get("revision"):
                services.save_text(
                    actor=author,
                    resource=resource,
                    language="en",
                    title=spec["title"],
                    summary=spec["summary"],
                    body_html=spec["revision"],
                    at=_at(day + dt.timedelta(days=9)),
                )
            services.submit_for_review(
                actor=author, resource=resource, at=_at(day + dt.timedelta(days=10))
            )
            if spec["state"] == "published":
                services.publish(actor=pmu, resource=resource, at=_at(day + dt.timedelta(days=14)))
                if spec["quality"] == "passed":
                    services.review_quality(
                        actor=pmu,
                        resource=resource,
                        relevance=True,
                        evidence=True,
                        clarity=True,
                        translations=bool(spec["translations"]),
                        outcome="passed",
                        comment="Checked against the programme's quality criteria.",
                        on=day + dt.timedelta(days=20),
                    )
                if spec["kind"] != "page":
                    services.add_attachment(
                        actor=pmu,
                        resource=resource,
                        upload=_pdf(spec["title"]),
                        title=spec["title"],
                        language="en",
                    )
        draft_author = members[-1] if members else pmu
        services.propose_resource(
            actor=draft_author,
            theme=themes[DRAFT["theme"]],
            kind=DRAFT["kind"],
            language="en",
            title=DRAFT["title"],
            summary=DRAFT["summary"],
            body_html=DRAFT["body"],
            tags=DRAFT["tags"],
            at=_at(dt.date(2014, 12, 1)),
        )
        _downloads()
    # Their search entries and embeddings now, so the library is searchable across
    # languages as soon as `make run` serves it.
    from jmdi.resources import indexing

    indexing.index_all()
    context.say(f"resources: {len(RESOURCES) + 1} resources, {Editor.objects.count()} editor(s)")


def _downloads() -> None:
    """A plausible history of downloads of the published products."""
    from jmdi.resources.models import Attachment

    rows = []
    for n, attachment in enumerate(Attachment.objects.select_related("resource").order_by("pk")):
        published = attachment.resource.published_at
        if published is None:
            continue
        first = timezone.localdate(published)
        for k in range(12 + 7 * n):
            rows.append(
                Download(
                    resource_id=attachment.resource_id,
                    attachment=attachment,
                    day=first + dt.timedelta(days=(k * 5) % 300),
                )
            )
        Attachment.objects.filter(pk=attachment.pk).update(download_count=12 + 7 * n)
        Resource.objects.filter(pk=attachment.resource_id).update(download_count=12 + 7 * n)
    Download.objects.bulk_create(rows, batch_size=BATCH)


WORDS = [
    "diaspora",
    "returnees",
    "remittances",
    "municipality",
    "planning",
    "consultation",
    "associations",
    "youth",
    "women",
    "employment",
    "entrepreneurship",
    "health",
    "education",
    "coordination",
    "data",
    "mapping",
    "investment",
    "co-development",
    "skills",
    "services",
]


def generator_step(context: GeneratorContext) -> None:
    """Published resources with an English text each, in bulk."""
    wanted = context.sizes.get("resources", 0)
    prefix = f"{context.marker}-resource-"
    have = Resource.objects.filter(slug__startswith=prefix).count()
    if have >= wanted:
        return
    themes = list(seed_themes().values())
    rng = context.rng
    kinds = ["guide", "toolkit", "case_study", "policy_brief", "synthesis_report", "page"]
    now = timezone.now()
    with transaction.atomic():
        for start in range(have, wanted, BATCH):
            stop = min(start + BATCH, wanted)
            resources = Resource.objects.bulk_create(
                [
                    Resource(
                        slug=f"{prefix}{n}",
                        theme=rng.choice(themes),
                        kind=rng.choice(kinds),
                        original_language="en",
                        status=Resource.Status.PUBLISHED,
                        published_at=now - dt.timedelta(days=rng.randint(0, 900)),
                    )
                    for n in range(start, stop)
                ],
                batch_size=BATCH,
            )
            ResourceText.objects.bulk_create(
                [
                    ResourceText(
                        resource=resource,
                        language="en",
                        title=" ".join(rng.sample(WORDS, 5)).capitalize(),
                        summary=" ".join(rng.sample(WORDS, 14)).capitalize() + ".",
                        body="<p>" + " ".join(rng.choices(WORDS, k=120)) + "</p>",
                        complete=True,
                        version=1,
                        based_on=1,
                        updated_at=resource.published_at or now,
                    )
                    for resource in resources
                ],
                batch_size=BATCH,
            )
            context.progress(f"resources: {stop}/{wanted}")
    # Their full-text entries (the benchmark's library search); no embeddings at scale.
    from jmdi.resources import indexing

    indexing.index_all(
        Resource.objects.filter(slug__startswith=prefix).prefetch_related("texts"), embed=False
    )
    context.counts["resources"] = context.counts.get("resources", 0) + wanted - have
