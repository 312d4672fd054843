"""Every change to the results records: activity facts written by the apps that keep the
activities, and manual values entered, submitted, approved or returned.

Each function runs in one transaction; bad input raises ValidationError with a message
per field and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import chain
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Min
from django.utils.translation import gettext as _

from jmdi.core.people import Sex
from jmdi.programmes.models import Indicator, Programme
from jmdi.results import permissions
from jmdi.results.models import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    ActivityFact,
    FactDay,
    FactSubject,
    ManualValue,
)
from jmdi.results.periods import programme_periods

# --- Activity facts ------------------------------------------------------------------------

#: The country of a subject's whole-programme row: first seen anywhere in the programme.
WHOLE = ""


@dataclass(frozen=True)
class Fact:
    """One fact to write (see `record_facts`)."""

    country: str
    day: date
    kind: str
    subject: str
    sex: str = Sex.NOT_RECORDED
    stakeholder_type: str = ""
    quantity: int = 1
    label: str = ""
    source: str = ""


def record_fact(*, programme: Programme, **fact: Any) -> ActivityFact:
    """Write one fact (an attendance, a post, a request) and keep its subject's first
    day exact. Arguments as `Fact`."""
    return record_facts(programme=programme, facts=[Fact(**fact)])[0]


@transaction.atomic
def record_facts(
    *, programme: Programme, facts: Iterable[Fact], batch_size: int = 5000
) -> list[ActivityFact]:
    """Write many facts at once (bulk inserts), then bring the subjects they name up to
    date: a new subject is added, a known one keeps the earlier of its first days."""
    rows = [
        ActivityFact(
            programme=programme,
            country=f.country,
            day=f.day,
            kind=f.kind,
            subject=f.subject,
            sex=f.sex,
            stakeholder_type=f.stakeholder_type,
            quantity=f.quantity,
            label=f.label,
            source=f.source,
        )
        for f in facts
    ]
    ActivityFact.objects.bulk_create(rows, batch_size=batch_size)
    # Each subject's first day in its country, and in the whole programme (country "").
    first: dict[tuple[str, str, str], ActivityFact] = {}
    for row in rows:
        for key in ((row.kind, row.country, row.subject), (row.kind, WHOLE, row.subject)):
            if key not in first or row.day < first[key].day:
                first[key] = row
    for kind in {k for k, _c, _s in first}:
        keys = [key for key in first if key[0] == kind]
        known = {
            (s.kind, s.country, s.subject): s
            for s in FactSubject.objects.filter(
                programme=programme, kind=kind, subject__in={s for _k, _c, s in keys}
            )
        }
        new, earlier = [], []
        known_days: dict[int, date] = {}
        for key in keys:
            fact = first[key]
            subject = known.get(key)
            if subject is None:
                new.append(
                    FactSubject(
                        programme=programme,
                        kind=kind,
                        country=key[1],
                        subject=fact.subject,
                        first_day=fact.day,
                        sex=fact.sex,
                        stakeholder_type=fact.stakeholder_type,
                    )
                )
            elif fact.day < subject.first_day:
                known_days[subject.pk] = subject.first_day
                subject.first_day = fact.day
                earlier.append(subject)
        deltas: dict[tuple[str, date], int] = defaultdict(int)
        for subject in new:
            deltas[(subject.country, subject.first_day)] += 1
        for subject in earlier:
            deltas[(subject.country, known_days[subject.pk])] -= 1
            deltas[(subject.country, subject.first_day)] += 1
        FactSubject.objects.bulk_create(new, batch_size=batch_size)
        FactSubject.objects.bulk_update(earlier, ["first_day"], batch_size=batch_size)
        _apply_day_deltas(programme, kind, deltas)
    return rows


def _apply_day_deltas(programme: Programme, kind: str, deltas: dict[tuple[str, date], int]) -> None:
    """Add each (country, day)'s change in subjects first seen to its FactDay row."""
    deltas = {key: change for key, change in deltas.items() if change}
    if not deltas:
        return
    existing = {
        (row.country, row.day): row
        for row in FactDay.objects.select_for_update().filter(
            programme=programme,
            kind=kind,
            country__in={c for c, _d in deltas},
            day__in={d for _c, d in deltas},
        )
    }
    changed, added = [], []
    for (country, day), change in deltas.items():
        row = existing.get((country, day))
        if row is None:
            added.append(
                FactDay(programme=programme, kind=kind, country=country, day=day, subjects=change)
            )
        else:
            row.subjects += change
            changed.append(row)
    FactDay.objects.bulk_create(added)
    FactDay.objects.bulk_update(changed, ["subjects"])


