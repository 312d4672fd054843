"""Every write of the support facility: one function per action, keyword arguments, the
acting person as `actor`, inside a transaction. A refused action raises PermissionDenied
and changes nothing; bad input raises ValidationError({field: message}) naming the fix.

Each change is written to the request's event log (who, when, what, from → to status) and
to its history; each change of status is e-mailed to the requester, in their language, by
a background task once the change is committed (`notify=False` for the demo's past).

`at` lets the demo and the generator write a plausible past; the pages never pass it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from jmdi.community.models import ActivityKind
from jmdi.community.services import record_activity
from jmdi.core.roles import Role
from jmdi.core.uploads import check_upload
from jmdi.support import permissions
from jmdi.support.models import (
    Attachment,
    Event,
    FaqEntry,
    Message,
    Status,
    SupportRequest,
    Topic,
    Urgency,
)
from jmdi.support.targets import targets

#: At most this many files with one request or message.
MAX_FILES = 5


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not do this with this request."))


def _lock(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=request.pk)


def _text(value: str, field: str, message: str, limit: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    if limit is not None and len(text) > limit:
        raise ValidationError({field: _("Keep it under %(limit)s characters.") % {"limit": limit}})
    return text


def _choice(value: str, field: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValidationError({field: _("Choose one of the options offered.")})
    return value


def _check_uploads(uploads: Sequence[Any]) -> list[tuple[Any, str]]:
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            {"attachments": _("Attach at most %(count)s files.") % {"count": MAX_FILES}}
        )
    return [(upload, check_upload(upload, field="attachments")) for upload in uploads]


def _attach(
    request: SupportRequest,
    checked: list[tuple[Any, str]],
    actor: Any,
    at: dt.datetime,
    message: Message | None = None,
) -> None:
    for upload, kind in checked:
        name = str(upload.name).rsplit("/", 1)[-1][:200]
        attachment = Attachment(
            request=request,
            message=message,
            original_name=name,
            kind=kind,
            size=upload.size,
            uploaded_by=actor,
            uploaded_at=at,
        )
        upload.seek(0)
        attachment.file.save(name, upload, save=False)
        attachment.save()


def _log(
    request: SupportRequest,
    *,
    actor: Any,
    action: str,
    from_status: str,
    at: dt.datetime,
    detail: str = "",
    notify: bool = True,
) -> Event:
    event = Event.objects.create(
        request=request,
        actor=actor,
        at=at,
        action=action,
        from_status=from_status,
        to_status=request.status,
        detail=detail,
    )
    if notify and event.changes_status:
        from jmdi.support.tasks import send_status_mail

        send_status_mail.enqueue(event.pk)
    return event


def _save(request: SupportRequest, reason: str, at: dt.datetime) -> None:
    request.updated_at = at
    request._change_reason = reason  # type: ignore[attr-defined]
    request.save()


def _is_pmu(user: Any) -> bool:
    from jmdi.core.scopes import scopes_of

    return scopes_of(user).is_pmu


# --- Submitting and following a request -----------------------------------------------------


@transaction.atomic
def submit_request(
    *,
    actor: Any,
    subject: str,
    topic: str,
    country: str,
    description: str,
    urgency: str = Urgency.NORMAL,
    uploads: Sequence[Any] = (),
    programme: Any = None,
    at: dt.datetime | None = None,
    notify: bool = True,
) -> SupportRequest:
    _require(permissions.can_submit(actor))
    from jmdi.programmes.models import Programme

    when = _now(at)
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for field, call in (
        ("subject", lambda: _text(subject, "subject", _("Say what it is about."), 200)),
        ("description", lambda: _text(description, "description", _("Describe what you need."))),
        ("topic", lambda: _choice(topic, "topic", Topic.values)),
        ("urgency", lambda: _choice(urgency, "urgency", Urgency.values)),
        (
            "country",
            lambda: _choice(str(country or "").upper(), "country", [c for c, _n in countries]),
        ),
    ):
        try:
            values[field] = call()
        except ValidationError as exc:
            errors[field] = exc.message_dict[field][0]
    if errors:
        raise ValidationError(errors)
    checked = _check_uploads(uploads)
    request = SupportRequest(
        programme=programme or Programme.objects.get(code=settings.JMDI_DEFAULT_PROGRAMME),
        requester=actor,
        submitted_at=when,
        submitted_on=timezone.localdate(when),
        updated_at=when,
        status=Status.SUBMITTED,
        **values,
    )
    _save(request, "submitted", when)
    _attach(request, checked, actor, when)
    _log(request, actor=actor, action=Event.Action.SUBMITTED, from_status="", at=when, notify=False)
    record_activity(user=actor, kind=ActivityKind.SUPPORT_REQUEST, day=timezone.localdate(when))
    return request


@transaction.atomic
def add_message(
    *,
    actor: Any,
    request: SupportRequest,
    body: str,
    uploads: Sequence[Any] = (),
    at: dt.datetime | None = None,
) -> Message:
    """The requester adds something to their open request; its status stays."""
    locked = _lock(request)
    _require(permissions.can_add_message(actor, locked))
    text = _text(body, "body", _("Write your message."))
    checked = _check_uploads(uploads)
    when = _now(at)
    message = Message.objects.create(
        request=locked, author=actor, kind=Message.Kind.REQUESTER, body=text, created_at=when
    )
    _attach(locked, checked, actor, when, message)
    _save(locked, "message added", when)
    _log(locked, actor=actor, action=Event.Action.MESSAGE, from_status=locked.status, at=when)
    return message


@transaction.atomic
def withdraw(
    *, actor: Any, request: SupportRequest, at: dt.datetime | None = None, notify: bool = True
) -> SupportRequest:
    locked = _lock(request)
    _require(permissions.can_withdraw(actor, locked))
    when = _now(at)
    before = locked.status
    locked.status = Status.WITHDRAWN
    locked.closed_at = when
    _save(locked, "withdrawn", when)
    _log(
        locked,
        actor=actor,
        action=Event.Action.WITHDRAWN,
        from_status=before,
        at=when,
        notify=notify,
    )
    return locked


# --- The PMU's and the focal points' work -----------------------------------------------------


@transaction.atomic
def triage(
    *,
    actor: Any,
    request: SupportRequest,
    topic: str,
    urgency: str,
    note: str = "",
    at: dt.datetime | None = None,
    notify: bool = True,
) -> SupportRequest:
    locked = _lock(request)
    _require(permissions.can_triage(actor, locked))
    locked.topic = _choice(topic, "topic", Topic.values)
    locked.urgency = _choice(urgency, "urgency", Urgency.values)
    when = _now(at)
    note = (note or "").strip()
    if note:
        stamp = timezone.localtime(when).strftime("%Y-%m-%d")
        line = f"[{stamp}] {note}"
        locked.triage_note = f"{locked.triage_note}\n{line}".strip()
    before = locked.status
    locked.status = Status.TRIAGED
    _save(locked, "triaged", when)
    detail = f"{locked.get_topic_display()} · {locked.get_urgency_display()}"
    if note:
        detail = f"{detail}\n{note}"
    _log(
        locked,
        actor=actor,
        action=Event.Action.TRIAGED,
        from_status=before,
        at=when,
        detail=detail,
        notify=notify,
    )
    return locked


@transaction.atomic
def answer(
    *,
    actor: Any,
    request: SupportRequest,
    body: str,
    uploads: Sequence[Any] = (),
    at: dt.datetime | None = None,
    notify: bool = True,
) -> Message:
    """A reply the requester reads; the first one dates the first response."""
    locked = _lock(request)
    _require(permissions.can_answer(actor, locked))
    text = _text(body, "body", _("Write the answer."))
    checked = _check_uploads(uploads)
    when = _now(at)
    message = Message.objects.create(
        request=locked, author=actor, kind=Message.Kind.ANSWER, body=text, created_at=when
    )
    _attach(locked, checked, actor, when, message)
    before = locked.status
    locked.status = Status.ANSWERED
    if locked.first_response_at is None:
        locked.first_response_at = when
    _save(locked, "answered", when)
    _log(
        locked,
        actor=actor,
        action=Event.Action.ANSWERED,
        from_status=before,
        at=when,
        notify=notify,
    )
    return message


def pmu_colleagues() -> list[Any]:
    """The people who hold the PMU officer role, by name."""
    from jmdi.accounts.models import User

    return list(
        User.objects.filter(
            role_assignments__role=Role.PMU_OFFICER,
            role_assignments__revoked_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def focal_points_of(country: str) -> list[Any]:
    """The people who hold the focal point role for `country`."""
    from jmdi.accounts.models import User

    return list(
        User.objects.filter(
            role_assignments__role=Role.FOCAL_POINT,
            role_assignments__country__code=str(country),
            role_assignments__revoked_at__isnull=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


@transaction.atomic
def assign(
    *,
    actor: Any,
    request: SupportRequest,
    assignee: Any,
    note: str = "",
    at: dt.datetime | None = None,
    notify: bool = True,
) -> SupportRequest:
    locked = _lock(request)
    _require(permissions.can_assign(actor, locked))
    if assignee is None or not _is_pmu(assignee):
        raise ValidationError({"assignee": _("Choose a PMU officer.")})
    when = _now(at)
    before = locked.status
    locked.status = Status.ASSIGNED
    locked.assigned_to = assignee
    _save(locked, "assigned", when)
    detail = str(assignee.full_name or assignee.email)
    if note.strip():
        detail = f"{detail}\n{note.strip()}"
    _log(
        locked,
        actor=actor,
        action=Event.Action.ASSIGNED,
        from_status=before,
        at=when,
        detail=detail,
        notify=notify,
    )
    return locked


@transaction.atomic
def refer(
    *,
    actor: Any,
    request: SupportRequest,
    focal_point: Any = None,
    organisation: Any = None,
    contact: str = "",
    note: str = "",
    at: dt.datetime | None = None,
    notify: bool = True,
) -> SupportRequest:
    """To the focal point of the request's country, or to an organisation of the registry
    (a UN country team, a partner) with a contact there."""
    locked = _lock(request)
    _require(permissions.can_refer(actor, locked))
    if (focal_point is None) == (organisation is None):
        raise ValidationError(
            {"focal_point": _("Refer it either to the focal point or to an organisation.")}
        )
    if focal_point is not None:
        if focal_point.pk not in {person.pk for person in focal_points_of(str(locked.country))}:
            raise ValidationError(
                {"focal_point": _("Choose a focal point of the request's country.")}
            )
        detail = str(focal_point.full_name or focal_point.email)
    else:
        contact = _text(contact, "contact", _("Say whom to contact at the organisation."), 255)
        detail = f"{organisation} · {contact}"
    when = _now(at)
    before = locked.status
    locked.status = Status.REFERRED
    locked.referred_to_focal_point = focal_point
    locked.referred_to_organisation = organisation
    locked.referral_contact = contact if organisation is not None else ""
    _save(locked, "referred", when)
    if note.strip():
        detail = f"{detail}\n{note.strip()}"
    _log(
        locked,
        actor=actor,
        action=Event.Action.REFERRED,
        from_status=before,
        at=when,
        detail=detail,
        notify=notify,
    )
    return locked


@transaction.atomic
def resolve(
    *,
    actor: Any,
    request: SupportRequest,
    note: str = "",
    at: dt.datetime | None = None,
    notify: bool = True,
) -> SupportRequest:
    locked = _lock(request)
    _require(permissions.can_resolve(actor, locked))
    when = _now(at)
    before = locked.status
    locked.status = Status.RESOLVED
    locked.resolved_at = locked.closed_at = when
    locked.resolved_on = timezone.localdate(when)
    locked.resolved_within_target = (
        when - locked.submitted_at <= targets(locked.programme).resolution
    )
    _save(locked, "resolved", when)
    _log(
        locked,
        actor=actor,
        action=Event.Action.RESOLVED,
        from_status=before,
        at=when,
        detail=note.strip(),
        notify=notify,
    )
    return locked


@transaction.atomic
def close(
    *,
    actor: Any,
    request: SupportRequest,
    reason: str,
    at: dt.datetime | None = None,
    notify: bool = True,
) -> SupportRequest:
    """Closed without an answer, with the reason the requester reads."""
    locked = _lock(request)
    _require(permissions.can_close(actor, locked))
    text = _text(reason, "reason", _("Say why it is closed without an answer."))
    when = _now(at)
    before = locked.status
    locked.status = Status.CLOSED
    locked.closed_at = when
    _save(locked, "closed without answer", when)
    _log(
        locked,
        actor=actor,
        action=Event.Action.CLOSED,
        from_status=before,
        at=when,
        detail=text,
        notify=notify,
    )
    return locked


# --- The FAQ ---------------------------------------------------------------------------------


def _faq_values(question: str, answer_text: str, topic: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for field, call in (
        ("question", lambda: _text(question, "question", _("Write the question."), 300)),
        ("answer", lambda: _text(answer_text, "answer", _("Write the answer."))),
        ("topic", lambda: _choice(topic, "topic", Topic.values)),
    ):
        try:
            values[field] = call()
        except ValidationError as exc:
            errors[field] = exc.message_dict[field][0]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def make_faq(
    *,
    actor: Any,
    request: SupportRequest,
    question: str,
    answer: str,
    topic: str,
    published: bool = False,
    at: dt.datetime | None = None,
) -> FaqEntry:
    """An FAQ entry from a resolved request: the PMU edits the question and the answer
    so that they hold no personal data; the entry does not show the request."""
    locked = _lock(request)
    _require(permissions.can_make_faq(actor, locked))
    when = _now(at)
    entry = FaqEntry(
        source_request=locked,
        created_by=actor,
        created_at=when,
        updated_at=when,
        published=published,
        **_faq_values(question, answer, topic),
    )
    entry._change_reason = "drawn from a request"  # type: ignore[attr-defined]
    entry.save()
    _log(
        locked,
        actor=actor,
        action=Event.Action.FAQ,
        from_status=locked.status,
        at=when,
        detail=entry.question,
    )
    return entry


@transaction.atomic
def save_faq(
    *,
    actor: Any,
    question: str,
    answer: str,
    topic: str,
    published: bool,
    entry: FaqEntry | None = None,
    at: dt.datetime | None = None,
) -> FaqEntry:
    """A new FAQ entry, or changes to one."""
    _require(permissions.can_manage_faq(actor))
    when = _now(at)
    values = _faq_values(question, answer, topic)
    if entry is None:
        entry = FaqEntry(created_by=actor, created_at=when)
    else:
        entry = FaqEntry.objects.select_for_update().get(pk=entry.pk)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.published = published
    entry.updated_at = when
    entry._change_reason = "edited"  # type: ignore[attr-defined]
    entry.save()
    return entry
