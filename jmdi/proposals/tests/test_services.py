"""The workflow of a project document: who may take each step from which state (a matrix
over every persona), refusals that change nothing and say why, frozen versions, the
budget total and the checks on the content."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import PERSONAS
from jmdi.proposals import services
from jmdi.proposals.content import budget_totals, normalised
from jmdi.proposals.models import Comment, DocumentVersion, ImmutableError, ProjectDocument
from jmdi.proposals.tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture
def people(request, grantee, focal_ma, pmu):
    return {"grantee": grantee, "focal": focal_ma, "pmu": pmu}


@pytest.fixture
def grantee_document(people):
    def make(status: str) -> ProjectDocument:
        initiative = f.selected_initiative(lead=f.organisation_of(people["grantee"]))
        return f.document_at(
            status,
            drafter=people["grantee"],
            focal=people["focal"],
            pmu=people["pmu"],
            initiative=initiative,
        )

    return make


def _actor(request, persona):
    return AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)


# (action, the state it starts from, the state it leads to, who may take it)
STEPS = [
    ("submit", "draft", "submitted", {"grantee", "focal_ma"}),
    ("review", "submitted", "reviewed", {"focal_ma"}),
    ("return", "submitted", "draft", {"focal_ma", "pmu"}),
    ("return", "reviewed", "draft", {"pmu"}),
    ("validate", "reviewed", "validated", {"pmu"}),
]


def _take(action: str, actor, document: ProjectDocument):
    if action == "submit":
        return services.submit_document(actor=actor, document=document)
    if action == "review":
        return services.review_document(actor=actor, document=document)
    if action == "validate":
        return services.validate_document(actor=actor, document=document)
    return services.return_document(actor=actor, document=document, reason="Please detail.")


def _snapshot(document: ProjectDocument):
    document.refresh_from_db()
    return (
        document.status,
        document.revision,
        document.returns,
        DocumentVersion.objects.filter(document=document).count(),
        Comment.objects.filter(version__document=document).count(),
        document.history.count(),
    )


@pytest.mark.parametrize(("action", "start", "end", "allowed"), STEPS)
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_step_is_taken_only_by_its_people(
    request, grantee_document, persona, action, start, end, allowed
):
    document = grantee_document(start)
    actor = _actor(request, persona)
    before = _snapshot(document)
    if persona in allowed:
        _take(action, actor, document)
        document.refresh_from_db()
        assert document.status == end
        latest = document.history.order_by("-history_date", "-history_id").first()
        assert latest.status == end
        assert latest.history_user == actor
    else:
        with pytest.raises(PermissionDenied) as refused:
            _take(action, actor, document)
        assert str(refused.value)  # it says why
        assert _snapshot(document) == before


# (action, a state it may not start from, the person who would otherwise take it)
WRONG_STATES = [
    ("submit", "submitted", "grantee"),
    ("submit", "validated", "focal_ma"),
    ("review", "draft", "focal_ma"),
    ("review", "reviewed", "focal_ma"),
    ("validate", "submitted", "pmu"),
    ("validate", "validated", "pmu"),
    ("return", "draft", "pmu"),
    ("return", "validated", "focal_ma"),
    ("return", "validated", "pmu"),
]


@pytest.mark.parametrize(("action", "state", "persona"), WRONG_STATES)
def test_a_step_from_the_wrong_state_changes_nothing_and_says_why(
    request, grantee_document, action, state, persona
):
    document = grantee_document(state)
    before = _snapshot(document)
    with pytest.raises(ValidationError) as refused:
        _take(action, _actor(request, persona), document)
    assert "status" in refused.value.message_dict
    assert _snapshot(document) == before


def test_a_focal_point_of_another_country_takes_no_step(grantee_document, focal_sn):
    document = grantee_document("submitted")
    before = _snapshot(document)
    for action in ("review", "return"):
        with pytest.raises(PermissionDenied):
            _take(action, focal_sn, document)
    with pytest.raises(PermissionDenied):
        services.save_draft(
            actor=focal_sn, document=document, content=f.content(), revision=document.revision
        )
    assert _snapshot(document) == before


def test_another_grantee_cannot_touch_the_document(grantee_document, programme):
    from conftest import _persona
    from jmdi.directory.tests.factories import OrganisationFactory

    other = _persona("other@example.org", "grantee", organisation=OrganisationFactory())
    document = grantee_document("draft")
    before = _snapshot(document)
    with pytest.raises(PermissionDenied):
        services.submit_document(actor=other, document=document)
    with pytest.raises(PermissionDenied):
        services.save_draft(
            actor=other, document=document, content=f.content(), revision=document.revision
        )
    assert _snapshot(document) == before


def test_submitting_freezes_a_numbered_version_of_every_section(grantee_document, people):
    document = grantee_document("returned")
    f.draft(document, people["grantee"], summary="A second, better summary.")
    version = services.submit_document(actor=people["grantee"], document=document, note="v2")
    assert version.number == 2
    assert version.author == people["grantee"]
    assert version.content["summary"] == "A second, better summary."
    assert version.content["budget"][0]["amount"] == "80000.00"
    first = document.versions.get(number=1)
    assert first.content["summary"] == "A desk for migrants at the town hall."


def test_a_version_cannot_be_changed_nor_deleted(grantee_document):
    version = grantee_document("submitted").versions.get()
    version.content = {"summary": "rewritten"}
    with pytest.raises(ImmutableError):
        version.save()
    with pytest.raises(ImmutableError):
        version.delete()
    version.refresh_from_db()
    assert version.content["summary"] == "A desk for migrants at the town hall."


def test_editing_the_draft_after_submission_leaves_the_version_as_it_was(grantee_document, people):
    document = grantee_document("returned")
    f.draft(document, people["focal"], summary="Changed in the draft")
    assert document.versions.get().content["summary"] == "A desk for migrants at the town hall."


def test_a_validated_document_is_locked(grantee_document, people):
    document = grantee_document("validated")
    for actor in people.values():
        with pytest.raises((PermissionDenied, ValidationError)):
            services.save_draft(
                actor=actor, document=document, content=f.content(), revision=document.revision
            )
    assert document.validated_by == people["pmu"]
    assert document.is_locked


def test_a_draft_missing_sections_is_not_submitted_and_each_missing_one_is_named(people):
    initiative = f.selected_initiative(lead=f.organisation_of(people["grantee"]))
    document = services.start_document(actor=people["grantee"], initiative=initiative)
    with pytest.raises(ValidationError) as refused:
        services.submit_document(actor=people["grantee"], document=document)
    # The summary comes from the initiative; the rest is missing.
    assert set(refused.value.message_dict) == {
        "general_objective", "specific_objectives", "expected_results", "activities", "budget"
    }  # fmt: skip
    assert not document.versions.exists()


def test_a_return_needs_its_reason_which_becomes_a_comment_on_the_version(grantee_document, people):
    document = grantee_document("submitted")
    with pytest.raises(ValidationError) as refused:
        services.return_document(actor=people["focal"], document=document, reason="  ")
    assert "reason" in refused.value.message_dict
    comment = services.return_document(
        actor=people["focal"], document=document, reason="Detail the forum.", section="budget"
    )
    document.refresh_from_db()
    assert document.status == "draft"
    assert document.returns == 1
    assert comment.version.number == 1
    assert comment.section == "budget"
    assert not comment.resolved
    assert document.history.order_by("-history_id").first().history_change_reason == (
        "Detail the forum."
    )


def test_two_editors_at_once_do_not_overwrite_each_other(grantee_document, people):
    document = grantee_document("draft")
    seen = document.revision
    services.save_draft(
        actor=people["focal"], document=document, content=f.content(risks="A"), revision=seen
    )
    with pytest.raises(ValidationError) as refused:
        services.save_draft(
            actor=people["grantee"], document=document, content=f.content(risks="B"), revision=seen
        )
    assert "revision" in refused.value.message_dict
    document.refresh_from_db()
    assert document.content["risks"] == "A"


@pytest.mark.parametrize(
    ("field", "value"),
    [("amount", "-1"), ("amount", "12.345"), ("co_funding", "abc"), ("amount", "NaN")],
)
def test_a_bad_amount_is_refused_naming_the_row(grantee_document, people, field, value):
    document = grantee_document("draft")
    lines = f.content()["budget"]
    lines[1] = {**lines[1], field: value}
    with pytest.raises(ValidationError) as refused:
        services.save_draft(
            actor=people["grantee"],
            document=document,
            content=f.content(budget=lines),
            revision=document.revision,
        )
    assert "Row 2" in refused.value.message_dict["budget"][0]
    document.refresh_from_db()
    assert document.content["budget"][1]["amount"] == "15000.50"


def test_an_activity_ending_before_it_starts_is_refused(grantee_document, people):
    document = grantee_document("draft")
    rows = [{"title": "Survey", "start": "2015-02-01", "end": "2015-01-01"}]
    with pytest.raises(ValidationError) as refused:
        services.save_draft(
            actor=people["grantee"],
            document=document,
            content=f.content(activities=rows),
            revision=document.revision,
        )
    assert "activities" in refused.value.message_dict


def test_the_budget_total_is_the_sum_of_its_lines_to_the_cent():
    totals = budget_totals(normalised(f.content()))
    assert totals.requested == Decimal("95000.50")
    assert totals.co_funding == Decimal("20000.25")
    assert totals.total == Decimal("115000.75")
    assert budget_totals(normalised({})).total == Decimal("0.00")


def test_the_document_starts_with_the_initiative_s_partners(people):
    initiative = f.selected_initiative(lead=f.organisation_of(people["grantee"]))
    document = services.start_document(actor=people["focal"], initiative=initiative)
    names = [row["organisation"] for row in document.content["partners"]]
    assert names == ["Commune d'Oujda", "Association des migrants"]
    again = services.start_document(actor=people["grantee"], initiative=initiative)
    assert again.pk == document.pk


def test_a_document_is_started_only_for_a_selected_initiative(people):
    initiative = f.selected_initiative(lead=f.organisation_of(people["grantee"]))
    initiative.status = "candidate"
    initiative.save()
    with pytest.raises(ValidationError):
        services.start_document(actor=people["pmu"], initiative=initiative)
    assert not ProjectDocument.objects.filter(initiative=initiative).exists()


def test_comments_are_written_and_resolved_by_the_participants_only(
    grantee_document, people, steering
):
    version = grantee_document("submitted").versions.get()
    comment = services.add_comment(
        actor=people["pmu"], version=version, text="Good.", section="risks"
    )
    with pytest.raises(PermissionDenied):
        services.add_comment(actor=steering, version=version, text="Hm.")
    with pytest.raises(PermissionDenied):
        services.resolve_comment(actor=steering, comment=comment)
    resolved = services.resolve_comment(actor=people["grantee"], comment=comment)
    assert resolved.resolved
    assert resolved.resolved_by == people["grantee"]
    with pytest.raises(ValidationError):
        services.add_comment(actor=people["pmu"], version=version, text="x", section="nope")
