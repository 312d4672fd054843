"""The e-mail telling a requester that their request's status changed, in their language."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from jmdi.core.site import absolute_url, current_site
from jmdi.support.models import Event, Message


def send_status_mail(event_id: int) -> bool:
    """Whether a mail went out (a requester without an address gets none)."""
    event = Event.objects.select_related("request__requester").filter(pk=event_id).first()
    if event is None or not event.changes_status:
        return False
    request = event.request
    recipient = request.requester
    if not recipient.email or not recipient.is_active:
        return False
    answer = None
    if event.action == Event.Action.ANSWERED:
        answer = (
            Message.objects.filter(request=request, kind=Message.Kind.ANSWER, created_at=event.at)
            .order_by("-pk")
            .first()
        )
    language = getattr(recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": recipient,
            "request": request,
            "event": event,
            "status": request.get_status_display(),
            "answer": answer,
            "reason": event.detail if event.action == Event.Action.CLOSED else "",
            "site": current_site(),
            "link": absolute_url(reverse("support:request", args=[request.pk])),
        }
        subject = render_to_string("support/email/status_subject.txt", context)
        body = render_to_string("support/email/status_message.txt", context)
    EmailMultiAlternatives(
        " ".join(subject.split()), body.strip(), settings.DEFAULT_FROM_EMAIL, [recipient.email]
    ).send()
    return True
