"""What the project documents add: their list in the navigation of those who may have
one in scope, the measure of documents validated, the demo documents, and two benchmark
pages (a document and the difference between two of its versions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.core.plugins import BenchmarkPage, DemoStep, NavEntry, Plugin
from jmdi.proposals import demo, inbox, permissions
from jmdi.proposals.models import ProjectDocument


def _list_url() -> str:
    return reverse("proposals:list", args=[settings.JMDI_DEFAULT_PROGRAMME])


def _document_with_most_versions() -> ProjectDocument | None:
    from django.db.models import Count

    return (
        ProjectDocument.objects.filter(initiative__programme__code=settings.JMDI_DEFAULT_PROGRAMME)
        .annotate(n=Count("versions"))
        .order_by("-n", "pk")
        .first()
    )


def _document_page(name: str, query: Callable[[ProjectDocument], str] = lambda d: "") -> Any:
    def path() -> str:
        document = _document_with_most_versions()
        if document is None:  # no selected initiative yet: time the list instead
            return _list_url()
        url = reverse(f"proposals:{name}", args=[settings.JMDI_DEFAULT_PROGRAMME, document.pk])
        return url + query(document)

    return path


def _validated() -> Any:
    return ProjectDocument.objects.filter(status=ProjectDocument.Status.VALIDATED)


VALIDATED = QuerysetMeasure(
    name="proposals.validated",
    label=_("Project documents validated"),
    needs=_("Computed once the PMU validates the project documents of selected initiatives."),
    queryset=_validated,
    date_field="validated_at__date",
    country_field="initiative__country__code",
    programme_field="initiative__programme__code",
    visible=permissions.documents_visible_q,
)


PLUGIN = Plugin(
    inbox=inbox.SOURCES,
    nav=[
        NavEntry(
            _("Project documents"),
            _list_url,
            permissions.can_view_documents,
            order=66,
            group=_("Initiatives and grants"),
        )
    ],
    measures=[VALIDATED],
    demo_steps=[DemoStep("proposals", demo.demo_step)],
    benchmark_pages=[
        BenchmarkPage("project-documents", _list_url),
        BenchmarkPage("project-document", _document_page("detail"), default=True),
        BenchmarkPage("project-document-diff", _document_page("diff", lambda d: "?from=1&to=2")),
    ],
)
