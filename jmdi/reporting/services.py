"""Every change to a report: asked for, rendered, regenerated, submitted (and so frozen)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from jmdi.core.i18n import LANGUAGE_CODES
from jmdi.core.jobs import start_job
from jmdi.core.reports import isolated
from jmdi.programmes.models import Programme
from jmdi.reporting import permissions, selectors
from jmdi.reporting.collect import collect, from_snapshot, to_snapshot
from jmdi.reporting.models import Report, checksum
from jmdi.reporting.render import Cover
from jmdi.reporting.render.docx import render_docx
from jmdi.reporting.render.pdf import render_pdf
from jmdi.reporting.render.xlsx import render_xlsx


def _period_label(report: Report) -> str:
    start = formats.date_format(report.period_start, "DATE_FORMAT")
    end = formats.date_format(report.period_end, "DATE_FORMAT")
    return _("%(code)s, %(start)s to %(end)s") % {
        "code": isolated(report.period_code),
        "start": start,
        "end": end,
    }


def _title(report: Report) -> str:
    return _("%(report)s, %(period)s") % {
        "report": report.get_kind_display(),
        "period": isolated(report.period_code),
    }


@transaction.atomic
def request_report(
    *,
    actor: Any,
    programme: Programme,
    kind: str,
    period_code: str,
    language: str,
    in_background: bool = True,
) -> Report:
    """Record a draft report and queue its rendering (the task writes the files).

    `in_background=False` (demo data, commands) leaves the rendering to the caller,
    through `render_files()`.
    """
    if not permissions.can_request_report(actor):
        raise PermissionDenied(_("Only PMU officers write the programme's reports."))
    errors: dict[str, str] = {}
    if kind not in Report.Kind.values:
        errors["kind"] = _("Choose the quarterly progress report or the annual review report.")
    if language not in LANGUAGE_CODES:
        errors["language"] = _("Choose one of the listed languages.")
    period = None
    if not errors:
        period = next(
            (p for p in selectors.periods_for(programme, kind) if p.code == period_code), None
        )
        if period is None:
            errors["period"] = _("Choose a period within the programme (%(start)s to %(end)s).") % {
                "start": formats.date_format(programme.start_date, "DATE_FORMAT"),
                "end": formats.date_format(programme.end_date, "DATE_FORMAT"),
            }
    if errors or period is None:
        raise ValidationError(errors)
    report = Report(
        programme=programme,
        kind=kind,
        period_code=period.code,
        period_start=period.start,
        period_end=period.end,
        language=language,
        as_of=period.end,
        created_by=actor,
    )
    report.full_clean()
    report.save()
    if in_background:
        _queue(actor, report)
    return report


def _queue(actor: Any, report: Report) -> None:
    from jmdi.reporting.tasks import render_report

    with translation.override(report.language):
        title = _title(report)
    job = start_job(
        actor=actor, kind="reporting.render", title=title, task=render_report, report_id=report.pk
    )
    Report.objects.filter(pk=report.pk).update(job=job)
    report.job = job


@transaction.atomic
def regenerate_report(*, actor: Any, report: Report) -> Report:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not permissions.can_change_report(actor, locked):
        raise ValidationError(_("A submitted report is frozen: it cannot be generated again."))
    _queue(actor, locked)
    return locked


def render_files(*, report_id: int, step: Callable[[int, str], None]) -> Report:
    """Collect the figures as of the report's date and write the three files.

    Runs in the task. A report submitted meanwhile is left as it is: frozen.
    """
    report = Report.objects.select_related("programme").get(pk=report_id)
    if report.frozen:
        raise ValidationError(_("A submitted report is frozen: it cannot be generated again."))
    with translation.override(report.language):
        step(10, _("Reading the figures"))
        period = next(
            p
            for p in selectors.periods_for(report.programme, report.kind)
            if p.code == report.period_code
        )
        sections = collect(
            programme=report.programme.code,
            kind=report.kind,
            period=period,
            as_of=report.as_of,
            language=report.language,
        )
        snapshot = to_snapshot(sections)
        files = _render(report, from_snapshot(snapshot), step)
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.frozen:
            raise ValidationError(_("A submitted report is frozen: it cannot be generated again."))
        locked.snapshot = snapshot
        stem = f"jmdi-{locked.kind}-{locked.period_code}-{locked.language}"
        sums = {}
        for fmt, content in files.items():
            getattr(locked, fmt).save(f"{stem}.{fmt}", ContentFile(content), save=False)
            sums[fmt] = checksum(content)
        locked.checksums = sums
        locked.generated_at = timezone.now()
        locked._change_reason = "generated"  # type: ignore[attr-defined]
        locked.save()
    return locked


def _render(
    report: Report, sections: list[Any], step: Callable[[int, str], None]
) -> dict[str, bytes]:
    cover = Cover(
        title=_title(report),
        programme=str(report.programme.title),
        period=_period_label(report),
        as_of=formats.date_format(report.as_of, "DATE_FORMAT"),
        status=str(report.get_status_display()),
        language=report.language,
        rtl=translation.get_language_bidi(),
    )
    labels = {
        "cover": _("Report"),
        "period": _("Reporting period"),
        "as_of": _("Figures as of"),
        "status": _("Status"),
        "item": pgettext("column of a chart's figures", "Item"),
        "value": _("Value"),
        "target": _("Target"),
    }
    step(35, _("Writing the PDF"))
    pdf = render_pdf(cover, sections)
    step(70, _("Writing the Word document"))
    docx = render_docx(cover, sections, labels)
    step(90, _("Writing the spreadsheet"))
    xlsx = render_xlsx(cover, sections, labels)
    return {"pdf": pdf, "docx": docx, "xlsx": xlsx}


@transaction.atomic
def submit_report(*, actor: Any, report: Report) -> Report:
    """Submit to the steering committee: from now on the report is frozen."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not permissions.can_request_report(actor):
        raise PermissionDenied(_("Only PMU officers submit the programme's reports."))
    if locked.frozen:
        raise ValidationError(_("This report was already submitted; it is frozen."))
    if not locked.ready:
        raise ValidationError(
            _("The report is still being written: submit it once its files are ready.")
        )
    locked.status = Report.Status.SUBMITTED
    locked.submitted_by = actor
    locked.submitted_at = timezone.now()
    locked._change_reason = "submitted"  # type: ignore[attr-defined]
    locked.save(update_fields=["status", "submitted_by", "submitted_at"])
    return locked


def languages() -> list[tuple[str, str]]:
    from django.utils.translation import get_language_info

    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]
