"""The project-document pages: thin, each authorising, then calling one selector or
service. A document outside the reader's scope is a 404 whatever the method (the page
says nothing about it); an action refused to a reader in scope says why (403 when the
person may not act, a message on the document page when its state does not allow it).

Every action is a plain POST that redirects back; htmx asks the same comment URL for
the named partial "comments" after the same checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jmdi.programmes.selectors import get_programme
from jmdi.proposals import diff, permissions, selectors, services
from jmdi.proposals.content import (
    ROW_FIELDS,
    SECTION_LABELS,
    SECTIONS,
    budget_totals,
    money,
    normalised,
)
from jmdi.proposals.forms import CommentForm, DraftForms, ReturnForm, TransitionForm
from jmdi.proposals.models import DocumentVersion, ProjectDocument

PAGE_SIZE = 25


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _refused(request: HttpRequest, programme: Any, reason: str) -> HttpResponse:
    return render(
        request,
        "proposals/refused.html",
        {"programme": programme, "reason": reason},
        status=403,
    )


def _is_htmx(request: HttpRequest) -> bool:
    return (
        request.headers.get("HX-Request") == "true"
        and "HX-History-Restore-Request" not in request.headers
    )


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        found = []
        for key, errors in exc.error_dict.items():
            label = SECTION_LABELS.get(key)
            for error in errors:
                text = " ".join(error.messages)
                found.append(f"{label}: {text}" if label else text)
        return found
    return list(exc.messages)


DATE_FIELDS = {"start", "end"}
MONEY_FIELDS = {"amount", "co_funding"}


def _shown(name: str, value: str) -> str:
    """A stored cell as the reader's language writes it: dates and amounts localized."""
    if name in DATE_FIELDS and value:
        try:
            return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if name in MONEY_FIELDS:
        return number_format(money(value), 2, use_l10n=True, force_grouping=True)
    return value


