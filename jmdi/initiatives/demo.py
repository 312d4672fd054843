"""The registry's demo and synthetic data.

Demo: 25 initiatives per programme country (200 in all), written in the country's
language, led by the directory's local authorities (and a few region-level ones added
here), with partners from the directory and universities added here. Five per country
are candidates of the selection round, one of them led by the demo grantee's
organisation; one in two countries has a withdrawn initiative; about 60 % are published.
Deterministic (seeded), idempotent (a country that has its demo initiatives is skipped),
and written in bulk.

Synthetic: `generatedata` writes `initiatives` initiatives led by the generated local
authorities, with partners among the generated organisations.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.directory.models import Country, Organisation
from jmdi.directory.places import PLACES, organisation_name
from jmdi.initiatives.models import (
    GenderDimension,
    Initiative,
    InitiativePartner,
    PartnerRole,
    Setting,
    Theme,
)
from jmdi.initiatives.texts import (
    CORRIDORS,
    CURRENCY,
    REGION_AUTHORITY,
    RESULTS,
    SOURCES,
    SOUTH_SOUTH,
    TEMPLATES,
    TRANSLATED_TO,
    UNIVERSITY,
    Template,
)

PER_COUNTRY = 25
CANDIDATES_PER_COUNTRY = 5
PUBLISHED_PER_100 = 60
BATCH = 2_000
SIZES = {"small": {"initiatives": 400}, "large": {"initiatives": 20_000}}
#: The mapping was done before the programme started and in its inception phase.
MAPPING_START = dt.date(2012, 9, 1)
MAPPING_DAYS = 270
#: Destination countries the corridors name that are not programme countries.
DESTINATIONS = ("DE", "ES", "FR", "IT", "MY", "NI", "QA", "SA", "US", "VE")
GRANTEE_EMAIL = "grantee@demo.jmdi.example.org"

_THROUGH = {
    "origin_countries": Initiative.origin_countries.through,
    "destination_countries": Initiative.destination_countries.through,
    "themes": Initiative.themes.through,
}


def _programme() -> Any:
    from jmdi.programmes.models import Programme

    return Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()


def _fill(text: str, place: str, **numbers: int) -> str:
    de_place = organisation_name("{de_place}", place)
    return text.format(place=place, de_place=de_place, **numbers)


def _grantee_organisation_id() -> int | None:
    """The organisation of the demo grantee's login (set up by the accounts demo)."""
    from jmdi.accounts.models import RoleAssignment

    return (
        RoleAssignment.objects.filter(user__email=GRANTEE_EMAIL, role="grantee")
        .values_list("organisation_id", flat=True)
        .first()
    )


def _get_or_create_orgs(
    wanted: list[Organisation],
) -> dict[tuple[str, int | None], Organisation]:
    """Organisations by (name, country id), creating the missing ones in one bulk write."""
    existing = {
        (o.name, o.country_id): o
        for o in Organisation.objects.filter(
            name__in=[o.name for o in wanted], country_id__in={o.country_id for o in wanted}
        )
    }
    missing: dict[tuple[str, int | None], Organisation] = {}
    for org in wanted:
        key = (org.name, org.country_id)
        if key not in existing and key not in missing:
            missing[key] = org
    if missing:
        bulk_create_with_history(list(missing.values()), Organisation, batch_size=500)
    return existing | missing


