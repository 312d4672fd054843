"""The public project database: search with facets, a project's page, suggestions,
messages to a project's team, and who may do what."""

from __future__ import annotations

import pytest
from django.core import mail

from jmdi.community.models import Member
from jmdi.directory.models import Country, Organisation
from jmdi.directory.tests.factories import ContactFactory, OrganisationFactory
from jmdi.initiatives.models import Initiative, InitiativePartner, Theme
from jmdi.initiatives.tests.factories import InitiativeFactory
from jmdi.projectdb import indexing
from jmdi.projectdb.models import ProjectSuggestion
from jmdi.search import semantic

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

L = "/net/projects/"
SECRET_CONTACT = "nadia.alaoui@oujda-commune.example.ma"
UNPUBLISHED = "Projet confidentiel de Berkane"


def _authority(country: str, name: str) -> Organisation:
    return OrganisationFactory(
        country=Country.objects.get(code=country), name=name, kind="local_authority"
    )


def _project(country, title, summary, *, language="fr", themes=(), published=True, **extra):
    initiative = InitiativeFactory(
        country=Country.objects.get(code=country),
        lead_authority=extra.pop("lead", None) or _authority(country, f"Commune {title[:20]}"),
        title=title,
        summary=summary,
        language=language,
        published=published,
        **extra,
    )
    if themes:
        initiative.themes.set(Theme.objects.filter(code__in=themes))
    return initiative


@pytest.fixture
def projects(db):
    oujda = _authority("MA", "Commune d'Oujda")
    ContactFactory(organisation=oujda, email=SECRET_CONTACT)
    made = {
        "oujda": _project(
            "MA",
            "Maison des migrants de retour d'Oujda",
            "Accueil, orientation et insertion professionnelle des migrants de retour.",
            themes=["return_reintegration"],
            lead=oujda,
        ),
        "cuenca": _project(
            "EC",
            "Ventanilla de retorno de Cuenca",
            "Orientación laboral y apoyo a emprendimientos de personas migrantes retornadas.",
            language="es",
            themes=["return_reintegration", "employment_skills"],
            south_south=True,
        ),
        "nepal": _project(
            "NP",
            "Diaspora fund for hill water supply",
            "Remittances co-finance piped water in rural villages.",
            language="en",
            themes=["economic_development"],
        ),
        "hidden": _project(
            "MA",
            UNPUBLISHED,
            "Ne doit jamais paraître.",
            published=False,
            themes=["return_reintegration"],
        ),
    }
    made["cuenca"].destination_countries.set(
        [Country.objects.get(code="ES")] if Country.objects.filter(code="ES").exists() else []
    )
    InitiativePartner.objects.create(
        initiative=made["oujda"],
        organisation=OrganisationFactory(
            country=oujda.country, kind="diaspora", name="Association des Marocains de Lille"
        ),
    )
    indexing.index_all()
    semantic.forget_cache()
    return made


def _member(user, **fields):
    return Member.objects.create(
        user=user,
        stakeholder_type=fields.pop("stakeholder_type", "local_authority"),
        country=fields.pop("country", "SN"),
        **fields,
    )


def test_the_list_shows_published_projects_only_with_facet_counts(client, projects):
    body = client.get(L).content.decode()
    assert "Maison des migrants de retour" in body
    assert "Ventanilla de retorno de Cuenca" in body
    assert UNPUBLISHED not in body
    response = client.get(L, {"country": "MA"})
    body = response.content.decode()
    assert "Maison des migrants de retour" in body
    assert "Ventanilla" not in body
    # The country facet still offers the other countries (counted without its own filter).
    facets = response.context["facets"]
    countries = {
        v["value"]: v["count"] for f in facets if f["name"] == "country" for v in f["values"]
    }
    assert countries["MA"] == 1
    assert countries["EC"] == 1
    themes = {v["value"]: v["count"] for f in facets if f["name"] == "theme" for v in f["values"]}
    assert themes == {"return_reintegration": 1}


def test_filters_combine_and_partnership_and_partner_kind_facets_count(client, projects):
    response = client.get(L, {"partnership": "south_south"})
    assert [p.pk for p in response.context["projects"]] == [projects["cuenca"].pk]
    response = client.get(L, {"partner_kind": "diaspora"})
    assert [p.pk for p in response.context["projects"]] == [projects["oujda"].pk]
    response = client.get(L, {"theme": "return_reintegration", "country": "EC"})
    assert [p.pk for p in response.context["projects"]] == [projects["cuenca"].pk]


def test_a_french_query_finds_the_spanish_project_and_never_the_unpublished(client, projects):
    response = client.get(L, {"q": "orientation professionnelle des migrants de retour"})
    found = [p.pk for p in response.context["projects"]]
    assert projects["oujda"].pk in found
    assert projects["cuenca"].pk in found
    assert projects["hidden"].pk not in found
    assert UNPUBLISHED not in response.content.decode()


def test_an_exact_name_comes_first(client, projects):
    response = client.get(L, {"q": "Ventanilla de retorno de Cuenca"})
    assert response.context["projects"][0].pk == projects["cuenca"].pk