@transaction.atomic
def rebuild_fact_subjects(*, programme: Programme, batch_size: int = 10000) -> int:
    """The subjects recomputed from the facts (after a bulk load that bypassed
    `record_facts`, or to check them): one GROUP BY, then bulk inserts."""
    FactSubject.objects.filter(programme=programme).delete()
    facts = ActivityFact.objects.filter(programme=programme)
    aggregates = {"first": Min("day"), "sex": Min("sex"), "stakeholder": Min("stakeholder_type")}
    by_country = facts.values("kind", "country", "subject").annotate(**aggregates).order_by()
    whole = facts.values("kind", "subject").annotate(**aggregates).order_by()
    batch: list[FactSubject] = []
    written = 0
    rows: Iterator[Any] = chain(
        by_country.iterator(chunk_size=batch_size), whole.iterator(chunk_size=batch_size)
    )
    for row in rows:
        batch.append(
            FactSubject(
                programme=programme,
                kind=row["kind"],
                country=row.get("country", WHOLE),
                subject=row["subject"],
                first_day=row["first"],
                sex=row["sex"],
                stakeholder_type=row["stakeholder"],
            )
        )
        if len(batch) >= batch_size:
            FactSubject.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    FactSubject.objects.bulk_create(batch)
    FactDay.objects.filter(programme=programme).delete()
    FactDay.objects.bulk_create(
        (
            FactDay(
                programme=programme,
                kind=row["kind"],
                country=row["country"],
                day=row["first_day"],
                subjects=row["n"],
            )
            for row in FactSubject.objects.filter(programme=programme)
            .values("kind", "country", "first_day")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        batch_size=batch_size,
    )
    return written + len(batch)


# --- Manual values -------------------------------------------------------------------------

EDITABLE = (ManualValue.Status.DRAFT, ManualValue.Status.RETURNED)


def quarter_codes(programme: Programme) -> list[str]:
    """Manual values are entered per quarter, the period of the quarterly report; a
    semester's or a year's value is computed from its quarters."""
    return [p.code for p in programme_periods(programme)["quarter"]]


def _clean_value(indicator: Indicator, raw: Any, text: str) -> tuple[Decimal | None, str]:
    unit = indicator.unit
    if unit == Indicator.Unit.QUALITATIVE:
        if not text.strip():
            raise ValidationError(
                {"text": _("Describe the result: this indicator is qualitative.")}
            )
        return None, text.strip()
    if raw in (None, ""):
        raise ValidationError({"value": _("Enter the value.")})
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise ValidationError({"value": _("Enter a number, such as 12 or 12.5.")}) from None
    if unit == Indicator.Unit.PERCENTAGE and not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"value": _("A percentage is between 0 and 100.")})
    if unit == Indicator.Unit.YES_NO and value not in (Decimal(0), Decimal(1)):
        raise ValidationError({"value": _("Answer 1 for yes or 0 for no.")})
    if value < 0:
        raise ValidationError({"value": _("The value cannot be negative.")})
    return value, text.strip()


def _check_evidence(file: UploadedFile | None, link: str, existing: ManualValue | None) -> None:
    if file is not None:
        name = file.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                {
                    "evidence_file": _("Upload a file of one of these types: %(types)s.")
                    % {"types": ", ".join(EVIDENCE_EXTENSIONS)}
                }
            )
        if file.size is not None and file.size > EVIDENCE_MAX_BYTES:
            raise ValidationError(
                {"evidence_file": _("The file is larger than 10 MB; upload a smaller one.")}
            )
    has_existing = existing is not None and existing.has_evidence
    if file is None and not link.strip() and not has_existing:
        raise ValidationError(
            {"evidence_file": _("Give the evidence: upload a file or give a link to it.")}
        )