def _sections(content: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's sections as the templates show them."""
    clean = normalised(content)
    shown = []
    for key, label, kind in SECTIONS:
        section: dict[str, Any] = {"key": key, "label": label, "is_text": kind == "text"}
        if kind == "text":
            section["text"] = clean[key]
        else:
            names = [name for name, _label in ROW_FIELDS[key]]
            section["headers"] = [label for _name, label in ROW_FIELDS[key]]
            section["rows"] = [
                [_shown(name, row.get(name, "")) for name in names] for row in clean[key]
            ]
            section["names"] = names
        shown.append(section)
    return shown


def _context(request: HttpRequest, programme: Any, document: ProjectDocument) -> dict[str, Any]:
    user = request.user
    return {
        "programme": programme,
        "document": document,
        "initiative": document.initiative,
        "can_edit": permissions.can_edit(user, document),
        "can_submit": permissions.can_submit(user, document),
        "can_review": permissions.can_review(user, document),
        "can_validate": permissions.can_validate(user, document),
        "can_return": permissions.can_return(user, document),
        "can_comment": permissions.can_comment(user, document),
    }


# --- List ---------------------------------------------------------------------------------


@login_required
def document_list(request: HttpRequest, code: str) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    status = request.GET.get("status", "")
    if status not in ProjectDocument.Status.values:
        status = ""
    documents = selectors.documents_visible_to(request.user, programme, status)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts(request.user, programme)
    return render(
        request,
        "proposals/document_list.html",
        {
            "programme": programme,
            "page_obj": page,
            "status": status,
            "statuses": ProjectDocument.Status.choices,
            "counts": [
                (value, label, counts[value]) for value, label in ProjectDocument.Status.choices
            ],
            "startable": selectors.startable_initiatives(request.user, programme),
        },
    )


@login_required
@require_POST
def document_start(request: HttpRequest, code: str, initiative_id: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    initiative = selectors.get_initiative_for_start(request.user, programme, initiative_id)
    try:
        document = services.start_document(actor=request.user, initiative=initiative)
    except PermissionDenied as exc:
        return _refused(request, programme, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(_messages_of(exc)))
        return redirect("proposals:list", programme.code)
    messages.success(request, _("The project document is started: write its draft."))
    return redirect("proposals:edit", programme.code, document.pk)


# --- Document -----------------------------------------------------------------------------


@login_required
def document_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    page = selectors.document_page(document)
    context = _context(request, programme, document)
    context.update(
        page=page,
        sections=_sections(document.content),
        totals=budget_totals(normalised(document.content)),
        return_form=ReturnForm(),
        transition_form=TransitionForm(),
    )
    return render(request, "proposals/document_detail.html", context)


@login_required
def document_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    refusal = permissions.edit_refusal(request.user, document)
    if refusal is not None:
        if refusal.by_person:
            return _refused(request, programme, str(refusal))
        messages.error(request, str(refusal))
        return redirect("proposals:detail", programme.code, document.pk)
    content = normalised(document.content)
    partners = [
        (row["organisation_id"], row["organisation"])
        for row in content["partners"]
        if row.get("organisation_id")
    ]
    forms = DraftForms(
        content, document.revision, partners, request.POST if request.method == "POST" else None
    )
    errors: list[str] = []
    if request.method == "POST" and forms.is_valid():
        try:
            services.save_draft(
                actor=request.user,
                document=document,
                content=forms.to_content(),
                revision=forms.sections.cleaned_data["revision"],
            )
        except ValidationError as exc:
            errors = _messages_of(exc)
        else:
            messages.success(
                request,
                _("The draft is saved. Submit it when it is ready for the focal point's review."),
            )
            return redirect("proposals:detail", programme.code, document.pk)
    context = _context(request, programme, document)
    context.update(forms=forms, errors=errors, invalid=request.method == "POST")
    return render(request, "proposals/document_edit.html", context)


def _transition(
    request: HttpRequest,
    code: str,
    pk: int,
    act: Callable[[Any, ProjectDocument, dict[str, Any]], Any],
    form_class: type = TransitionForm,
) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    form = form_class(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    try:
        done = act(request.user, document, data)
    except PermissionDenied as exc:
        return _refused(request, programme, str(exc))
    except ValidationError as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("proposals:detail", programme.code, document.pk)


@login_required
@require_POST
def document_submit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(user: Any, document: ProjectDocument, data: dict[str, Any]) -> str:
        version = services.submit_document(
            actor=user, document=document, note=data.get("reason", "")
        )
        return _(
            "Version %(number)d is submitted: the focal point reviews it next. The draft "
            "stays as it is until it is returned."
        ) % {"number": version.number}

    return _transition(request, code, pk, act)


@login_required
@require_POST
def document_review(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(user: Any, document: ProjectDocument, data: dict[str, Any]) -> str:
        services.review_document(actor=user, document=document, reason=data.get("reason", ""))
        return _("The document is marked reviewed: the PMU validates it next.")

    return _transition(request, code, pk, act)


@login_required
@require_POST
def document_validate(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(user: Any, document: ProjectDocument, data: dict[str, Any]) -> str:
        services.validate_document(actor=user, document=document, reason=data.get("reason", ""))
        return _("The project document is validated and locked.")

    return _transition(request, code, pk, act)


@login_required
@require_POST
def document_return(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def act(user: Any, document: ProjectDocument, data: dict[str, Any]) -> str:
        services.return_document(
            actor=user,
            document=document,
            reason=data.get("reason", ""),
            section=data.get("section", ""),
        )
        return _("The document is returned to its drafters with your comment.")

    return _transition(request, code, pk, act, ReturnForm)


# --- Versions, comments, differences --------------------------------------------------


def _version_context(
    request: HttpRequest, programme: Any, document: ProjectDocument, version: DocumentVersion
) -> dict[str, Any]:
    context = _context(request, programme, document)
    context.update(
        version=version,
        comments=selectors.version_comments(version),
        sections=_sections(version.content),
        totals=budget_totals(normalised(version.content)),
        comment_form=CommentForm(),
        versions=list(
            document.versions.defer("content").order_by("number").values_list("number", flat=True)
        ),
    )
    return context


@login_required
def version_detail(request: HttpRequest, code: str, pk: int, number: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    version = selectors.get_version(document, number)
    return render(
        request,
        "proposals/version_detail.html",
        _version_context(request, programme, document, version),
    )


@login_required
@require_POST
def comment_add(request: HttpRequest, code: str, pk: int, number: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    version = selectors.get_version(document, number)
    form = CommentForm(request.POST)
    if not permissions.can_comment(request.user, document):
        return _refused(
            request, programme, _("Only the grantee, the focal point and the PMU comment.")
        )
    if form.is_valid():
        try:
            services.add_comment(
                actor=request.user,
                version=version,
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
            )
        except ValidationError as exc:
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            if not _is_htmx(request):
                messages.success(request, _("Your comment is added."))
                return redirect("proposals:version", programme.code, document.pk, version.number)
            form = CommentForm()
    context = _version_context(request, programme, document, version)
    context["comment_form"] = form
    template = "proposals/version_detail.html"
    if _is_htmx(request):
        template += "#comments"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def comment_resolve(request: HttpRequest, code: str, pk: int, comment_id: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    comment = selectors.get_comment(document, comment_id)
    resolved = request.POST.get("resolved", "1") != "0"
    try:
        services.resolve_comment(actor=request.user, comment=comment, resolved=resolved)
    except PermissionDenied as exc:
        return _refused(request, programme, str(exc))
    version = comment.version
    if _is_htmx(request):
        response = render(
            request,
            "proposals/version_detail.html#comments",
            _version_context(request, programme, document, version),
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    messages.success(
        request, _("The comment is resolved.") if resolved else _("The comment is open again.")
    )
    return redirect("proposals:version", programme.code, document.pk, version.number)


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def version_diff(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require(permissions.can_view_documents(request.user))
    programme = get_programme(code)
    document = selectors.get_document_for(request.user, programme, pk)
    numbers = list(document.versions.order_by("number").values_list("number", flat=True))
    old_number, new_number = _number(request.GET.get("from")), _number(request.GET.get("to"))
    if new_number is None and numbers:
        new_number = numbers[-1]
    if old_number is None and len(numbers) > 1:
        old_number = numbers[-2]
    sections = None
    old = new = None
    error = ""
    if old_number is not None and new_number is not None:
        found = {
            v.number: v
            for v in DocumentVersion.objects.select_related("author").filter(
                document=document, number__in=[old_number, new_number]
            )
        }
        old, new = found.get(old_number), found.get(new_number)
        if old is None or new is None:
            error = _("Choose two versions of this document.")
        else:
            sections = diff.compare(old.content, new.content)
    context = _context(request, programme, document)
    context.update(
        numbers=numbers,
        old=old,
        new=new,
        old_number=old_number,
        new_number=new_number,
        sections=sections,
        error=error,
        changed=sum(1 for s in sections or [] if s.changed),
    )
    return render(request, "proposals/version_diff.html", context, status=400 if error else 200)
