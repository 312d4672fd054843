"""The project-document pages as people use them: who opens which page (a matrix over
every persona), refused pages holding none of the document, the forms and actions, the
htmx comments, query counts that do not grow with the data, and the demo."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import PERSONAS, _persona
from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.proposals import demo, selectors, services
from jmdi.proposals.models import Comment, DocumentVersion, ProjectDocument
from jmdi.proposals.tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

P = "/programmes/jmdi-2/proposals"
SECRET = "Zanzibar-budget-secret"


@pytest.fixture
def document(grantee, focal_ma, pmu):
    """The grantee's document, submitted twice (returned once in between), now reviewed."""
    initiative = f.selected_initiative(lead=f.organisation_of(grantee), title="Oujda desk")
    made = f.document_at(
        "returned", drafter=grantee, focal=focal_ma, pmu=pmu, initiative=initiative
    )
    f.draft(made, grantee, summary=f"A better summary {SECRET}.")
    services.submit_document(actor=grantee, document=made)
    services.review_document(actor=focal_ma, document=made)
    made.refresh_from_db()
    return made


def _pages(document: ProjectDocument) -> dict[str, str]:
    base = f"{P}/{document.pk}"
    return {
        "detail": f"{base}/",
        "version": f"{base}/versions/2/",
        "diff": f"{base}/compare/?from=1&to=2",
    }


# Who reads the reviewed document of the grantee (steering/technical: validated only).
READERS = {"grantee", "focal_ma", "pmu"}