@transaction.atomic
def save_value(
    *,
    actor: Any,
    indicator: Indicator,
    country: str,
    period: str,
    value: Any = None,
    text: str = "",
    split: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_link: str = "",
    comment: str = "",
    submit: bool = False,
) -> ManualValue:
    """Enter (or correct, while a draft or returned) a manual value; `submit` sends it to
    the PMU for review."""
    programme = indicator.output.programme
    if not indicator.is_manual:
        raise ValidationError(
            {
                "indicator": _(
                    "Indicator %(code)s is computed from records (measure %(measure)s); "
                    "its values cannot be entered."
                )
                % {"code": indicator.code, "measure": indicator.measure or "-"}
            }
        )
    country = (country or "").upper()
    by_country = "country" in indicator.disaggregations
    if not permissions.can_enter_value_for(actor, country):
        if permissions.can_enter_values(actor):
            raise ValidationError({"country": _("You enter the values of your own country only.")})
        raise PermissionDenied
    countries = set(programme.programme_countries.values_list("country__code", flat=True))
    if by_country and country not in countries:
        raise ValidationError(
            {
                "country": _(
                    "Choose one of the programme's countries: this indicator is counted per country."
                )
            }
        )
    if not by_country and country:
        raise ValidationError(
            {
                "country": _(
                    "This indicator is counted for the whole programme; leave the country empty."
                )
            }
        )
    if period not in quarter_codes(programme):
        raise ValidationError(
            {
                "period": _(
                    "%(period)s is not a quarter of the programme; choose a quarter from "
                    "%(first)s to %(last)s."
                )
                % {
                    "period": period,
                    "first": quarter_codes(programme)[0],
                    "last": quarter_codes(programme)[-1],
                }
            }
        )
    clean, clean_text = _clean_value(indicator, value, text)
    existing = (
        ManualValue.objects.select_for_update()
        .filter(indicator=indicator, country=country, period=period, split=split)
        .first()
    )
    if existing is not None and existing.status not in EDITABLE:
        raise ValidationError(
            {
                "status": _("This value is %(status)s; it can no longer be changed.")
                % {"status": existing.get_status_display()}
            }
        )
    _check_evidence(evidence_file, evidence_link, existing)
    record = existing or ManualValue(
        indicator=indicator, country=country, period=period, split=split
    )
    record.value = clean
    record.text = clean_text
    if evidence_file is not None:
        record.evidence_file = evidence_file
    if evidence_link.strip():
        record.evidence_link = evidence_link.strip()
    record.comment = comment
    record.entered_by = actor
    if submit:
        record.status = ManualValue.Status.SUBMITTED
    record._change_reason = "submitted" if submit else "saved"  # type: ignore[attr-defined]
    record.full_clean(exclude=["evidence_file", "entered_by", "reviewed_by"])
    record.save()
    return record


def _for_change(value: ManualValue) -> ManualValue:
    return ManualValue.objects.select_for_update().select_related("indicator").get(pk=value.pk)


@transaction.atomic
def submit_value(*, actor: Any, value: ManualValue) -> ManualValue:
    record = _for_change(value)
    if not permissions.can_enter_value_for(actor, record.country):
        raise PermissionDenied
    if record.status not in EDITABLE:
        raise ValidationError({"status": _("Only a draft or a returned value can be submitted.")})
    if not record.has_evidence:
        raise ValidationError(
            {"evidence_file": _("Give the evidence: upload a file or give a link to it.")}
        )
    record.status = ManualValue.Status.SUBMITTED
    record.entered_by = actor
    record._change_reason = "submitted"  # type: ignore[attr-defined]
    record.save()
    return record


@transaction.atomic
def approve_value(*, actor: Any, value: ManualValue) -> ManualValue:
    if not permissions.can_review_values(actor):
        raise PermissionDenied
    record = _for_change(value)
    if record.status != ManualValue.Status.SUBMITTED:
        raise ValidationError({"status": _("Only a value waiting for review can be approved.")})
    record.status = ManualValue.Status.APPROVED
    record.reviewed_by = actor
    record._change_reason = "approved"  # type: ignore[attr-defined]
    record.save()
    return record


@transaction.atomic
def return_value(*, actor: Any, value: ManualValue, reason: str) -> ManualValue:
    """Send a value back to whoever entered it, saying why; the reason stays in its history."""
    if not permissions.can_review_values(actor):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(
            {"return_reason": _("Say why the value is returned, so it can be corrected.")}
        )
    record = _for_change(value)
    if record.status != ManualValue.Status.SUBMITTED:
        raise ValidationError({"status": _("Only a value waiting for review can be returned.")})
    record.status = ManualValue.Status.RETURNED
    record.return_reason = reason.strip()
    record.reviewed_by = actor
    record._change_reason = "returned"  # type: ignore[attr-defined]
    record.save()
    return record
