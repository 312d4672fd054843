from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jmdi.community.models import Member, StakeholderType

SECRET_OWNED = "Owned-request-subject-7731"
SECRET_OTHER = "Another-member-referred-4419"
SECRET_SN = "Senegal-request-subject-9902"

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def fake_pdf(name: str = "virus.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 not a pdf", content_type="application/pdf")


def make_member(
    user: Any, country: str, *, email: str = "", banned: bool = False, language: str = ""
) -> Any:
    from jmdi.accounts.services import create_person

    if user is None:
        user = create_person(
            actor=None,
            email=email,
            full_name=email.split("@")[0].replace(".", " ").title(),
            password="correct-horse-battery",
            verified=True,
            language=language,
        )
    Member.objects.create(
        user=user,
        stakeholder_type=StakeholderType.LOCAL_AUTHORITY,
        country=country,
        banned_at=timezone.now() if banned else None,
    )
    return user


def make_request(requester: Any, **overrides: Any) -> Any:
    from jmdi.support import services

    values: dict[str, Any] = {
        "subject": "Including migration in our development plan",
        "topic": "planning",
        "country": "MA",
        "description": "How did other municipalities do it?",
        "urgency": "normal",
    }
    values.update(overrides)
    return services.submit_request(actor=requester, **values)


def as_bytes(upload: SimpleUploadedFile) -> io.BytesIO:
    return io.BytesIO(upload.read())
