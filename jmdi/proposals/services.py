"""Every write of the project documents: one function per action, in a transaction, the
document locked while it changes (`select_for_update`), the actor and the reason kept in
the document's history.

A refused action changes nothing and says why: PermissionDenied with the reason when the
person may not do it, ValidationError({field: message}) when the document is not in the
state the action needs or the content is wrong. `at` lets the demo write a plausible
past; the pages never pass it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from jmdi.initiatives.models import Initiative
from jmdi.proposals import permissions
from jmdi.proposals.content import SECTION_LABELS, missing_sections, normalised
from jmdi.proposals.models import Comment, DocumentVersion, ProjectDocument
from jmdi.proposals.permissions import Refusal

Status = ProjectDocument.Status


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _enforce(refusal: Refusal | None) -> None:
    if refusal is None:
        return
    if refusal.by_person:
        raise PermissionDenied(str(refusal))
    raise ValidationError({"status": str(refusal)})


def _save(
    document: ProjectDocument, actor: Any, reason: str, when: dt.datetime, fields: list[str]
) -> None:
    document.updated_at = when
    document._history_user = actor  # type: ignore[attr-defined]
    # The person's own words (a return's reason, a submission's note); the status of the
    # history row says what happened.
    document._change_reason = reason[:100]  # type: ignore[attr-defined]
    document._history_date = when  # type: ignore[attr-defined]
    document.save(update_fields=[*fields, "updated_at"])


def _locked(document: ProjectDocument) -> ProjectDocument:
    """The document, locked for this transaction, with the initiative its rules read."""
    locked = (
        ProjectDocument.objects.select_for_update(of=("self",))
        .select_related("initiative__country")
        .get(pk=document.pk)
    )
    return locked


def _partners_of(initiative: Initiative) -> list[dict[str, str]]:
    rows = [
        {
            "organisation_id": str(initiative.lead_authority_id),
            "organisation": str(initiative.lead_authority),
            "role": _("Lead local authority"),
            "responsibilities": "",
        }
    ]
    for partner in initiative.partners.select_related("organisation").order_by("pk"):
        rows.append(
            {
                "organisation_id": str(partner.organisation_id),
                "organisation": str(partner.organisation),
                "role": str(partner.get_role_display()),
                "responsibilities": "",
            }
        )
    return rows


def start_document(
    *, actor: Any, initiative: Initiative, at: dt.datetime | None = None
) -> ProjectDocument:
    """The project document of a selected (or funded) initiative, with its summary and its
    partners taken from the initiative; starting it twice gives the same document."""
    _enforce(permissions.start_refusal(actor, initiative))
    when = _now(at)
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        existing = ProjectDocument.objects.filter(initiative=locked).first()
        if existing is not None:
            return existing
        content = normalised({"summary": initiative.summary})
        content["partners"] = _partners_of(initiative)
        document = ProjectDocument(
            initiative=initiative, content=content, created_at=when, updated_at=when
        )
        document._history_user = actor  # type: ignore[attr-defined]
        document._change_reason = ""  # type: ignore[attr-defined]
        document._history_date = when  # type: ignore[attr-defined]
        document.save()
    return document


# --- Checking the content -----------------------------------------------------------------


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _amount(value: str) -> Decimal | None:
    try:
        amount = Decimal(value or "0")
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        return None
    return amount.quantize(Decimal("0.01"))


def _check_content(content: dict[str, Any]) -> dict[str, Any]:
    """The content, normalised; ValidationError naming each section in error and the row."""
    clean = normalised(content)
    errors: dict[str, list[str]] = {}

    def error(section: str, row: int, message: str) -> None:
        errors.setdefault(section, []).append(
            _("Row %(row)d: %(message)s") % {"row": row, "message": message}
        )

    for number, row in enumerate(clean["activities"], start=1):
        if not row["title"]:
            error("activities", number, _("give the activity a title."))
        start, end = _date(row["start"]), _date(row["end"])
        if row["start"] and start is None:
            error("activities", number, _("write the start date as YYYY-MM-DD."))
        if row["end"] and end is None:
            error("activities", number, _("write the end date as YYYY-MM-DD."))
        if start and end and end < start:
            error("activities", number, _("the activity must end after it starts."))
    for number, row in enumerate(clean["budget"], start=1):
        if not row["heading"]:
            error("budget", number, _("give the budget line a heading."))
        for name in ("amount", "co_funding"):
            amount = _amount(row[name])
            if amount is None:
                error(
                    "budget",
                    number,
                    _("enter the amount in euros, zero or more, to the cent (e.g. 1250.00)."),
                )
            else:
                row[name] = str(amount)
    for number, row in enumerate(clean["monitoring"], start=1):
        if not row["indicator"]:
            error("monitoring", number, _("name the indicator."))
    if errors:
        raise ValidationError(dict(errors))
    return clean


# --- The working draft --------------------------------------------------------------------


def save_draft(
    *,
    actor: Any,
    document: ProjectDocument,
    content: dict[str, Any],
    revision: int,
    reason: str = "",
    at: dt.datetime | None = None,
) -> ProjectDocument:
    """Replace the working draft. `revision` is the one the editor started from: if
    someone saved in between, the edit is refused rather than overwriting theirs."""
    when = _now(at)
    with transaction.atomic():
        locked = _locked(document)
        _enforce(permissions.edit_refusal(actor, locked))
        if locked.revision != revision:
            raise ValidationError(
                {
                    "revision": _(
                        "Someone else saved the draft while you were editing it. Open the "
                        "draft again to see their changes, then make yours."
                    )
                }
            )
        locked.content = _check_content(content)
        locked.revision += 1
        _save(locked, actor, reason.strip(), when, ["content", "revision"])
    return locked


def submit_document(
    *, actor: Any, document: ProjectDocument, note: str = "", at: dt.datetime | None = None
) -> DocumentVersion:
    """Freeze the working draft as the next numbered version and send it to the focal
    point. A draft missing a required section is refused, naming the sections."""
    when = _now(at)
    with transaction.atomic():
        locked = _locked(document)
        _enforce(permissions.submit_refusal(actor, locked))
        content = _check_content(locked.content)
        missing = missing_sections(content)
        if missing:
            raise ValidationError({key: str(message) for key, message in missing.items()})
        last = locked.versions.aggregate(n=Max("number"))["n"] or 0
        version = DocumentVersion(
            document=locked,
            number=last + 1,
            content=content,
            author=actor,
            created_at=when,
            note=note.strip(),
        )
        version.save()
        locked.status = Status.SUBMITTED
        _save(locked, actor, version.note, when, ["status"])
    document.status = locked.status
    return version


def review_document(
    *, actor: Any, document: ProjectDocument, reason: str = "", at: dt.datetime | None = None
) -> ProjectDocument:
    """The focal point marks the submitted version reviewed: it goes to the PMU."""
    when = _now(at)
    with transaction.atomic():
        locked = _locked(document)
        _enforce(permissions.review_refusal(actor, locked))
        locked.status = Status.REVIEWED
        _save(locked, actor, reason.strip(), when, ["status"])
    document.status = locked.status
    return locked


def validate_document(
    *, actor: Any, document: ProjectDocument, reason: str = "", at: dt.datetime | None = None
) -> ProjectDocument:
    """The PMU validates the reviewed document: it is locked from then on."""
    when = _now(at)
    with transaction.atomic():
        locked = _locked(document)
        _enforce(permissions.validate_refusal(actor, locked))
        locked.status = Status.VALIDATED
        locked.validated_at, locked.validated_by = when, actor
        _save(
            locked,
            actor,
            reason.strip(),
            when,
            ["status", "validated_at", "validated_by"],
        )
    document.status = locked.status
    return locked


def return_document(
    *,
    actor: Any,
    document: ProjectDocument,
    reason: str,
    section: str = "",
    at: dt.datetime | None = None,
) -> Comment:
    """Send the document back to its drafters with the reason, which becomes a comment
    on the version returned (on one of its sections, if given)."""
    when = _now(at)
    reason = reason.strip()
    with transaction.atomic():
        locked = _locked(document)
        _enforce(permissions.return_refusal(actor, locked))
        if not reason:
            raise ValidationError(
                {"reason": _("Say what the drafters should change: a return needs its reason.")}
            )
        _check_section(section)
        version = locked.versions.order_by("-number").first()
        if version is None:  # cannot happen: a submitted document has a version
            raise ValidationError({"status": _("This document has no version to return.")})
        comment = Comment(
            version=version, section=section, author=actor, text=reason, created_at=when
        )
        comment._history_user = actor  # type: ignore[attr-defined]
        comment._history_date = when  # type: ignore[attr-defined]
        comment.save()
        locked.status = Status.DRAFT
        locked.returns += 1
        _save(locked, actor, reason, when, ["status", "returns"])
    document.status = locked.status
    return comment


# --- Comments -----------------------------------------------------------------------------


def _check_section(section: str) -> None:
    if section and section not in SECTION_LABELS:
        raise ValidationError({"section": _("Choose a section of the document, or none.")})


def add_comment(
    *,
    actor: Any,
    version: DocumentVersion,
    text: str,
    section: str = "",
    at: dt.datetime | None = None,
) -> Comment:
    document = version.document
    if not permissions.can_comment(actor, document):
        raise PermissionDenied(_("Only the grantee, the focal point and the PMU comment."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    _check_section(section)
    when = _now(at)
    comment = Comment(version=version, section=section, author=actor, text=text, created_at=when)
    with transaction.atomic():
        comment._history_user = actor  # type: ignore[attr-defined]
        comment._history_date = when  # type: ignore[attr-defined]
        comment.save()
    return comment


def resolve_comment(
    *, actor: Any, comment: Comment, resolved: bool = True, at: dt.datetime | None = None
) -> Comment:
    """Mark a comment resolved (or open again)."""
    if not permissions.can_resolve_comment(actor, comment.version.document):
        raise PermissionDenied(_("Only the grantee, the focal point and the PMU resolve comments."))
    when = _now(at)
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        locked.resolved = resolved
        locked.resolved_by = actor if resolved else None
        locked.resolved_at = when if resolved else None
        locked._history_user = actor  # type: ignore[attr-defined]
        locked._history_date = when  # type: ignore[attr-defined]
        locked.save(update_fields=["resolved", "resolved_by", "resolved_at"])
    return locked