def _initiative(
    rng: random.Random,
    *,
    programme: Any,
    reference: str,
    country: Country,
    language: str,
    template: Template,
    place: str,
    lead: Organisation | int,
    with_translation: bool,
) -> Initiative:
    start = dt.date(rng.randint(2008, 2012), rng.randint(1, 12), 1)
    has_dates = rng.random() < 0.9
    code = str(country.code)
    initiative = Initiative(
        programme=programme,
        reference=reference,
        title=_fill(template.title, place)[:300],
        summary=_fill(template.summary, place),
        language=language,
        country=country,
        emigration="emigration" in template.contexts,
        immigration="immigration" in template.contexts,
        transit="transit" in template.contexts,
        return_migration="return_migration" in template.contexts,
        refugees="refugees" in template.contexts,
        gender_dimension=(
            GenderDimension.TARGETED
            if "gender" in template.themes or "women" in template.groups
            else rng.choice(
                [GenderDimension.MAINSTREAMED, GenderDimension.NONE, GenderDimension.UNKNOWN]
            )
        ),
        target_groups=list(template.groups),
        setting=rng.choice([Setting.URBAN, Setting.RURAL, Setting.BOTH, Setting.UNKNOWN]),
        start_date=start if has_dates else None,
        end_date=(start + dt.timedelta(days=365 * rng.randint(1, 4))) if has_dates else None,
        budget=(
            Decimal(rng.randrange(15_000, 450_000, 500)).quantize(Decimal("0.01"))
            if rng.random() < 0.85
            else None
        ),
        budget_currency=CURRENCY.get(code, "USD"),
        results=_fill(
            rng.choice(RESULTS[language]), place, n=rng.randint(20, 600), m=rng.randint(5, 60)
        ),
        sources=SOURCES[language],
        published=rng.randrange(100) < PUBLISHED_PER_100,
        mapped_on=MAPPING_START + dt.timedelta(days=rng.randrange(MAPPING_DAYS)),
    )
    if isinstance(lead, Organisation):
        initiative.lead_authority = lead
    else:
        initiative.lead_authority_id = lead
    if with_translation:
        initiative.translations = {
            TRANSLATED_TO[language]: {
                "title": _fill(template.translated_title, place),
                "summary": _fill(template.translated_summary, place),
            }
        }
    return initiative


def _write(
    initiatives: list[Initiative],
    m2m: dict[str, list[tuple[int, int]]],
    partners: list[tuple[int, int, str]],
) -> None:
    """Initiatives with history, then their M2M rows and partners, in bulk.

    `m2m` and `partners` index into `initiatives` (position, target id)."""
    created = bulk_create_with_history(initiatives, Initiative, batch_size=500)
    by_position = [initiative.pk for initiative in created]
    if any(pk is None for pk in by_position):  # backends that return no ids
        refs = {
            i.reference: i.pk
            for i in Initiative.objects.filter(
                programme=initiatives[0].programme,
                reference__in=[i.reference for i in initiatives],
            )
        }
        by_position = [refs[i.reference] for i in initiatives]
    for name, rows in m2m.items():
        through: Any = _THROUGH[name]
        target = "country_id" if name != "themes" else "theme_id"
        through.objects.bulk_create(
            [through(initiative_id=by_position[p], **{target: t}) for p, t in rows],
            batch_size=BATCH,
        )
    bulk_create_with_history(
        [
            InitiativePartner(initiative_id=by_position[p], organisation_id=o, role=role)
            for p, o, role in partners
        ],
        InitiativePartner,
        batch_size=500,
    )


def _countries_by_code(codes: list[str]) -> dict[str, Country]:
    known = {str(c.code): c for c in Country.objects.filter(code__in=codes)}
    missing = [Country(code=code) for code in codes if code not in known]
    if missing:
        bulk_create_with_history(missing, Country, batch_size=100)
        known |= {str(c.code): c for c in Country.objects.filter(code__in=codes)}
    return known