def test_the_list_costs_the_same_queries_whatever_the_number_of_projects(
    client, projects, django_assert_max_num_queries
):
    # Search (3, and the vectors once per process), the page (3), seven facets and the
    # names of regions and themes (9).
    with django_assert_max_num_queries(16):
        client.get(L, {"q": "migrants", "country": "MA"})
    for n in range(30):
        _project(
            "TN",
            f"Projet tunisien {n}",
            "Les migrants de retour et l'emploi.",
            themes=["return_reintegration"],
        )
    indexing.index_all(embed=False)
    with django_assert_max_num_queries(16):
        client.get(L, {"q": "migrants", "country": "TN"})
    with django_assert_max_num_queries(13):  # no query: the count and the page instead
        client.get(L)


def test_the_project_page_shows_partners_similar_and_peers_but_no_contact_address(client, projects):
    body = client.get(f"{L}{projects['oujda'].pk}/").content.decode()
    assert "Association des Marocains de Lille" in body
    assert "Ventanilla de retorno de Cuenca" in body  # similar, and a peer on the same theme
    assert SECRET_CONTACT not in body
    assert client.get(f"{L}{projects['hidden'].pk}/").status_code == 404


def test_the_project_page_costs_a_fixed_number_of_queries(
    client, projects, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        client.get(f"{L}{projects['oujda'].pk}/")


def test_a_member_writes_to_the_team_without_seeing_their_address(
    client, projects, member, django_capture_on_commit_callbacks
):
    _member(member)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{L}{projects['oujda'].pk}/contact/",
            {
                "message": "Bonjour, notre commune au Sénégal voudrait échanger sur votre maison des migrants."
            },
        )
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.bcc == [SECRET_CONTACT]
    assert sent.reply_to == [member.email]
    assert SECRET_CONTACT not in client.get(response["Location"]).content.decode()
    from jmdi.community.models import Activity

    assert Activity.objects.filter(kind="project_contact").count() == 1


@pytest.mark.parametrize("who", ["anonymous", "banned"])
def test_visitors_and_banned_members_cannot_write_to_a_team(client, projects, member, who):
    if who == "banned":
        from django.utils import timezone

        _member(member, banned_at=timezone.now())
        client.force_login(member)
    response = client.post(f"{L}{projects['oujda'].pk}/contact/", {"message": "x" * 40})
    assert response.status_code in {302, 403}
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert mail.outbox == []


def test_a_message_too_short_is_refused_naming_the_field(client, projects, member):
    _member(member)
    client.force_login(member)
    response = client.post(f"{L}{projects['oujda'].pk}/contact/", {"message": "Hi"})
    assert response.status_code == 400
    assert "at least 20 characters" in response.content.decode()
    assert mail.outbox == []


def test_a_filled_honeypot_sends_nothing(client, projects, member):
    _member(member)
    client.force_login(member)
    response = client.post(
        f"{L}{projects['oujda'].pk}/contact/",
        {"message": "x" * 40, "website": "http://spam.example"},
    )
    assert response.status_code == 400
    assert mail.outbox == []


def test_a_member_suggests_a_project_and_the_pmu_declines_it_with_a_note(
    client_as, member, pmu, django_capture_on_commit_callbacks
):
    _member(member)
    client = client_as("member")
    response = client.post(
        f"{L}suggest/",
        {
            "title": "Guichet de Louga",
            "summary": "Un guichet pour les projets de la diaspora de Louga.",
            "country": Country.objects.get(code="SN").pk,
            "lead_authority": "Commune de Louga",
            "language": "fr",
            "website": "",
        },
    )
    assert response.status_code == 302
    suggestion = ProjectSuggestion.objects.get()
    assert suggestion.status == "pending"
    # The member cannot decide; nor can a focal point (the page does not exist for them).
    forged = client.post(
        f"{L}suggestions/{suggestion.pk}/decide/", {f"s{suggestion.pk}-decision": "accept"}
    )
    assert forged.status_code == 403
    assert client.get(f"{L}suggestions/").status_code == 403
    client.force_login(pmu)
    page = client.get(f"{L}suggestions/")
    assert "Guichet de Louga" in page.content.decode()
    refused = client.post(
        f"{L}suggestions/{suggestion.pk}/decide/", {f"s{suggestion.pk}-decision": "decline"}
    )
    assert refused.status_code == 400
    assert "Tell the member why" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{L}suggestions/{suggestion.pk}/decide/",
            {
                f"s{suggestion.pk}-decision": "decline",
                f"s{suggestion.pk}-note": "Already in the mapping as SN-004.",
            },
        )
    suggestion.refresh_from_db()
    assert suggestion.status == "declined"
    assert suggestion.decided_by == pmu
    assert mail.outbox[-1].to == [member.email]
    assert suggestion.history.count() == 2


def test_a_visitor_is_asked_to_sign_in_to_suggest(client, db):
    response = client.get(f"{L}suggest/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_saving_an_initiative_keeps_its_entry_in_step(projects):
    from jmdi.search.models import SearchEntry

    nepal = projects["nepal"]
    nepal.title = "Remittance water fund of Ilam"
    nepal.save()
    assert (
        SearchEntry.objects.get(kind="initiative", object_id=nepal.pk).title
        == "Remittance water fund of Ilam"
    )
    nepal.published = False
    nepal.save()
    assert not SearchEntry.objects.get(kind="initiative", object_id=nepal.pk).published
    pk = nepal.pk
    Initiative.objects.filter(pk=pk).first().partners.all().delete()
