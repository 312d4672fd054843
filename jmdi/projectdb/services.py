"""The project database's writes: suggesting a project, the PMU's decision on it, and a
member's message to a project's team. Keyword-only, the acting person as `actor`, in a
transaction; refused actions raise PermissionDenied, bad input ValidationError."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jmdi.community.models import ActivityKind
from jmdi.community.services import record_activity
from jmdi.core.roles import Role
from jmdi.core.site import absolute_url, current_site
from jmdi.initiatives.models import Initiative
from jmdi.projectdb import permissions
from jmdi.projectdb.models import ProjectSuggestion

#: A message to a project's team is between these lengths.
MESSAGE_MIN, MESSAGE_MAX = 20, 3000


def suggest_project(
    *,
    actor: Any,
    title: str,
    summary: str,
    country: Any,
    lead_authority: str,
    language: str = "en",
    website: str = "",
) -> ProjectSuggestion:
    if not permissions.can_suggest(actor):
        raise PermissionDenied
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter the project's title.")
    if len(summary.strip()) < 20:
        errors["summary"] = _(
            "Say in a few lines (20 characters at least) what the project does and for whom."
        )
    if not lead_authority.strip():
        errors["lead_authority"] = _("Name the local authority that leads the project.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        suggestion = ProjectSuggestion.objects.create(
            suggested_by=actor,
            title=title.strip(),
            summary=summary.strip(),
            country=country,
            lead_authority=lead_authority.strip(),
            language=language,
            website=website,
        )
        record_activity(user=actor, kind=ActivityKind.PROJECT_SUGGESTION)
    return suggestion


def decide_suggestion(
    *,
    actor: Any,
    suggestion: ProjectSuggestion,
    accept: bool,
    note: str = "",
    initiative: Initiative | None = None,
) -> ProjectSuggestion:
    """The PMU accepts a suggestion (optionally naming the initiative it recorded in the
    mapping from it) or declines it with a note to the member, who is told by e-mail."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    if suggestion.status != ProjectSuggestion.Status.PENDING:
        raise ValidationError({"status": _("This suggestion has already been decided.")})
    if not accept and not note.strip():
        raise ValidationError(
            {"decision_note": _("Tell the member why the suggestion is declined.")}
        )
    with transaction.atomic():
        suggestion = ProjectSuggestion.objects.select_for_update().get(pk=suggestion.pk)
        suggestion.status = (
            ProjectSuggestion.Status.ACCEPTED if accept else ProjectSuggestion.Status.DECLINED
        )
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.decision_note = note.strip()
        suggestion.initiative = initiative
        suggestion.save()
        person = suggestion.suggested_by
        transaction.on_commit(lambda: _tell_member(suggestion, person))
    return suggestion


def _language_of(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _tell_member(suggestion: ProjectSuggestion, person: Any) -> None:
    if not person.email or not person.is_active:
        return
    with translation.override(_language_of(person)):
        context = {"suggestion": suggestion, "site": current_site(), "user": person}
        subject = render_to_string("projectdb/email/decision_subject.txt", context)
        body = render_to_string("projectdb/email/decision_message.txt", context)
    EmailMessage(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [person.email]
    ).send()


def project_recipients(initiative: Initiative) -> list[str]:
    """Who receives a message to a project's team: the lead authority's contacts with an
    address, else its grantee accounts, else the country's focal points (who pass it on)."""
    from jmdi.accounts.models import RoleAssignment

    addresses = [c.email for c in initiative.lead_authority.contacts.all() if c.email]
    if not addresses:
        addresses = list(
            RoleAssignment.objects.filter(
                role=Role.GRANTEE,
                organisation=initiative.lead_authority,
                revoked_at__isnull=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    if not addresses:
        addresses = list(
            RoleAssignment.objects.filter(
                role=Role.FOCAL_POINT,
                country=initiative.country,
                revoked_at__isnull=True,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
    return sorted(set(addresses))


def contact_project(*, actor: Any, initiative: Initiative, message: str) -> int:
    """Send a member's message to the project's team, their address as the reply-to (the
    team's addresses are never shown to the member). Returns the number of recipients."""
    if not permissions.can_contact(actor):
        raise PermissionDenied
    if not initiative.published:
        raise PermissionDenied
    text = message.strip()
    if len(text) < MESSAGE_MIN:
        raise ValidationError(
            {
                "message": _(
                    "Write a message of at least 20 characters: who you are and why you write."
                )
            }
        )
    if len(text) > MESSAGE_MAX:
        raise ValidationError({"message": _("Keep the message under 3,000 characters.")})
    recipients = project_recipients(initiative)
    if not recipients:
        raise ValidationError(
            {
                "message": _(
                    "This project cannot be reached through the platform yet; write to the programme team instead."
                )
            }
        )
    link = absolute_url(reverse("projectdb:detail", args=[initiative.pk]))
    context = {
        "sender": actor,
        "initiative": initiative,
        "message": text,
        "link": link,
        "site": current_site(),
    }
    with translation.override(
        initiative.language
        if initiative.language in dict(settings.LANGUAGES)
        else settings.LANGUAGE_CODE
    ):
        subject = render_to_string("projectdb/email/contact_subject.txt", context)
        body = render_to_string("projectdb/email/contact_message.txt", context)
    with transaction.atomic():
        record_activity(user=actor, kind=ActivityKind.PROJECT_CONTACT)
        email = EmailMessage(
            " ".join(subject.split()),
            body.strip(),
            settings.DEFAULT_FROM_EMAIL,
            bcc=recipients,
            reply_to=[actor.email],
        )
        transaction.on_commit(email.send)
    return len(recipients)