@transaction.atomic
def load_demo_initiatives() -> int:
    """The demo registry; returns how many initiatives were added."""
    programme = _programme()
    if programme is None:
        return 0
    rng = random.Random(2012)
    codes = [
        str(code)
        for code in programme.programme_countries.order_by("order").values_list(
            "country__code", flat=True
        )
        if str(code) in PLACES
    ]
    countries = _countries_by_code(sorted({*codes, *DESTINATIONS}))
    themes = {t.code: t.pk for t in Theme.objects.all()}
    grantee_org = _grantee_organisation_id()
    done = set(
        Initiative.objects.filter(programme=programme, reference__regex=r"^[A-Z]{2}-\d{3}$")
        .values_list("country__code", flat=True)
        .distinct()
    )
    initiatives: list[Initiative] = []
    m2m: dict[str, list[tuple[int, int]]] = {name: [] for name in _THROUGH}
    partners: list[tuple[int, int, str]] = []
    for index, code in enumerate(codes):
        places = PLACES[code]
        country = countries[code]
        # Every country draws the same numbers whether or not the others are written.
        country_rng = random.Random(rng.randrange(10**9))
        if code in done:
            continue
        language = places.language
        # Region-level local authorities and universities, added to the directory.
        wanted = [
            Organisation(
                name=_fill(pattern, region),
                kind=kind,
                country=country,
            )
            for region in places.regions
            for pattern, kind in (
                (REGION_AUTHORITY[language], Organisation.Kind.LOCAL_AUTHORITY),
                (UNIVERSITY[language], Organisation.Kind.ACADEMIA),
            )
        ]
        made = _get_or_create_orgs(wanted)
        region_authorities = {
            region: made[(_fill(REGION_AUTHORITY[language], region), country.pk)]
            for region in places.regions
        }
        universities = [made[(_fill(UNIVERSITY[language], r), country.pk)] for r in places.regions]
        municipalities = [(r, m) for r, ms in places.regions.items() for m in ms]
        orgs = list(Organisation.objects.filter(country=country).select_related("area"))
        by_place: dict[str, list[Organisation]] = {}
        for org in orgs:
            if org.area is not None:
                by_place.setdefault(org.area.name, []).append(org)
        local_authorities = {
            place: next((o for o in found if o.kind == Organisation.Kind.LOCAL_AUTHORITY), None)
            for place, found in by_place.items()
        }
        templates = TEMPLATES[language]
        withdrawn = {PER_COUNTRY - 1} if index % 2 == 0 else set()
        for n in range(PER_COUNTRY):
            region, place = municipalities[n % len(municipalities)]
            template = templates[(n * 3 + index) % len(templates)]
            lead: Organisation | None = local_authorities.get(place)
            # The demo grantee leads one initiative only: the first candidate of Morocco.
            if n % 6 == 5 or lead is None or lead.pk == grantee_org:
                lead, place = region_authorities[region], region
            if n == 0 and code == "MA" and grantee_org is not None:
                grantee = Organisation.objects.filter(pk=grantee_org).select_related("area").first()
                if grantee is not None:
                    lead = grantee
                    place = grantee.area.name if grantee.area else place
            initiative = _initiative(
                country_rng,
                programme=programme,
                reference=f"{code}-{n + 1:03d}",
                country=country,
                language=language,
                template=template,
                place=place,
                lead=lead,
                with_translation=n % 3 == 0,
            )
            initiative.area = lead.area
            if n < CANDIDATES_PER_COUNTRY:
                initiative.status = Initiative.Status.CANDIDATE
                initiative.status_changed_on = dt.date(2013, 6, 3)
            elif n in withdrawn:
                initiative.status = Initiative.Status.WITHDRAWN
                initiative.status_changed_on = dt.date(2013, 4, 15)
                initiative.published = False
            position = len(initiatives)
            initiatives.append(initiative)
            origin, destination = CORRIDORS[code]
            if n % 5 == 2:
                origin, destination = [SOUTH_SOUTH[code][0]], [SOUTH_SOUTH[code][1]]
                initiative.south_south = True
            m2m["origin_countries"] += [(position, countries[c].pk) for c in origin]
            m2m["destination_countries"] += [
                (position, countries[c].pk) for c in destination[: 1 + n % len(destination)]
            ]
            m2m["themes"] += [(position, themes[t]) for t in template.themes if t in themes]
            # Partners: the place's civil society, diaspora and private sector, a
            # university now and then, and a co-leading municipality in some.
            local = [
                o
                for o in by_place.get(place, [])
                if o.pk != lead.pk and o.kind != "local_authority"
            ]
            chosen = country_rng.sample(local, k=min(len(local), 1 + n % 3))
            roles = [PartnerRole.IMPLEMENTING, PartnerRole.TECHNICAL, PartnerRole.ASSOCIATE]
            for k, org in enumerate(chosen):
                role = PartnerRole.FUNDING if org.kind == "private_sector" else roles[k % 3]
                partners.append((position, org.pk, role))
            if n % 4 == 1:
                partners.append(
                    (position, universities[n % len(universities)].pk, PartnerRole.TECHNICAL)
                )
            if n % 7 == 3:
                other = next(
                    (
                        la
                        for p, la in local_authorities.items()
                        if la is not None and la.pk != lead.pk and p != place
                    ),
                    None,
                )
                if other is not None:
                    partners.append((position, other.pk, PartnerRole.CO_LEAD))
    if initiatives:
        _write(initiatives, m2m, partners)
    return len(initiatives)


