"""Who reads and works on the project documents. One rule per action; the list filter
(`documents_visible_q`) and the per-document check (`can_view_document`) are built on the
same scope, so they cannot drift.

- Drafters: the grantee (a person with the grantee role for the initiative's lead local
  authority) and the focal point of the initiative's country. They start the document,
  edit the working draft while it is a draft, and submit it.
- The focal point reviews a submitted document: marks it reviewed, or returns it.
- The PMU reads every document, validates a reviewed one (which locks it), and may return
  a submitted or reviewed one.
- The steering and technical committees read validated documents.
- Grantee, focal point and PMU comment on versions and resolve comments.
- Everyone else (reviewers, members, training staff, people without a role): refused.

Each transition has a `*_refusal(user, document)` that says why it is refused (wrong
person or wrong state), or None when allowed; `can_*` is its boolean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jmdi.core.roles import Role
from jmdi.core.scopes import scopes_of
from jmdi.initiatives.models import Initiative
from jmdi.proposals.models import ProjectDocument


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused: the wrong person (`by_person`), or the wrong state."""

    message: Promise | str
    by_person: bool = False

    def __str__(self) -> str:
        return str(self.message)


#: The initiatives that have a project document: selected, then funded once contracted.
DOCUMENT_STATUSES = (Initiative.Status.SELECTED, Initiative.Status.FUNDED)
Status = ProjectDocument.Status


def _state(message: Promise, document: ProjectDocument) -> Refusal:
    return Refusal(str(message) % {"status": document.get_status_display()})


def _country_of(initiative: Initiative) -> str:
    return str(initiative.country.code)


def is_grantee_of(user: Any, initiative: Initiative) -> bool:
    return initiative.lead_authority_id in scopes_of(user).organisations_for(Role.GRANTEE)


def is_focal_of(user: Any, initiative: Initiative) -> bool:
    return _country_of(initiative) in scopes_of(user).countries_for(Role.FOCAL_POINT)


def is_drafter(user: Any, initiative: Initiative) -> bool:
    return is_grantee_of(user, initiative) or is_focal_of(user, initiative)


# --- Reading ------------------------------------------------------------------------------


def can_view_documents(user: Any) -> bool:
    """Whether the person may have any project document in scope (no query: roles only)."""
    scopes = scopes_of(user)
    return scopes.has(Role.PMU_OFFICER, Role.STEERING, Role.TECHNICAL) or bool(
        scopes.countries_for(Role.FOCAL_POINT) or scopes.organisations_for(Role.GRANTEE)
    )


def documents_visible_q(user: Any, prefix: str = "") -> Q:
    """The documents `user` reads, as a filter on ProjectDocument (or, with a prefix such as
    "project_document__", on a model pointing to it)."""
    scopes = scopes_of(user)
    if scopes.is_pmu:
        return Q()
    condition = Q(pk__in=[])
    if scopes.has(Role.STEERING, Role.TECHNICAL):
        condition |= Q(**{f"{prefix}status": Status.VALIDATED})
    countries = scopes.countries_for(Role.FOCAL_POINT)
    if countries:
        condition |= Q(**{f"{prefix}initiative__country__code__in": sorted(countries)})
    organisations = scopes.organisations_for(Role.GRANTEE)
    if organisations:
        condition |= Q(**{f"{prefix}initiative__lead_authority_id__in": sorted(organisations)})
    return condition


def can_view_document(user: Any, document: ProjectDocument) -> bool:
    scopes = scopes_of(user)
    if scopes.is_pmu or is_drafter(user, document.initiative):
        return True
    return document.status == Status.VALIDATED and scopes.has(Role.STEERING, Role.TECHNICAL)


def startable_initiatives_q(user: Any) -> Q:
    """Initiatives `user` may start a project document for (its drafters and the PMU)."""
    scopes = scopes_of(user)
    base = Q(status__in=DOCUMENT_STATUSES, project_document__isnull=True)
    if scopes.is_pmu:
        return base
    condition = Q(pk__in=[])
    countries = scopes.countries_for(Role.FOCAL_POINT)
    if countries:
        condition |= Q(country__code__in=sorted(countries))
    organisations = scopes.organisations_for(Role.GRANTEE)
    if organisations:
        condition |= Q(lead_authority_id__in=sorted(organisations))
    return base & condition


def may_see_initiative(user: Any, initiative: Initiative) -> bool:
    """Whether a refusal to start this initiative's document may say why (else: 404)."""
    return scopes_of(user).is_pmu or is_drafter(user, initiative)