@pytest.mark.parametrize("page", ["detail", "version", "diff"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_opens_a_document_s_pages(client_as, document, persona, page):
    response = client_as(persona).get(_pages(document)[page])
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in READERS:
        assert response.status_code == 200
        assert SECRET in response.content.decode() or page == "version"
    else:
        assert response.status_code in (403, 404)
        assert SECRET not in response.content.decode()
        assert "Oujda desk" not in response.content.decode()


@pytest.mark.parametrize("persona", ["steering", "technical"])
def test_the_committees_read_a_document_once_validated(client_as, document, pmu, persona):
    services.validate_document(actor=pmu, document=document)
    response = client_as(persona).get(_pages(document)["detail"])
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    assert "Edit the draft" not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_the_list(client_as, document, persona):
    response = client_as(persona).get(f"{P}/")
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in READERS | {"focal_sn", "steering", "technical"}:
        assert response.status_code == 200
        listed = "Oujda desk" in response.content.decode()
        assert listed == (persona in READERS)
    else:
        assert response.status_code == 403


def test_another_grantee_opening_the_document_by_its_address_is_refused(client, document):
    other = _persona("other@example.org", "grantee", organisation=OrganisationFactory())
    client.force_login(other)
    for url in [*_pages(document).values(), f"{P}/{document.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()
        assert "Oujda" not in response.content.decode()
    for action in ("submit", "review", "return", "validate"):
        assert client.post(f"{P}/{document.pk}/{action}/", {"reason": "x"}).status_code == 404


def test_a_focal_point_of_another_country_is_refused_get_and_post(client_as, document):
    client = client_as("focal_sn")
    before = (document.status, DocumentVersion.objects.count(), Comment.objects.count())
    for url in [*_pages(document).values(), f"{P}/{document.pk}/edit/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    for action in ("submit", "review", "return", "validate", "edit"):
        response = client.post(f"{P}/{document.pk}/{action}/", {"reason": "Hijack"})
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    response = client.post(f"{P}/{document.pk}/versions/1/comments/", {"text": "Hijack"})
    assert response.status_code == 404
    comment = Comment.objects.first()
    response = client.post(f"{P}/{document.pk}/comments/{comment.pk}/resolve/")
    assert response.status_code == 404
    document.refresh_from_db()
    after = (document.status, DocumentVersion.objects.count(), Comment.objects.count())
    assert after == before
    assert not Comment.objects.filter(text="Hijack").exists()


def test_a_refused_action_says_why(client_as, document):
    response = client_as("grantee").post(f"{P}/{document.pk}/validate/")
    assert response.status_code == 403
    assert "Only the PMU validates" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "reviewed"


def test_an_action_from_the_wrong_state_is_explained_on_the_document(client_as, document):
    client = client_as("focal_ma")
    response = client.post(f"{P}/{document.pk}/review/", follow=True)
    assert "Only a submitted document can be reviewed" in response.content.decode()


def test_the_pmu_validates_and_the_document_is_locked(client_as, document):
    client = client_as("pmu")
    response = client.post(f"{P}/{document.pk}/validate/", follow=True)
    assert "validated and locked" in response.content.decode()
    document.refresh_from_db()
    assert document.status == "validated"


def test_the_grantee_edits_the_draft_and_submits_it(client_as, grantee, focal_ma, pmu):
    initiative = f.selected_initiative(lead=f.organisation_of(grantee))
    document = f.document_at(
        "draft", drafter=grantee, focal=focal_ma, pmu=pmu, initiative=initiative
    )
    client = client_as("grantee")
    form = client.get(f"{P}/{document.pk}/edit/")
    assert form.status_code == 200
    data = {
        "revision": document.revision,
        "summary": "New summary",
        "general_objective": "G",
        "specific_objectives": "S",
        "expected_results": "R",
        "risks": "",
        "sustainability": "",
        "activities-TOTAL_FORMS": "1", "activities-INITIAL_FORMS": "0",
        "activities-0-title": "Survey", "activities-0-start": "2015-01-01",
        "activities-0-end": "2015-03-01",
        "activities-0-responsible": document.content["partners"][0]["organisation_id"],
        "budget-TOTAL_FORMS": "2", "budget-INITIAL_FORMS": "0",
        "budget-0-heading": "Staff", "budget-0-amount": "1000.10", "budget-0-co_funding": "5",
        "budget-1-heading": "Equipment", "budget-1-amount": "99.90",
        "monitoring-TOTAL_FORMS": "0", "monitoring-INITIAL_FORMS": "0",
        "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client.post(f"{P}/{document.pk}/edit/", data)
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.content["budget"][0]["amount"] == "1000.10"
    assert document.content["activities"][0]["responsible"] == "Commune d'Oujda"
    page = client.get(f"{P}/{document.pk}/").content.decode()
    assert "1,100.00" in page or "1100.00" in page or "1 100,00" in page  # the total
    # The same form again, from the old revision: refused, nothing overwritten.
    stale = client.post(f"{P}/{document.pk}/edit/", {**data, "summary": "Stale"})
    assert stale.status_code == 200
    assert "Someone else saved the draft" in stale.content.decode()
    client.post(f"{P}/{document.pk}/submit/", {"reason": "First"})
    document.refresh_from_db()
    assert document.status == "submitted"
    assert document.versions.get().content["summary"] == "New summary"


def test_a_bad_budget_line_is_shown_at_its_field_and_nothing_is_saved(
    client_as, grantee, focal_ma, pmu
):
    initiative = f.selected_initiative(lead=f.organisation_of(grantee))
    document = f.document_at(
        "draft", drafter=grantee, focal=focal_ma, pmu=pmu, initiative=initiative
    )
    data = {
        "revision": document.revision, "summary": "X",
        "activities-TOTAL_FORMS": "0", "activities-INITIAL_FORMS": "0",
        "budget-TOTAL_FORMS": "1", "budget-INITIAL_FORMS": "0",
        "budget-0-heading": "Staff", "budget-0-amount": "-5",
        "monitoring-TOTAL_FORMS": "0", "monitoring-INITIAL_FORMS": "0",
        "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = client_as("grantee").post(f"{P}/{document.pk}/edit/", data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    document.refresh_from_db()
    assert document.content["summary"] == "A desk for migrants at the town hall."


def test_a_comment_by_plain_post_and_by_htmx(client_as, document):
    client = client_as("focal_ma")
    url = f"{P}/{document.pk}/versions/2/comments/"
    response = client.post(url, {"text": "Plain <b>comment</b>", "section": "budget"})
    assert response.status_code == 302
    response = client.post(url, {"text": "By htmx"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="comments"')
    assert "By htmx" in html
    assert "Plain &lt;b&gt;comment&lt;/b&gt;" in html
    comment = Comment.objects.get(text="By htmx")
    resolve = f"{P}/{document.pk}/comments/{comment.pk}/resolve/"
    response = client.post(resolve, {"resolved": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.resolved


def test_the_committees_do_not_comment(client_as, document, pmu):
    services.validate_document(actor=pmu, document=document)
    response = client_as("steering").post(f"{P}/{document.pk}/versions/1/comments/", {"text": "Hm"})
    assert response.status_code == 403
    assert not Comment.objects.filter(text="Hm").exists()


def test_the_diff_page_shows_the_changed_words_escaped(client_as, grantee, focal_ma, pmu):
    initiative = f.selected_initiative(lead=f.organisation_of(grantee))
    document = f.document_at(
        "returned", drafter=grantee, focal=focal_ma, pmu=pmu, initiative=initiative
    )
    f.draft(document, grantee, risks="Elections <script>alert(1)</script> may change priorities.")
    services.submit_document(actor=grantee, document=document)
    html = client_as("pmu").get(f"{P}/{document.pk}/compare/?from=1&to=2").content.decode()
    assert "<ins> &lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert "<script>alert(1)" not in html
    assert "Summary: unchanged" in html


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _more(grantee, focal_ma, pmu, n: int) -> ProjectDocument:
    """n more documents in Morocco, and n more versions and comments on the last one."""
    made = None
    for _ in range(n):
        made = f.document_at("returned", drafter=focal_ma, focal=focal_ma, pmu=pmu)
        services.add_comment(actor=pmu, version=made.versions.get(), text="A comment")
    assert made is not None
    for _ in range(n):
        f.draft(made, focal_ma, risks=f"Risk {made.revision}")
        services.submit_document(actor=focal_ma, document=made)
        services.return_document(actor=focal_ma, document=made, reason="Again")
    return made


@pytest.mark.parametrize("persona", ["pmu", "focal_ma", "grantee"])
def test_the_list_costs_the_same_queries_with_more_documents(
    client_as, grantee, focal_ma, pmu, persona
):
    client = client_as(persona)
    f.document_at(
        "submitted", drafter=grantee, focal=focal_ma, pmu=pmu,
        initiative=f.selected_initiative(lead=f.organisation_of(grantee)),
    )  # fmt: skip
    _more(grantee, focal_ma, pmu, 1)
    small = _queries(client, f"{P}/")
    _more(grantee, focal_ma, pmu, 6)
    assert _queries(client, f"{P}/") == small
    assert small <= 16


@pytest.mark.parametrize("page", ["detail", "version", "diff"])
def test_a_document_s_pages_cost_the_same_queries_with_more_versions(
    client_as, grantee, focal_ma, pmu, page
):
    client = client_as("pmu")
    small_doc = _more(grantee, focal_ma, pmu, 2)
    small = _queries(client, _pages(small_doc)[page])
    big_doc = _more(grantee, focal_ma, pmu, 8)
    assert _queries(client, _pages(big_doc)[page]) == small
    assert small <= 16


def test_documents_waiting_for_each_person(grantee, focal_ma, focal_sn, pmu):
    lead = f.organisation_of(grantee)
    draft = f.document_at(
        "returned", drafter=grantee, focal=focal_ma, pmu=pmu,
        initiative=f.selected_initiative(lead=lead),
    )  # fmt: skip
    submitted = f.document_at(
        "submitted", drafter=grantee, focal=focal_ma, pmu=pmu,
        initiative=f.selected_initiative(lead=lead),
    )  # fmt: skip
    reviewed = f.document_at("reviewed", drafter=focal_ma, focal=focal_ma, pmu=pmu)
    assert list(selectors.documents_waiting_for(grantee)) == [draft]
    assert list(selectors.documents_waiting_for(focal_ma)) == [submitted]
    assert list(selectors.documents_waiting_for(pmu)) == [reviewed]
    assert selectors.count_waiting_for(focal_sn) == 0


def test_the_demo_makes_documents_at_varied_stages_once(programme, pmu, focal_ma, grantee):
    lead = f.organisation_of(grantee)
    mine = f.selected_initiative(lead=lead, reference="MA-001", language="fr")
    for i in range(2, 10):
        f.selected_initiative(reference=f"MA-{i:03d}", language="fr")
    assert demo.load_demo_documents() == 9
    statuses = dict(ProjectDocument.objects.values_list("initiative__reference", "status"))
    assert set(statuses.values()) == {"validated", "submitted", "draft"}
    assert list(statuses.values()).count("validated") >= 5
    document = ProjectDocument.objects.get(initiative=mine)
    assert document.status == "validated"
    assert document.versions.count() == 3
    assert not Comment.objects.filter(version__document=document, resolved=False).exists()
    assert Comment.objects.filter(version__document=document).exists()
    assert "Renforcer" in document.content["general_objective"]
    counts = (
        ProjectDocument.objects.count(),
        DocumentVersion.objects.count(),
        Comment.objects.count(),
    )
    assert demo.load_demo_documents() == 0
    again = (
        ProjectDocument.objects.count(),
        DocumentVersion.objects.count(),
        Comment.objects.count(),
    )
    assert again == counts


def test_the_demo_does_nothing_without_selected_initiatives(programme, pmu):
    assert demo.load_demo_documents() == 0
    assert not ProjectDocument.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_navigation_offers_the_list_to_those_who_may_have_documents(client_as, persona):
    # The list is one of the "Initiatives and grants" tabs: the main bar names the
    # group, the group's pages list its entries.
    from jmdi.core.context_processors import nav_items

    user = client_as(persona).get("/").wsgi_request.user
    links = [tab.url for item in nav_items(user) for tab in [item, *item.tabs]]
    shown = f"{P}/" in links
    assert shown == (persona in {"grantee", "focal_ma", "focal_sn", "steering", "technical", "pmu"})


def test_validated_documents_are_counted_by_their_measure(grantee, focal_ma, pmu, steering):
    import datetime as dt

    from jmdi.core.measures import Cell, Period, Scope
    from jmdi.proposals.plugin import VALIDATED

    for day in (dt.date(2014, 2, 1), dt.date(2014, 5, 1)):
        reviewed = f.document_at("reviewed", drafter=focal_ma, focal=focal_ma, pmu=pmu)
        at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
        services.validate_document(actor=pmu, document=reviewed, at=at)
    f.document_at("reviewed", drafter=focal_ma, focal=focal_ma, pmu=pmu)  # not counted
    q1 = Period("2014-Q1", "quarter", dt.date(2014, 1, 1), dt.date(2014, 3, 31))
    q2 = Period("2014-Q2", "quarter", dt.date(2014, 4, 1), dt.date(2014, 6, 30))
    values = VALIDATED.values(Scope("jmdi-2", (q1, q2), ("MA", "SN")))
    assert values[Cell("MA", "2014-Q1")] == 1
    assert values[Cell("MA", "2014-Q2")] == 1
    assert values.get(Cell("SN", "2014-Q2"), 0) == 0


def test_the_benchmark_times_a_document_once_there_is_one(grantee, focal_ma, pmu):
    from jmdi.core.plugins import benchmark_pages

    page = benchmark_pages()["project-document"]
    assert page.path() == f"{P}/"
    document = f.document_at("submitted", drafter=focal_ma, focal=focal_ma, pmu=pmu)
    assert page.path() == f"{P}/{document.pk}/"
