"""The resource pages: thin, each authorising, then calling one selector or service.

A resource a person may not read answers 404 (the page says nothing of what is there);
an action on a resource one may read but not change answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.core.abuse import rate_limit
from jmdi.core.forms import show_errors
from jmdi.core.uploads import CONTENT_TYPES
from jmdi.resources import html, permissions, selectors, services
from jmdi.resources.forms import (
    AttachmentForm,
    DecisionForm,
    EditorForm,
    ProposeForm,
    QualityReviewForm,
    SettingsForm,
    TextForm,
    split_tags,
)
from jmdi.resources.models import (
    LANGUAGES,
    Attachment,
    Kind,
    Language,
    Resource,
    Theme,
    Version,
    completeness,
)

PAGE_SIZE = 20


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _viewer_language() -> str:
    language = (translation.get_language() or "en")[:2]
    return language if language in LANGUAGES else "en"


def _languages(resource: Resource) -> list[dict[str, Any]]:
    names = dict(Language.choices)
    return [
        {
            "code": code,
            "name": names[code],
            "state": completeness(resource, code),
            "text": resource.text_in(code),
            "original": code == resource.original_language,
        }
        for code in LANGUAGES
    ]


def _rows(resources: Any, language: str) -> list[dict[str, Any]]:
    return [{"resource": r, "text": r.shown_text(language)} for r in resources]


# --- Reading ----------------------------------------------------------------------------


def library(request: HttpRequest) -> HttpResponse:
    params = {
        "theme": request.GET.get("theme", "").strip()[:80],
        "kind": request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else "",
        "language": request.GET.get("language", "")
        if request.GET.get("language") in LANGUAGES
        else "",
        "tag": request.GET.get("tag", "").strip()[:80],
        "search": request.GET.get("q", "").strip()[:100],
    }
    page = Paginator(selectors.library(**params), PAGE_SIZE).get_page(request.GET.get("page"))
    language = _viewer_language()
    return render(
        request,
        "resources/library.html",
        {
            "page_obj": page,
            "rows": _rows(page.object_list, language),
            "params": params,
            "themes": list(Theme.objects.all()),
            "kinds": Kind.choices,
            "language_choices": Language.choices,
            "tags": selectors.tags_in_use(),
            "can_propose": permissions.can_propose(request.user),
            "can_view_queue": permissions.can_view_queue(request.user),
        },
    )


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    language = _viewer_language()
    asked = request.GET.get("language", "")
    chosen = resource.text_in(asked) if asked in LANGUAGES else None
    text = chosen or resource.shown_text(language)
    if chosen is not None:
        language = asked
    user = request.user
    return render(
        request,
        "resources/detail.html",
        {
            "resource": resource,
            "text": text,
            "viewer_language": language,
            "fallback": text is not None and text.language != language,
            "state": completeness(resource, text.language) if text else "missing",
            "language_states": _languages(resource),
            "can_edit": permissions.can_edit(user, resource),
            "can_submit": permissions.can_submit(user, resource),
            "can_review": permissions.can_review(user, resource),
            "can_quality_review": permissions.can_quality_review(user, resource),
            "can_archive": permissions.can_archive(user, resource),
            "quality_reviews": list(resource.quality_reviews.select_related("reviewer")[:5])
            if resource.is_knowledge_product
            else [],
            "reviews": list(resource.reviews.select_related("reviewer")[:5])
            if permissions.can_edit(user, resource) or permissions.can_review(user, resource)
            else [],
        },
    )


def compare(request: HttpRequest, slug: str) -> HttpResponse:
    """Two languages side by side."""
    resource = selectors.get_resource_for(request.user, slug)
    left = request.GET.get("a", resource.original_language)
    right = request.GET.get("b", "")
    if left not in LANGUAGES:
        left = resource.original_language
    if right not in LANGUAGES or right == left:
        right = next(
            (c for c in LANGUAGES if c != left and resource.text_in(c) is not None),
            next(c for c in LANGUAGES if c != left),
        )
    names = dict(Language.choices)
    columns = [
        {
            "code": code,
            "name": names[code],
            "text": resource.text_in(code),
            "state": completeness(resource, code),
        }
        for code in (left, right)
    ]
    return render(
        request,
        "resources/compare.html",
        {"resource": resource, "columns": columns, "language_choices": Language.choices},
    )


def history(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    language = request.GET.get("language", resource.original_language)
    text = resource.text_in(language) or resource.original
    if text is None:
        raise Http404
    return render(
        request,
        "resources/history.html",
        {
            "resource": resource,
            "text": text,
            "versions": list(selectors.versions_of(text)[:200]),
            "language_states": _languages(resource),
        },
    )


def diff(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    language = request.GET.get("language", resource.original_language)
    text = resource.text_in(language)
    if text is None:
        raise Http404
    try:
        old_number, new_number = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        new_number = text.version
        old_number = max(1, new_number - 1)
    versions = {
        v.number: v for v in Version.objects.filter(text=text, number__in=[old_number, new_number])
    }
    if old_number not in versions or new_number not in versions:
        raise Http404
    old, new = versions[old_number], versions[new_number]
    return render(
        request,
        "resources/diff.html",
        {
            "resource": resource,
            "text": text,
            "old": old,
            "new": new,
            "diff": html.version_diff(old, new),
        },
    )


def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("resource"), pk=pk)
    if not permissions.can_view(request.user, attachment.resource):
        raise Http404
    services.record_download(user=request.user, attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=str(attachment.file.name or "file").rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(attachment.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Writing ----------------------------------------------------------------------------


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_propose(request.user))
    form = ProposeForm(request.POST or None, initial={"language": _viewer_language()})
    if request.method == "POST" and form.is_valid():
        if not rate_limit.allow(request, "resources:propose", "10/h"):
            return rate_limit.refused(request)
        data = form.cleaned_data
        try:
            resource = services.propose_resource(
                actor=request.user,
                theme=data["theme"],
                kind=data["kind"],
                language=data["language"],
                title=data["title"],
                summary=data["summary"],
                body_html=data["body"],
                tags=split_tags(data["tags"]),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(
                request, _("Your draft is saved. Submit it for review when it is ready.")
            )
            return redirect("resources:detail", resource.slug)
    return render(request, "resources/propose.html", {"form": form})


@login_required
def edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_edit(request.user, resource))
    if language not in LANGUAGES:
        raise Http404
    text = resource.text_in(language)
    is_translation = language != resource.original_language
    if is_translation and resource.original is None:
        raise Http404
    initial = (
        {"title": text.title, "summary": text.summary, "body": text.body, "complete": text.complete}
        if text
        else {}
    )
    form = TextForm(request.POST or None, initial=initial, translation=is_translation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_text(
                actor=request.user,
                resource=resource,
                language=language,
                title=data["title"],
                summary=data["summary"],
                body_html=data["body"],
                complete=data.get("complete", True),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Saved as a new version."))
            return redirect("resources:detail", resource.slug)
    return render(
        request,
        "resources/edit.html",
        {
            "resource": resource,
            "form": form,
            "language": language,
            "language_name": dict(Language.choices)[language],
            "original": resource.original if is_translation else None,
            "language_states": _languages(resource),
            "attachment_form": AttachmentForm(initial={"language": language}),
        },
    )


@login_required
def edit_settings(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_edit(request.user, resource))
    pmu = permissions.is_pmu(request.user)
    initial = {
        "theme": resource.theme_id,
        "kind": resource.kind,
        "tags": ", ".join(t.name for t in resource.tags.all()),
        "quality_reviewer": resource.quality_reviewer.email if resource.quality_reviewer else "",
    }
    form = SettingsForm(request.POST or None, initial=initial, pmu=pmu)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_settings(
                actor=request.user,
                resource=resource,
                theme=data["theme"],
                kind=data["kind"],
                tags=split_tags(data["tags"]),
                quality_reviewer=data.get("quality_reviewer"),
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("resources:detail", resource.slug)
    return render(request, "resources/settings.html", {"resource": resource, "form": form})


@login_required
@require_POST
def attach(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_edit(request.user, resource))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(
                actor=request.user,
                resource=resource,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            for errors in getattr(exc, "error_dict", {"file": exc.error_list}).values():
                for error in errors:
                    messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The file is attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("resources:detail", resource.slug)


@login_required
@require_POST
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_submit(request.user, resource))
    try:
        services.submit_for_review(actor=request.user, resource=resource)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Submitted: the programme team will review it."))
    return redirect("resources:detail", resource.slug)


@login_required
def decide(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_review(request.user, resource))
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if "return" in request.POST:
                services.return_to_draft(actor=request.user, resource=resource, comment=comment)
                messages.success(request, _("Returned to its authors with your comment."))
            else:
                services.publish(actor=request.user, resource=resource, comment=comment)
                messages.success(request, _("Published."))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            return redirect("resources:detail", resource.slug)
    language = _viewer_language()
    return render(
        request,
        "resources/decide.html",
        {
            "resource": resource,
            "text": resource.shown_text(language),
            "form": form,
            "language_states": _languages(resource),
        },
    )


@login_required
@require_POST
def archive(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_archive(request.user, resource))
    services.archive(actor=request.user, resource=resource)
    messages.success(request, _("Archived: it no longer shows in the library."))
    return redirect("resources:list")


@login_required
def quality(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.get_resource_for(request.user, slug)
    _require(permissions.can_quality_review(request.user, resource))
    form = QualityReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_quality(
                actor=request.user,
                resource=resource,
                relevance=data["relevance"],
                evidence=data["evidence"],
                clarity=data["clarity"],
                translations=data["translations"],
                outcome=data["outcome"],
                comment=data["comment"],
            )
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The quality review is recorded."))
            return redirect("resources:detail", resource.slug)
    return render(
        request,
        "resources/quality.html",
        {"resource": resource, "form": form, "language_states": _languages(resource)},
    )


# --- Lists for the people who work on resources ------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view_queue(request.user))
    language = _viewer_language()
    return render(
        request,
        "resources/queue.html",
        {
            "submitted": _rows(selectors.review_queue()[:100], language),
            "quality": _rows(selectors.awaiting_quality()[:100], language),
        },
    )


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_propose(request.user))
    page = Paginator(selectors.my_resources(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "resources/mine.html",
        {"page_obj": page, "rows": _rows(page.object_list, _viewer_language())},
    )


@login_required
def editors(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_manage_editors(request.user))
    form = EditorForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            from jmdi.resources.models import Editor

            editor = get_object_or_404(Editor, pk=request.POST.get("remove"))
            services.remove_editor(actor=request.user, user=editor.user)
            messages.success(request, _("They are no longer an editor."))
            return redirect("resources:editors")
        if form.is_valid():
            services.make_editor(actor=request.user, user=form.cleaned_data["email"])
            messages.success(request, _("They may now edit any draft resource."))
            return redirect("resources:editors")
    return render(
        request, "resources/editors.html", {"form": form, "editors": list(selectors.editors())}
    )