def demo_step(context: DemoContext) -> None:
    added = load_demo_initiatives()
    context.say(f"Demo registry: {added} initiatives added.")


def generator_step(context: GeneratorContext) -> None:
    """Initiatives led by the generated local authorities, with generated partners."""
    programme = _programme()
    if programme is None:
        raise LookupError("Load a programme first: the initiatives belong to it.")
    total = context.sizes["initiatives"]
    rng = context.rng
    prefix = f"[{context.marker}]"
    reference_prefix = f"{context.marker}-"
    rows = list(
        Organisation.objects.filter(name__startswith=prefix, country__isnull=False)
        .order_by("pk")
        .values_list("pk", "kind", "country_id")
    )
    leads: dict[int, list[int]] = {}
    others: dict[int, list[int]] = {}
    for pk, kind, country_id in rows:
        (leads if kind == Organisation.Kind.LOCAL_AUTHORITY else others).setdefault(
            country_id, []
        ).append(pk)
    if not leads:
        context.progress("initiatives: no generated local authority to lead them, none written")
        return
    countries = {c.pk: c for c in Country.objects.filter(pk__in=leads)}
    country_ids = sorted(leads)
    themes = list(Theme.objects.values_list("pk", flat=True))
    existing = Initiative.objects.filter(
        programme=programme, reference__startswith=reference_prefix
    ).count()
    made = 0
    for start in range(existing, total, BATCH):
        size = min(BATCH, total - start)
        initiatives: list[Initiative] = []
        m2m: dict[str, list[tuple[int, int]]] = {name: [] for name in _THROUGH}
        partners: list[tuple[int, int, str]] = []
        for i in range(start, start + size):
            country = countries[country_ids[i % len(country_ids)]]
            code = str(country.code)
            places = PLACES.get(code, PLACES["MA"])
            language = places.language
            place = rng.choice([m for ms in places.regions.values() for m in ms])
            template = rng.choice(TEMPLATES[language])
            initiative = _initiative(
                rng,
                programme=programme,
                reference=f"{reference_prefix}{i:06d}",
                country=country,
                language=language,
                template=template,
                place=place,
                lead=rng.choice(leads[country.pk]),
                with_translation=i % 4 == 0,
            )
            initiative.status = rng.choices(
                [
                    Initiative.Status.MAPPED,
                    Initiative.Status.CANDIDATE,
                    Initiative.Status.WITHDRAWN,
                ],
                weights=[90, 8, 2],
            )[0]
            position = len(initiatives)
            initiatives.append(initiative)
            m2m["origin_countries"].append((position, country.pk))
            m2m["themes"] += [(position, t) for t in rng.sample(themes, k=min(2, len(themes)))]
            pool = others.get(country.pk, [])
            for k, org in enumerate(rng.sample(pool, k=min(len(pool), rng.randint(0, 3)))):
                role = (PartnerRole.IMPLEMENTING, PartnerRole.TECHNICAL, PartnerRole.FUNDING)[k]
                partners.append((position, org, role))
        _write(initiatives, m2m, partners)
        made += len(initiatives)
        context.progress(f"initiatives {start + size:,}/{total:,}")
    context.counts["initiatives"] = context.counts.get("initiatives", 0) + made
