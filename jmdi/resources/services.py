"""Every write of the resources: one function per action, keyword arguments, the acting
person as `actor`, inside a transaction. A refused action raises PermissionDenied and
changes nothing; bad input raises ValidationError({field: message}).

`at` lets the demo write a plausible past; the pages never pass it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jmdi.community.models import ActivityKind
from jmdi.community.services import record_activity
from jmdi.core.uploads import check_upload
from jmdi.resources import permissions
from jmdi.resources.html import sanitise
from jmdi.resources.models import (
    LANGUAGES,
    Attachment,
    Download,
    Editor,
    Kind,
    QualityReview,
    Resource,
    ResourceText,
    Review,
    Tag,
    Theme,
    Version,
)

#: Attachments of resources may be larger than a grantee's evidence.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _unique_slug(title: str) -> str:
    base = (slugify(title, allow_unicode=False) or "resource")[:100].strip("-") or "resource"
    slug, n = base, 1
    while Resource.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose English, French, Spanish or Arabic.")})


def _check_kind(kind: str) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of resource from the list.")})


def tags_from(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = name.strip()[:80]
        slug = slugify(name)[:80]
        if not slug:
            continue
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _write_text(
    *,
    actor: Any,
    resource: Resource,
    language: str,
    title: str,
    summary: str,
    body_html: str,
    complete: bool,
    at: dt.datetime,
) -> ResourceText:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the resource a title.")})
    body = sanitise(body_html)
    text = (
        ResourceText.objects.select_for_update()
        .filter(resource=resource, language=language)
        .first()
    )
    if text is None:
        text = ResourceText(resource=resource, language=language)
    original = None
    if language != resource.original_language:
        original = ResourceText.objects.filter(
            resource=resource, language=resource.original_language
        ).first()
        if original is None:
            raise ValidationError(
                {"language": _("Write the original text first, then its translations.")}
            )
    text.title, text.summary, text.body = title[:255], summary.strip(), body
    text.complete = bool(complete) if original is not None else True
    text.version += 1
    text.based_on = original.version if original is not None else text.version
    text.updated_at, text.updated_by = at, actor
    text.save()
    Version.objects.create(
        text=text,
        number=text.version,
        author=actor,
        created_at=at,
        title=text.title,
        summary=text.summary,
        body=text.body,
    )
    return text


@transaction.atomic
def propose_resource(
    *,
    actor: Any,
    theme: Theme,
    kind: str,
    language: str,
    title: str,
    summary: str,
    body_html: str,
    tags: Iterable[str] = (),
    at: dt.datetime | None = None,
) -> Resource:
    """A new draft, its original text and first version; counts as a contribution."""
    _require(permissions.can_propose(actor))
    _check_language(language)
    _check_kind(kind)
    when = _now(at)
    resource = Resource.objects.create(
        slug=_unique_slug(title),
        theme=theme,
        kind=kind,
        original_language=language,
        created_by=actor,
    )
    resource.authors.add(actor)
    resource.tags.set(tags_from(tags))
    _write_text(
        actor=actor,
        resource=resource,
        language=language,
        title=title,
        summary=summary,
        body_html=body_html,
        complete=True,
        at=when,
    )
    record_activity(user=actor, kind=ActivityKind.RESOURCE_CONTRIBUTION, day=when.date())
    return resource


@transaction.atomic
def save_text(
    *,
    actor: Any,
    resource: Resource,
    language: str,
    title: str,
    summary: str,
    body_html: str,
    complete: bool = True,
    at: dt.datetime | None = None,
) -> ResourceText:
    """The text in one language, sanitised, kept as a new version."""
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_edit(actor, locked))
    _check_language(language)
    return _write_text(
        actor=actor,
        resource=locked,
        language=language,
        title=title,
        summary=summary,
        body_html=body_html,
        complete=complete,
        at=_now(at),
    )


@transaction.atomic
def update_settings(
    *,
    actor: Any,
    resource: Resource,
    theme: Theme,
    kind: str,
    tags: Iterable[str],
    quality_reviewer: Any = None,
) -> Resource:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_edit(actor, locked))
    _check_kind(kind)
    locked.theme, locked.kind = theme, kind
    if permissions.is_pmu(actor):
        locked.quality_reviewer = quality_reviewer
    locked.save()
    locked.tags.set(tags_from(tags))
    return locked


@transaction.atomic
def submit_for_review(*, actor: Any, resource: Resource, at: dt.datetime | None = None) -> Resource:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_submit(actor, locked))
    if not ResourceText.objects.filter(resource=locked, language=locked.original_language).exists():
        raise ValidationError({"body": _("Write the text before submitting it.")})
    locked.status = Resource.Status.IN_REVIEW
    locked.submitted_at = _now(at)
    locked.save(update_fields=["status", "submitted_at"])
    return locked


@transaction.atomic
def publish(
    *, actor: Any, resource: Resource, comment: str = "", at: dt.datetime | None = None
) -> Resource:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_review(actor, locked))
    when = _now(at)
    locked.status = Resource.Status.PUBLISHED
    locked.published_at = locked.published_at or when
    locked.review_comment = comment.strip()
    locked.save(update_fields=["status", "published_at", "review_comment"])
    Review.objects.create(
        resource=locked,
        reviewer=actor,
        decision=Review.Decision.PUBLISHED,
        comment=comment.strip(),
        decided_at=when,
    )
    return locked


@transaction.atomic
def return_to_draft(
    *, actor: Any, resource: Resource, comment: str, at: dt.datetime | None = None
) -> Resource:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_review(actor, locked))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the authors should change.")})
    locked.status = Resource.Status.DRAFT
    locked.review_comment = comment.strip()
    locked.save(update_fields=["status", "review_comment"])
    Review.objects.create(
        resource=locked,
        reviewer=actor,
        decision=Review.Decision.RETURNED,
        comment=comment.strip(),
        decided_at=_now(at),
    )
    return locked


@transaction.atomic
def archive(*, actor: Any, resource: Resource) -> Resource:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_archive(actor, locked))
    locked.status = Resource.Status.ARCHIVED
    locked.save(update_fields=["status"])
    return locked


@transaction.atomic
def review_quality(
    *,
    actor: Any,
    resource: Resource,
    relevance: bool,
    evidence: bool,
    clarity: bool,
    translations: bool,
    outcome: str,
    comment: str = "",
    on: dt.date | None = None,
) -> QualityReview:
    """The checklist and its outcome. A pass needs relevance, evidence and clarity."""
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_quality_review(actor, locked))
    if outcome not in QualityReview.Outcome.values:
        raise ValidationError({"outcome": _("Say whether the product passed or failed.")})
    if outcome == QualityReview.Outcome.PASSED and not (relevance and evidence and clarity):
        raise ValidationError(
            {
                "outcome": _(
                    "A knowledge product passes only when it is relevant to local "
                    "authorities, grounded in evidence and clear."
                )
            }
        )
    if outcome == QualityReview.Outcome.FAILED and not comment.strip():
        raise ValidationError({"comment": _("Say what the product lacks.")})
    return QualityReview.objects.create(
        resource=locked,
        reviewer=actor,
        relevance=relevance,
        evidence=evidence,
        clarity=clarity,
        translations=translations,
        outcome=outcome,
        comment=comment.strip(),
        reviewed_on=on or timezone.localdate(),
    )


@transaction.atomic
def add_attachment(
    *, actor: Any, resource: Resource, upload: Any, title: str, language: str
) -> Attachment:
    locked = Resource.objects.select_for_update().get(pk=resource.pk)
    _require(permissions.can_edit(actor, locked))
    _check_language(language)
    file_type = check_upload(upload, field="file", limit=ATTACHMENT_MAX_BYTES)
    attachment = Attachment(
        resource=locked,
        title=(title.strip() or str(upload.name))[:255],
        file_type=file_type,
        size=upload.size,
        language=language,
        uploaded_by=actor,
    )
    attachment.file.save(str(upload.name).rsplit("/", 1)[-1], upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def record_download(*, user: Any, attachment: Attachment) -> None:
    """Counts one download (a visitor's too) on the attachment, its resource, the
    download log and the M4D Net's activity counter."""
    if not permissions.can_view(user, attachment.resource):
        raise PermissionDenied
    today = timezone.localdate()
    Attachment.objects.filter(pk=attachment.pk).update(download_count=F("download_count") + 1)
    Resource.objects.filter(pk=attachment.resource_id).update(
        download_count=F("download_count") + 1
    )
    Download.objects.create(resource_id=attachment.resource_id, attachment=attachment, day=today)
    record_activity(user=user, kind=ActivityKind.RESOURCE_DOWNLOAD, day=today)


@transaction.atomic
def make_editor(*, actor: Any, user: Any) -> Editor:
    _require(permissions.can_manage_editors(actor))
    editor, _created = Editor.objects.get_or_create(user=user, defaults={"granted_by": actor})
    return editor


@transaction.atomic
def remove_editor(*, actor: Any, user: Any) -> None:
    _require(permissions.can_manage_editors(actor))
    Editor.objects.filter(user=user).delete()


@transaction.atomic
def publish_text_resource(
    *,
    actor: Any,
    title: str,
    summary: str,
    body_html: str,
    language: str,
    theme: Theme | str,
    kind: str,
    source_label: str,
    at: dt.datetime | None = None,
) -> Resource:
    """Publishes a text written elsewhere (an e-discussion's consolidated summary) as a
    resource in one step: the PMU only. `theme` is a Theme or its slug."""
    _require(permissions.can_publish_directly(actor))
    _check_language(language)
    _check_kind(kind)
    if isinstance(theme, str):
        found = Theme.objects.filter(slug=theme).first()
        if found is None:
            raise ValidationError({"theme": _("There is no such theme.")})
        theme = found
    when = _now(at)
    resource = Resource.objects.create(
        slug=_unique_slug(title),
        theme=theme,
        kind=kind,
        original_language=language,
        created_by=actor,
        source_label=source_label.strip()[:255],
        status=Resource.Status.PUBLISHED,
        submitted_at=when,
        published_at=when,
    )
    resource.authors.add(actor)
    _write_text(
        actor=actor,
        resource=resource,
        language=language,
        title=title,
        summary=summary,
        body_html=body_html,
        complete=True,
        at=when,
    )
    Review.objects.create(
        resource=resource,
        reviewer=actor,
        decision=Review.Decision.PUBLISHED,
        comment=source_label.strip(),
        decided_at=when,
    )
    return resource
