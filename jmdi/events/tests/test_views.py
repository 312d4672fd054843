"""The events' pages for every persona and a banned member: who reads, who acts, what a
refused page leaves out, forged requests, and query counts that do not grow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import PERSONAS
from jmdi.community.models import Activity, ActivityKind
from jmdi.events import services
from jmdi.events.models import Event, EventParticipation, Interest, Outcome, Status
from jmdi.events.tests.factories import event, past

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

ALL = [*PERSONAS, "banned"]
MEMBERS = {"member", "pmu"}
REGISTRANT = "Aminata Sow"
REGISTRANT_EMAIL = "aminata@example.org"


def url(name: str, *args: object) -> str:
    return reverse(f"events:{name}", args=args)


@pytest.fixture
def coming(profile_member):
    found = event(title="Africities regional forum")
    services.register_interest(actor=profile_member, event=found)
    return found


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_everyone_reads_the_calendar_and_the_event(client_as, coming, persona):
    client = client_as(persona)
    listing = client.get(url("list"))
    page = client.get(url("detail", coming.pk))
    assert listing.status_code == page.status_code == 200
    assert "Africities regional forum" in listing.content.decode()
    body = page.content.decode()
    assert "Africities regional forum" in body
    assert "1 member registered interest." in body


@pytest.mark.parametrize("persona", ALL)
def test_only_the_pmu_sees_who_registered(client_as, coming, persona):
    client = client_as(persona)
    for response in (
        client.get(url("detail", coming.pk)),
        client.get(url("registrants", coming.pk)),
    ):
        body = response.content.decode()
        if persona == "pmu":
            assert response.status_code == 200
            assert REGISTRANT in body
            assert REGISTRANT_EMAIL in body
        else:
            assert REGISTRANT not in body
            assert REGISTRANT_EMAIL not in body
    expected = {"pmu": 200, "anonymous": 302}.get(persona, 403)
    assert client.get(url("registrants", coming.pk)).status_code == expected


@pytest.mark.parametrize("persona", ALL)
def test_a_proposal_is_read_by_the_pmu_and_its_proposer_only(client_as, persona, member):
    proposal = event(title="Diaspora fair of Oujda", status=Status.PROPOSED, created_by=member)
    client = client_as(persona)
    response = client.get(url("detail", proposal.pk))
    listing = client.get(url("list")).content.decode()
    if persona in ("pmu", "member"):
        assert response.status_code == 200
        assert "Diaspora fair of Oujda" in listing
    else:
        assert response.status_code == 404
        assert "Diaspora fair of Oujda" not in response.content.decode()
        assert "Diaspora fair of Oujda" not in listing
    assert client.get(url("ics", proposal.pk)).status_code == response.status_code


# --- Forms for each persona ----------------------------------------------------------------


@pytest.mark.parametrize("persona", ALL)
def test_who_opens_the_forms(client_as, persona):
    held = past(title="Held forum")
    client = client_as(persona)
    pages = {
        "create": url("create"),
        "edit": url("edit", held.pk),
        "participation": url("participation", held.pk),
        "outcome": url("outcome", held.pk),
        "propose": url("propose"),
    }
    for name, path in pages.items():
        response = client.get(path)
        if persona == "anonymous":
            assert response.status_code == 302, name
        elif persona == "pmu" or (name == "propose" and persona in MEMBERS):
            assert response.status_code == 200, name
        else:
            assert response.status_code == 403, name


@pytest.mark.parametrize("persona", ALL)
def test_who_registers_interest(client_as, persona, request):
    found = event()
    response = client_as(persona).post(url("interest", found.pk))
    registered = Interest.objects.filter(event=found).exists()
    if persona in MEMBERS:
        assert response.status_code == 302
        assert registered
        found.refresh_from_db()
        assert found.interest_count == 1
    else:
        assert not registered
        assert response.status_code == (302 if persona == "anonymous" else 403)


def _form(**overrides):
    today = dt.date.today()
    data = {
        "title": "Forum of the Oriental's communes",
        "summary": "",
        "language": "fr",
        "kind": "forum",
        "scope": "national",
        "organiser": "Région de l'Oriental",
        "organisation": "",
        "start_date": (today + dt.timedelta(days=40)).isoformat(),
        "end_date": (today + dt.timedelta(days=40)).isoformat(),
        "start_time": "09:30",
        "end_time": "17:00",
        "timezone": "Africa/Casablanca",
        "city": "Oujda",
        "country": "MA",
        "online_url": "",
        "description": "A day on diaspora investment.",
        "website": "https://example.org/forum",
        "languages": ["fr", "ar"],
        "local_dimension": "on",
        "status": "confirmed",
        "title_fr": "Ignored: the event's own language",
        "title_ar": "منتدى جماعات الشرق",
    }
    data.update(overrides)
    return data


def test_the_pmu_creates_and_edits_an_event(client_as, pmu):
    client = client_as("pmu")
    response = client.post(url("create"), _form())
    created = Event.objects.get()
    assert response.status_code == 302
    assert created.created_by == pmu
    assert created.status == Status.CONFIRMED
    assert created.languages == ["fr", "ar"]
    assert created.starts_at.utcoffset() is not None
    assert created.translations == {"ar": {"title": "منتدى جماعات الشرق"}}
    response = client.post(
        url("edit", created.pk), _form(title="Renamed forum", status="planned", title_ar="")
    )
    created.refresh_from_db()
    assert created.translations == {}
    assert response.status_code == 302
    assert (created.title, created.status) == ("Renamed forum", "planned")
    assert created.history.count() == 2


def test_a_bad_event_is_refused_field_by_field(client_as):
    response = client_as("pmu").post(url("create"), _form(end_date="2000-01-01", city=""))
    assert response.status_code == 200
    assert not Event.objects.exists()
    errors = response.context["form"].errors
    assert "end_date" in errors
    assert "city" in errors


def test_a_member_proposes_and_the_pmu_confirms(client, member, pmu):
    client.force_login(member)
    response = client.post(url("propose"), _form(status="confirmed"))
    proposal = Event.objects.get()
    assert response.status_code == 302
    assert proposal.status == Status.PROPOSED  # a member cannot publish
    assert proposal.created_by == member
    assert client.post(url("confirm", proposal.pk)).status_code == 403
    client.force_login(pmu)
    assert client.post(url("confirm", proposal.pk)).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.PLANNED


def test_the_honeypot_stops_a_proposal_and_an_interest(client, member):
    found = event()
    client.force_login(member)
    client.post(url("propose"), _form(leave_this_empty="http://spam.example"))
    client.post(url("interest", found.pk), {"leave_this_empty": "spam"})
    assert Event.objects.count() == 1
    assert not Interest.objects.exists()


def test_registrations_are_rate_limited(client, member, monkeypatch):
    from jmdi.events import views

    monkeypatch.setattr(views, "INTEREST_RATE", "2/h")
    client.force_login(member)
    codes = []
    for number in range(3):
        found = event(title=f"Forum {number}")
        codes.append(client.post(url("interest", found.pk)).status_code)
    assert codes == [302, 302, 429]
    assert Interest.objects.count() == 2


# --- Forged requests -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", [p for p in ALL if p != "pmu"])
def test_forged_writes_change_nothing(client_as, persona, request):
    found = past(title="Untouched forum", status=Status.CONFIRMED)
    proposal = event(title="Waiting proposal", status=Status.PROPOSED)
    client = client_as(persona)
    refused = {302, 403, 404}
    assert client.post(url("edit", found.pk), _form(title="Hijacked")).status_code in refused
    assert client.post(url("create"), _form(title="Forged")).status_code in refused
    assert client.post(url("confirm", proposal.pk)).status_code in refused
    assert (
        client.post(url("participation", found.pk), {"name": "Intruder", "role": "speaker"})
    ).status_code in refused
    assert (
        client.post(url("outcome", found.pk), {"summary": "Forged outcome"})
    ).status_code in refused
    found.refresh_from_db()
    proposal.refresh_from_db()
    assert found.title == "Untouched forum"
    assert proposal.status == Status.PROPOSED
    assert not Event.objects.filter(title="Forged").exists()
    assert not EventParticipation.objects.exists()
    assert not Outcome.objects.exists()


def test_a_banned_member_cannot_propose_or_register(client, banned):
    found = event()
    client.force_login(banned)
    assert client.post(url("propose"), _form()).status_code == 403
    assert client.post(url("interest", found.pk)).status_code == 403
    assert Event.objects.count() == 1
    assert not Interest.objects.exists()


# --- Interest ------------------------------------------------------------------------------


def test_a_member_registers_once_then_withdraws(client, profile_member):
    found = event()
    client.force_login(profile_member)
    client.post(url("interest", found.pk))
    client.post(url("interest", found.pk))
    found.refresh_from_db()
    assert found.interest_count == 1
    assert Interest.objects.count() == 1
    activity = Activity.objects.get()
    assert activity.kind == ActivityKind.EVENT_INTEREST
    assert activity.country == "SN"
    assert "You registered interest" in client.get(url("detail", found.pk)).content.decode()
    client.post(url("withdraw", found.pk))
    found.refresh_from_db()
    assert found.interest_count == 0
    assert not Interest.objects.exists()


def test_no_registration_once_the_event_is_over_or_cancelled(client, member):
    client.force_login(member)
    over = past()
    cancelled = event(status=Status.CANCELLED)
    assert client.post(url("interest", over.pk)).status_code == 403
    assert client.post(url("interest", cancelled.pk)).status_code == 403


# --- The PMU's records ---------------------------------------------------------------------


def test_the_pmu_records_participation_and_outcome(client, pmu):
    found = past(title="Mayoral forum", status=Status.CONFIRMED)
    client.force_login(pmu)
    client.post(url("participation", found.pk), {"person": pmu.pk, "role": "speaker"})
    client.post(url("participation", found.pk), {"name": "Carlos Méndez", "role": "panellist"})
    response = client.post(url("participation", found.pk), {"role": "attendee"})
    assert response.status_code == 200  # neither a PMU officer nor a name
    assert EventParticipation.objects.count() == 2
    response = client.post(
        url("outcome", found.pk),
        {"summary": "Declaration adopted.", "participants": "300", "local_authorities": "120"},
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.status == Status.HELD
    assert found.outcome.participants == 300
    body = client.get(url("detail", found.pk)).content.decode()
    assert "Declaration adopted." in body
    assert "Carlos Méndez" in body
    extra = EventParticipation.objects.get(name="Carlos Méndez")
    client.post(url("remove_participation", found.pk, extra.pk))
    assert EventParticipation.objects.count() == 1


def test_no_outcome_before_the_event_starts(client, pmu):
    client.force_login(pmu)
    found = event()
    assert client.get(url("outcome", found.pk)).status_code == 403


# --- The list ------------------------------------------------------------------------------


def _titles(response):
    return [e.title for e in response.context["page_obj"]]


def test_the_calendar_lists_coming_events_first_then_past(client):
    today = dt.date.today()
    event(title="Later", start_date=today + dt.timedelta(days=60))
    event(title="Sooner", start_date=today + dt.timedelta(days=5))
    past(title="Last month", start_date=today - dt.timedelta(days=30))
    past(title="Last year", start_date=today - dt.timedelta(days=365))
    event(title="Running", start_date=today - dt.timedelta(days=1), end_date=today)
    assert _titles(client.get(url("list"))) == [
        "Running",
        "Sooner",
        "Later",
        "Last month",
        "Last year",
    ]


def test_the_calendar_filters(client):
    today = dt.date.today()
    event(title="Dakar forum", country="SN", kind="forum", scope="regional")
    event(title="Geneva conference", country="CH", kind="conference", scope="international")
    event(title="Webinar", online=True, online_url="https://x.example", city="", country="",
          kind="webinar", local_dimension=False)  # fmt: skip
    past(
        title="Old",
        country="CR",
        start_date=dt.date(today.year - 2, 3, 1),
        end_date=dt.date(today.year - 2, 3, 2),
    )
    get = lambda **q: set(_titles(client.get(url("list"), q)))  # noqa: E731
    assert get(country="SN") == {"Dakar forum"}
    assert get(kind="conference") == {"Geneva conference"}
    assert get(scope="international") == {"Geneva conference"}
    assert get(local="on") == {"Dakar forum", "Geneva conference", "Old"}
    assert get(year=str(today.year - 2)) == {"Old"}


def test_the_calendar_costs_the_same_queries_whatever_the_data(
    client, django_assert_max_num_queries, member
):
    client.force_login(member)
    for number in range(3):
        event(title=f"Forum {number}")
    with django_assert_max_num_queries(12) as few:
        client.get(url("list"))
    for number in range(40):
        event(title=f"More {number}", organisation=None)
        past(title=f"Past {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list"))
    assert len(response.context["page_obj"]) == 20


def test_the_event_page_costs_a_fixed_number_of_queries(client, pmu, django_assert_max_num_queries):
    found = past(status=Status.HELD)
    client.force_login(pmu)
    with django_assert_max_num_queries(20) as few:
        client.get(url("detail", found.pk))
    for number in range(10):
        EventParticipation.objects.create(event=found, name=f"Person {number}", role="attendee")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("detail", found.pk))


def test_the_month_shows_the_events_running_in_it(client, django_assert_max_num_queries):
    event(title="Straddling", start_date=dt.date(2027, 2, 27), end_date=dt.date(2027, 3, 2))
    event(title="In March", start_date=dt.date(2027, 3, 16), end_date=dt.date(2027, 3, 18))
    event(title="In April", start_date=dt.date(2027, 4, 1), end_date=dt.date(2027, 4, 1))
    event(
        title="Hidden",
        status=Status.PROPOSED,
        start_date=dt.date(2027, 3, 5),
        end_date=dt.date(2027, 3, 5),
    )
    with django_assert_max_num_queries(12):
        response = client.get(url("month", 2027, 3))
    assert [e.title for e in response.context["events"]] == ["Straddling", "In March"]
    assert "In April" not in response.content.decode()
    assert "Hidden" not in response.content.decode()
    assert client.get(url("month", 2027, 13)).status_code == 404
    assert client.get(reverse("events:this_month")).status_code == 302


def test_a_translated_title_shows_in_the_readers_language(client):
    event(
        title="Global Forum on Migration and Development",
        translations={"fr": {"title": "Forum mondial sur la migration et le développement"}},
    )
    french = client.get(url("list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    spanish = client.get(url("list"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'lang="fr">Forum mondial sur la migration et le développement' in french
    assert 'lang="en">Global Forum on Migration and Development' in spanish
