"""Synthetic results at scale: activity facts (1,000,000 at large scale) and manual values.

Facts go in by the fastest path each database has (COPY on PostgreSQL, executemany on
SQLite), then their subjects are rebuilt from them in one GROUP BY; a second run at the
same scale adds nothing (the facts carry the scale's marker as their source).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import connection

from jmdi.core.plugins import GeneratorContext
from jmdi.programmes.models import Indicator, Programme
from jmdi.results import services
from jmdi.results.models import ActivityFact, FactDay, FactSubject, ManualValue

KINDS = [("attendance", 60), ("post", 25), ("request", 15)]
SEXES = ["female", "male", "female", "male", "not_recorded"]
TYPES = ["local_authority", "civil_society", "diaspora", "national_government", "academia", ""]
BATCH = 20_000


def _rows(context: GeneratorContext, programme: Programme, countries: list[str], count: int):
    rng = context.rng
    start, days = programme.start_date, (programme.end_date - programme.start_date).days
    kinds = [kind for kind, weight in KINDS for _ in range(weight)]
    subjects = max(count // 12, 10)  # each participant takes part a dozen times on average
    for _ in range(count):
        n = rng.randrange(subjects)
        country = countries[n % len(countries)]
        yield (
            programme.pk,
            country,
            (start + timedelta(days=rng.randrange(days + 1))).isoformat(),
            kinds[rng.randrange(100)],
            f"p{n}",
            SEXES[n % len(SEXES)],
            TYPES[n % len(TYPES)],
            1,
            "",
            context.marker,
        )


COLUMNS = (
    "programme_id",
    "country",
    "day",
    "kind",
    "subject",
    "sex",
    "stakeholder_type",
    "quantity",
    "label",
    "source",
)


def _write_facts(rows) -> int:
    table = ActivityFact._meta.db_table
    written = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor: COPY
            with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
        return written
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def _manual_values(context: GeneratorContext, programme: Programme, countries: list[str]) -> int:
    from jmdi.core.periods import quarters

    wanted = context.sizes.get("manual_values", 0)
    indicators = list(
        Indicator.objects.filter(output__programme=programme, measure=Indicator.MANUAL)
    )
    codes = [q.code for q in quarters(programme.start_date, programme.end_date)]
    slots = [
        (indicator, country, quarter)
        for indicator in indicators
        for country in (countries if "country" in indicator.disaggregations else [""])
        for quarter in codes
    ]
    context.rng.shuffle(slots)
    statuses = ["approved"] * 7 + ["submitted", "draft", "returned"]
    rows = []
    for indicator, country, quarter in slots[:wanted]:
        value: Decimal | None = Decimal(context.rng.randint(0, 4))
        text = ""
        if indicator.unit == Indicator.Unit.YES_NO:
            value = Decimal(context.rng.randint(0, 1))
        elif indicator.unit == Indicator.Unit.QUALITATIVE:
            value, text = None, "Synthetic description."
        status = context.rng.choice(statuses)
        rows.append(
            ManualValue(
                indicator=indicator,
                country=country,
                period=quarter,
                value=value,
                text=text,
                status=status,
                return_reason="Synthetic reason." if status == "returned" else "",
                evidence_link="https://example.org/synthetic",
                comment=context.marker,
            )
        )
    ManualValue.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def generate(context: GeneratorContext) -> None:
    programme = Programme.objects.filter(code=settings.JMDI_DEFAULT_PROGRAMME).first()
    if programme is None or ActivityFact.objects.filter(source=context.marker).exists():
        for key in ("activity facts", "fact subjects", "manual values"):
            context.counts[key] = 0
        return
    countries = list(
        programme.programme_countries.order_by("order").values_list("country__code", flat=True)
    )
    count = context.sizes.get("facts", 0)
    context.progress(f"results: writing {count:,} activity facts…")
    written = _write_facts(_rows(context, programme, [str(c) for c in countries], count))
    context.progress("results: counting their distinct subjects…")
    subjects = services.rebuild_fact_subjects(programme=programme)
    values = _manual_values(context, programme, [str(c) for c in countries])
    # Fresh planner statistics, so the first pages after a bulk load use the indexes.
    with connection.cursor() as cursor:
        for model in (ActivityFact, FactSubject, FactDay):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    context.counts["activity facts"] = written
    context.counts["fact subjects"] = subjects
    context.counts["manual values"] = values
