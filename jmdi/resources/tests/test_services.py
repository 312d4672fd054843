"""The workflow, translations, versions, downloads, quality reviews and the measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jmdi.community.models import Activity, ActivityKind
from jmdi.core.measures import Cell, Period, Scope
from jmdi.resources import services
from jmdi.resources.measures import DOWNLOADS_MEASURE, KNOWLEDGE_PRODUCTS_MEASURE
from jmdi.resources.models import Completeness, Download, Resource, Version, completeness
from jmdi.resources.tests.factories import published

pytestmark = [pytest.mark.usefixtures("programme_once_per_module")]

pytestmark.append(pytest.mark.django_db)


def _reload(resource):
    return Resource.objects.prefetch_related("texts").get(pk=resource.pk)


def test_proposing_records_a_contribution_and_a_first_version(world):
    assert world.draft.status == "draft"
    assert Activity.objects.filter(kind=ActivityKind.RESOURCE_CONTRIBUTION).count() == 2
    assert Version.objects.filter(text__resource=world.draft, number=1).exists()


def test_a_banned_member_cannot_propose(world):
    with pytest.raises(PermissionDenied):
        services.propose_resource(
            actor=world.banned,
            theme=world.theme,
            kind="guide",
            language="en",
            title="Spam",
            summary="",
            body_html="",
        )


def test_each_save_is_a_new_version_and_translations_go_outdated(world, pmu):
    resource = world.public
    services.save_text(
        actor=world.editor,
        resource=resource,
        language="fr",
        title="Guide",
        summary="",
        body_html="<p>Corps</p>",
        complete=True,
    )
    assert completeness(_reload(resource), "fr") == Completeness.COMPLETE
    assert completeness(_reload(resource), "es") == Completeness.MISSING
    services.save_text(
        actor=pmu,
        resource=resource,
        language="en",
        title="Public guide to diaspora mapping",
        summary="",
        body_html="<p>Revised body.</p>",
    )
    assert completeness(_reload(resource), "fr") == Completeness.OUTDATED
    assert list(
        Version.objects.filter(text__resource=resource, text__language="en").values_list(
            "number", flat=True
        )
    ) == [2, 1]
    services.save_text(
        actor=world.editor,
        resource=resource,
        language="ar",
        title="دليل",
        summary="",
        body_html="<p>نص</p>",
        complete=False,
    )
    assert completeness(_reload(resource), "ar") == Completeness.DRAFT


def test_workflow_submit_return_publish(world, pmu):
    with pytest.raises(PermissionDenied):
        services.publish(actor=pmu, resource=world.draft)  # not submitted yet
    services.submit_for_review(actor=world.author, resource=world.draft)
    with pytest.raises(PermissionDenied):
        services.publish(actor=world.editor, resource=world.draft)
    with pytest.raises(ValidationError):
        services.return_to_draft(actor=pmu, resource=world.draft, comment=" ")
    returned = services.return_to_draft(actor=pmu, resource=world.draft, comment="Add sources.")
    assert returned.status == "draft"
    assert returned.review_comment == "Add sources."
    services.submit_for_review(actor=world.author, resource=world.draft)
    done = services.publish(actor=pmu, resource=world.draft)
    assert done.status == "published"
    assert done.published_at is not None


def test_an_author_cannot_edit_once_submitted_but_an_editor_can(world):
    services.submit_for_review(actor=world.author, resource=world.draft)
    kwargs = {"language": "en", "title": "T", "summary": "", "body_html": "<p>x</p>"}
    with pytest.raises(PermissionDenied):
        services.save_text(actor=world.author, resource=world.draft, **kwargs)
    services.save_text(actor=world.editor, resource=world.draft, **kwargs)


def test_quality_review_rules(world, pmu, member):
    kwargs = {"relevance": True, "evidence": True, "clarity": False, "translations": True}
    with pytest.raises(ValidationError):
        services.review_quality(actor=pmu, resource=world.public, outcome="passed", **kwargs)
    with pytest.raises(PermissionDenied):
        services.review_quality(
            actor=member, resource=world.public, outcome="failed", comment="x", **kwargs
        )
    world.public.quality_reviewer = member
    world.public.save()
    review = services.review_quality(
        actor=member, resource=world.public, outcome="failed", comment="Needs evidence.", **kwargs
    )
    assert review.outcome == "failed"


def _scope(days):
    periods = tuple(Period(code, "year", start, end) for code, start, end in days)
    return Scope(programme="jmdi-2", periods=periods, countries=("MA",))


def test_knowledge_products_count_only_published_and_passed(world, pmu):
    passed = published(pmu, world.author, world.theme, title="Passed product", quality="passed")
    published(pmu, world.author, world.theme, title="Failed product", quality="failed")
    published(pmu, world.author, world.theme, title="Unreviewed product")
    page = published(pmu, world.author, world.theme, title="A page", kind="page")
    # A page cannot be quality-reviewed at all.
    with pytest.raises(PermissionDenied):
        services.review_quality(
            actor=pmu, resource=page, relevance=True, evidence=True, clarity=True,
            translations=True, outcome="passed",
        )  # fmt: skip
    # Reviewed twice: counted once.
    services.review_quality(
        actor=pmu, resource=passed, relevance=True, evidence=True, clarity=True,
        translations=True, outcome="passed",
    )  # fmt: skip
    year = dt.date.today().year
    scope = _scope([(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))])
    values = KNOWLEDGE_PRODUCTS_MEASURE.values(scope)
    assert values[Cell(None, str(year))] == 1
    services.archive(actor=pmu, resource=passed)
    assert KNOWLEDGE_PRODUCTS_MEASURE.values(scope)[Cell(None, str(year))] == 0


def test_download_counts_everywhere(world, pmu, client):
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = services.add_attachment(
        actor=pmu, resource=world.public, upload=upload, title="Guide", language="en"
    )
    response = client.get(f"/net/resources/files/{attachment.pk}/")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    world.public.refresh_from_db()
    assert world.public.download_count == 1
    assert Download.objects.filter(resource=world.public).count() == 1
    activity = Activity.objects.get(kind=ActivityKind.RESOURCE_DOWNLOAD)
    assert activity.actor == ""  # anonymous
    year = dt.date.today().year
    scope = _scope([(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))])
    assert DOWNLOADS_MEASURE.values(scope)[Cell(None, str(year))] == 1


def test_attachments_are_checked_by_content(world, pmu):
    fake = SimpleUploadedFile(
        "guide.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.add_attachment(
            actor=pmu, resource=world.public, upload=fake, title="x", language="en"
        )


def test_publish_text_resource_is_for_the_pmu(world, pmu, member):
    kwargs = {
        "title": "What the e-discussion on remittances concluded",
        "summary": "Consolidated summary.",
        "body_html": "<p>Point one.</p><script>x</script>",
        "language": "en",
        "theme": "participatory-processes",
        "kind": "synthesis_report",
        "source_label": "E-discussion: remittances and local development",
    }
    with pytest.raises(PermissionDenied):
        services.publish_text_resource(actor=member, **kwargs)
    resource = services.publish_text_resource(actor=pmu, **kwargs)
    assert resource.status == "published"
    assert resource.source_label
    assert "<script" not in resource.texts.get().body
    with pytest.raises(ValidationError):
        services.publish_text_resource(actor=pmu, **{**kwargs, "theme": "no-such-theme"})
