"""Project documents for the tests, built through the services (as people build them)."""

from __future__ import annotations

from typing import Any

from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.factories import InitiativeFactory, InitiativePartnerFactory
from jmdi.proposals import services
from jmdi.proposals.models import ProjectDocument


def organisation_of(grantee: Any) -> Any:
    return grantee.role_assignments.get(role="grantee").organisation


def selected_initiative(lead: Any = None, country: str = "MA", **kwargs: Any) -> Initiative:
    """A selected initiative with one partner; led by `lead` (an organisation) if given."""
    if lead is not None:
        kwargs |= {"lead_authority": lead, "country": lead.country}
    else:
        kwargs |= {"country__code": country}
    initiative = InitiativeFactory(status=Initiative.Status.SELECTED, **kwargs)
    InitiativePartnerFactory(
        initiative=initiative, organisation__name="Association des migrants", role="implementing"
    )
    return initiative


def content(**changes: Any) -> dict[str, Any]:
    """A complete draft, ready to submit."""
    base: dict[str, Any] = {
        "summary": "A desk for migrants at the town hall.",
        "general_objective": "Link migration and local development.",
        "specific_objectives": "Open a migrant desk.\nInvolve the diaspora.",
        "expected_results": "A desk open five days a week.",
        "activities": [
            {"title": "Baseline survey", "description": "400 households", "start": "2014-09-01",
             "end": "2014-12-31", "responsible": ""},
            {"title": "Open the desk", "description": "Premises and advisers",
             "start": "2015-01-01", "end": "2015-06-30", "responsible": ""},
        ],
        "budget": [
            {"heading": "Staff", "description": "Coordinator", "amount": "80000.00",
             "co_funding": "20000.00"},
            {"heading": "Equipment", "description": "Computers", "amount": "15000.50",
             "co_funding": "0.25"},
        ],
        "monitoring": [
            {"indicator": "Migrants advised", "baseline": "0", "target": "1200", "means": "Register"}
        ],
        "risks": "Elections may change priorities.",
        "sustainability": "The desk joins the municipal budget.",
    }  # fmt: skip
    base.update(changes)
    return base


def draft(document: ProjectDocument, actor: Any, **changes: Any) -> ProjectDocument:
    document.refresh_from_db()
    changes.setdefault("partners", document.content.get("partners", []))
    return services.save_draft(
        actor=actor, document=document, content=content(**changes), revision=document.revision
    )


def document_at(
    status: str, *, drafter: Any, focal: Any, pmu: Any, initiative: Initiative | None = None
) -> ProjectDocument:
    """A document brought to `status` ("draft", "submitted", "reviewed", "validated",
    "returned") by the people whose turn it is."""
    initiative = initiative or selected_initiative()
    document = services.start_document(actor=drafter, initiative=initiative)
    draft(document, drafter)
    if status == "draft":
        return _fresh(document)
    services.submit_document(actor=drafter, document=document)
    if status == "returned":
        services.return_document(actor=focal, document=document, reason="Detail the budget.")
        return _fresh(document)
    if status == "submitted":
        return _fresh(document)
    services.review_document(actor=focal, document=document)
    if status == "reviewed":
        return _fresh(document)
    services.validate_document(actor=pmu, document=document)
    return _fresh(document)


def _fresh(document: ProjectDocument) -> ProjectDocument:
    return ProjectDocument.objects.select_related("initiative__country").get(pk=document.pk)