def start_refusal(user: Any, initiative: Initiative) -> Refusal | None:
    if not (scopes_of(user).is_pmu or is_drafter(user, initiative)):
        return Refusal(
            _("Only the grantee, the country's focal point or the PMU start a project document."),
            by_person=True,
        )
    if initiative.status not in DOCUMENT_STATUSES:
        return Refusal(_("Only a selected or funded initiative has a project document."))
    return None


# --- The working draft and its transitions ------------------------------------------------


def edit_refusal(user: Any, document: ProjectDocument) -> Refusal | None:
    if not is_drafter(user, document.initiative):
        return Refusal(
            _("Only the grantee and the country's focal point edit the project document."),
            by_person=True,
        )
    if document.status != Status.DRAFT:
        return _state(
            _("The document can be edited only while it is a draft: it is “%(status)s”."), document
        )
    return None


def submit_refusal(user: Any, document: ProjectDocument) -> Refusal | None:
    if not is_drafter(user, document.initiative):
        return Refusal(
            _("Only the grantee and the country's focal point submit the project document."),
            by_person=True,
        )
    if document.status != Status.DRAFT:
        return _state(_("Only a draft can be submitted: the document is “%(status)s”."), document)
    return None


def review_refusal(user: Any, document: ProjectDocument) -> Refusal | None:
    if not is_focal_of(user, document.initiative):
        return Refusal(
            _("Only the focal point of the initiative's country reviews the document."),
            by_person=True,
        )
    if document.status != Status.SUBMITTED:
        return _state(
            _("Only a submitted document can be reviewed: the document is “%(status)s”."), document
        )
    return None


def validate_refusal(user: Any, document: ProjectDocument) -> Refusal | None:
    if not scopes_of(user).is_pmu:
        return Refusal(_("Only the PMU validates a project document."), by_person=True)
    if document.status != Status.REVIEWED:
        return _state(
            _(
                "Only a document reviewed by the focal point can be validated: the document "
                "is “%(status)s”."
            ),
            document,
        )
    return None


def return_refusal(user: Any, document: ProjectDocument) -> Refusal | None:
    """The focal point returns a submitted document; the PMU a submitted or reviewed one."""
    if scopes_of(user).is_pmu:
        if document.status in (Status.SUBMITTED, Status.REVIEWED):
            return None
    elif is_focal_of(user, document.initiative):
        if document.status == Status.SUBMITTED:
            return None
        if document.status == Status.REVIEWED:
            return Refusal(
                _("Once the document is reviewed, only the PMU returns it."), by_person=True
            )
    else:
        return Refusal(
            _("Only the country's focal point or the PMU return a project document."),
            by_person=True,
        )
    return _state(_("This document cannot be returned: it is “%(status)s”."), document)


def can_start(user: Any, initiative: Initiative) -> bool:
    return start_refusal(user, initiative) is None


def can_edit(user: Any, document: ProjectDocument) -> bool:
    return edit_refusal(user, document) is None


def can_submit(user: Any, document: ProjectDocument) -> bool:
    return submit_refusal(user, document) is None


def can_review(user: Any, document: ProjectDocument) -> bool:
    return review_refusal(user, document) is None


def can_validate(user: Any, document: ProjectDocument) -> bool:
    return validate_refusal(user, document) is None


def can_return(user: Any, document: ProjectDocument) -> bool:
    return return_refusal(user, document) is None


# --- Comments -----------------------------------------------------------------------------


def can_comment(user: Any, document: ProjectDocument) -> bool:
    """Grantee, focal point and PMU discuss the versions (the committees only read)."""
    return scopes_of(user).is_pmu or is_drafter(user, document.initiative)


def can_resolve_comment(user: Any, document: ProjectDocument) -> bool:
    return can_comment(user, document)


def waiting_for_q(user: Any) -> Q:
    """The documents waiting for `user` to act: drafts for the grantee, submitted ones for
    the country's focal point, reviewed ones for the PMU."""
    scopes = scopes_of(user)
    condition = Q(pk__in=[])
    if scopes.is_pmu:
        condition |= Q(status=Status.REVIEWED)
    countries = sorted(scopes.countries_for(Role.FOCAL_POINT))
    if countries:
        condition |= Q(status=Status.SUBMITTED, initiative__country__code__in=countries)
    organisations = sorted(scopes.organisations_for(Role.GRANTEE))
    if organisations:
        condition |= Q(status=Status.DRAFT, initiative__lead_authority_id__in=organisations)
    return condition
