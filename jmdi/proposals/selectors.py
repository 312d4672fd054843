"""The reads behind the project-document pages, each in a fixed number of queries, and
the ones other apps may call (a task inbox: `documents_waiting_for`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from jmdi.initiatives.models import Initiative
from jmdi.programmes.models import Programme
from jmdi.proposals import permissions
from jmdi.proposals.models import Comment, DocumentVersion, ProjectDocument

Status = ProjectDocument.Status


def _base() -> QuerySet[ProjectDocument]:
    return ProjectDocument.objects.select_related(
        "initiative__country", "initiative__lead_authority", "initiative__programme"
    )


def documents_visible_to(
    user: Any, programme: Programme | None = None, status: str = ""
) -> QuerySet[ProjectDocument]:
    """The documents `user` reads (every list starts here), with their number of versions
    and of open comments, in one query."""
    queryset = _base().filter(permissions.documents_visible_q(user))
    if programme is not None:
        queryset = queryset.filter(initiative__programme=programme)
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.annotate(
            version_count=Count("versions", distinct=True),
            open_comments=Count(
                "versions__comments", filter=Q(versions__comments__resolved=False), distinct=True
            ),
        )
        .defer("content")
        .order_by("-updated_at", "pk")
    )


def status_counts(user: Any, programme: Programme) -> dict[str, int]:
    rows = (
        ProjectDocument.objects.filter(
            permissions.documents_visible_q(user), initiative__programme=programme
        )
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(Status.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def startable_initiatives(user: Any, programme: Programme, limit: int = 50) -> list[Initiative]:
    """Selected initiatives in `user`'s scope that have no project document yet."""
    return list(
        Initiative.objects.filter(permissions.startable_initiatives_q(user), programme=programme)
        .select_related("country")
        .order_by("reference")[:limit]
    )


def get_document_for(user: Any, programme: Programme, pk: int) -> ProjectDocument:
    """The document, or 404 when it does not exist in this programme or `user` may not
    read it (a refused page says nothing about the document)."""
    document = (
        _base()
        .filter(permissions.documents_visible_q(user), pk=pk, initiative__programme=programme)
        .first()
    )
    if document is None:
        raise Http404("No such project document")
    return document


def get_initiative_for_start(user: Any, programme: Programme, pk: int) -> Initiative:
    initiative = (
        Initiative.objects.select_related("country", "lead_authority")
        .filter(pk=pk, programme=programme)
        .first()
    )
    if initiative is None or not permissions.may_see_initiative(user, initiative):
        raise Http404("No such initiative")
    return initiative


@dataclass
class DocumentPage:
    document: ProjectDocument
    versions: list[DocumentVersion]
    comments: list[Comment]
    history: list[Any]

    @property
    def open_comments(self) -> int:
        return sum(1 for comment in self.comments if not comment.resolved)


def document_page(document: ProjectDocument) -> DocumentPage:
    """Versions (without their content), comments with their authors, and the document's
    history with its actors: three queries."""
    versions = list(document.versions.select_related("author").defer("content").order_by("-number"))
    comments = list(
        Comment.objects.filter(version__document=document)
        .select_related("author", "resolved_by", "version")
        .defer("version__content")
        .order_by("-version__number", "created_at", "pk")
    )
    history = list(
        document.history.select_related("history_user").order_by("-history_date", "-history_id")[
            :50
        ]
    )
    return DocumentPage(document=document, versions=versions, comments=comments, history=history)


def get_version(document: ProjectDocument, number: int) -> DocumentVersion:
    version = (
        DocumentVersion.objects.select_related("author")
        .filter(document=document, number=number)
        .first()
    )
    if version is None:
        raise Http404("No such version")
    return version


def version_comments(version: DocumentVersion) -> list[Comment]:
    return list(
        version.comments.select_related("author", "resolved_by").order_by("created_at", "pk")
    )


def get_comment(document: ProjectDocument, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("version").filter(pk=pk, version__document=document).first()
    )
    if comment is None:
        raise Http404("No such comment")
    return comment


# --- For other apps (a task inbox) --------------------------------------------------------


def documents_waiting_for(
    user: Any, programme: Programme | None = None
) -> QuerySet[ProjectDocument]:
    """The project documents waiting for `user` to act: drafts (started or returned) for
    the grantee, submitted ones for the country's focal point, reviewed ones for the PMU. One query when evaluated."""
    queryset = _base().filter(permissions.waiting_for_q(user)).defer("content")
    if programme is not None:
        queryset = queryset.filter(initiative__programme=programme)
    return queryset.order_by("updated_at", "pk")


def count_waiting_for(user: Any, programme: Programme | None = None) -> int:
    return documents_waiting_for(user, programme).count()


def document_of(initiative: Initiative) -> ProjectDocument | None:
    """The initiative's project document, if started (for a contract page, say)."""
    return ProjectDocument.objects.filter(initiative=initiative).first()


def validated_documents(programme: Programme) -> QuerySet[ProjectDocument]:
    return _base().filter(initiative__programme=programme, status=Status.VALIDATED)


def latest_version(document: ProjectDocument) -> DocumentVersion | None:
    return document.versions.order_by("-number").first()
