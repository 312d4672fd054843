"""Membership of the M4D Net: joining with consent, profiles and their privacy, the
directory, who may post, the PMU's verification, the data download and leaving."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from jmdi.accounts.services import create_person
from jmdi.community import services
from jmdi.community.models import Activity, Consent, Member
from jmdi.community.selectors import can_post, public_name
from jmdi.directory.models import Country
from jmdi.directory.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.usefixtures("programme_once_per_module"), pytest.mark.django_db]

PASSWORD = "a long passphrase 2026"
SECRET_BIO = "Je coordonne les projets de la diaspora à Thiès"


def person(email: str, *, verified: bool = True):
    return create_person(
        actor=None,
        email=email,
        full_name=email.split("@")[0].title(),
        password=PASSWORD,
        verified=verified,
    )


def profile(user, **fields) -> Member:
    fields.setdefault("stakeholder_type", "local_authority")
    fields.setdefault("country", "SN")
    return Member.objects.create(user=user, **fields)


JOIN = {
    "full_name": "Awa Ndiaye",
    "stakeholder_type": "local_authority",
    "organisation_name": "Commune de Thiès",
    "position": "Chargée de la coopération",
    "country": "SN",
    "languages": ["fr"],
    "profile_visibility": "public",
    "in_directory": "on",
    "bio": SECRET_BIO,
    "consent": "on",
}


def test_joining_records_the_profile_the_consent_and_the_member_role(client):
    thies = OrganisationFactory(
        country=Country.objects.get(code="SN"), name="Commune de Thiès", kind="local_authority"
    )
    user = person("awa@example.sn")
    client.force_login(user)
    response = client.post("/net/join/", JOIN)
    assert response.status_code == 302
    member = Member.objects.get(user=user)
    assert member.organisation == thies  # matched with the registry, accents and case aside
    assert member.proposed_organisation == ""
    consent = Consent.objects.get(member=member)
    assert consent.text_version == "2026-1"
    assert "former member" in consent.text
    user.refresh_from_db()
    assert user.full_name == "Awa Ndiaye"
    assert user.role_assignments.filter(role="member", revoked_at__isnull=True).exists()
    assert not member.is_verified_authority  # until the PMU verifies


def test_an_organisation_not_in_the_registry_waits_for_the_pmu(client):
    user = person("awa@example.sn")
    client.force_login(user)
    client.post("/net/join/", {**JOIN, "organisation_name": "Commune de Pout"})
    member = Member.objects.get(user=user)
    assert member.organisation is None
    assert member.proposed_organisation == "Commune de Pout"


def test_without_consent_nothing_is_recorded_and_the_field_is_named(client):
    user = person("awa@example.sn")
    client.force_login(user)
    response = client.post("/net/join/", {**JOIN, "consent": ""})
    assert response.status_code == 400
    assert "Tick the box to accept the terms" in response.content.decode()
    assert not Member.objects.exists()
    assert not Consent.objects.exists()


def test_an_unverified_address_cannot_join_or_post(client):
    user = person("new@example.org", verified=False)
    client.force_login(user)
    response = client.post("/net/join/", JOIN)
    assert response.status_code == 403
    assert "Confirm your e-mail address first" in response.content.decode()
    assert not Member.objects.exists()
    assert not can_post(user)


def test_who_may_post(db, pmu, focal_ma, outsider):
    member = profile(person("m@example.org"))
    banned = profile(person("b@example.org"), banned_at=timezone.now())
    unverified = person("u@example.org", verified=False)
    profile(unverified)
    assert can_post(member.user)
    assert not can_post(banned.user)
    assert not can_post(unverified)
    assert not can_post(outsider)  # signed up, never joined
    assert can_post(pmu)  # programme staff, no profile needed
    assert can_post(focal_ma)
    from django.contrib.auth.models import AnonymousUser

    assert not can_post(AnonymousUser())


@pytest.mark.parametrize(
    ("visibility", "viewer", "sees"),
    [
        ("public", "anonymous", True),
        ("public", "member", True),
        ("members", "anonymous", False),
        ("members", "outsider", False),
        ("members", "member", True),
        ("nobody", "member", False),
        ("nobody", "pmu", True),
        ("nobody", "self", True),
    ],
)
def test_a_profile_is_shown_as_its_owner_chose(client, pmu, outsider, visibility, viewer, sees):
    owner = person("awa@example.sn")
    owner.full_name = "Awa Ndiaye"
    owner.save()
    shown = profile(owner, profile_visibility=visibility, bio=SECRET_BIO)
    if viewer == "member":
        client.force_login(profile(person("peer@example.org")).user)
    elif viewer == "self":
        client.force_login(owner)
    elif viewer == "pmu":
        client.force_login(pmu)
    elif viewer == "outsider":
        client.force_login(outsider)
    response = client.get(f"/net/members/{shown.pk}/")
    body = response.content.decode()
    assert (response.status_code == 200) is sees
    assert (SECRET_BIO in body) is sees
    assert ("Awa Ndiaye" in body) is sees
    assert "awa@example.sn" not in body or viewer == "pmu"


def test_the_email_shows_only_when_the_member_asks(client):
    owner = profile(person("awa@example.sn"), profile_visibility="public")
    assert "awa@example.sn" not in client.get(f"/net/members/{owner.pk}/").content.decode()
    owner.show_email = True
    owner.save()
    assert "awa@example.sn" in client.get(f"/net/members/{owner.pk}/").content.decode()


def test_the_directory_lists_those_who_opted_in_as_their_privacy_says(
    client, django_assert_max_num_queries
):
    def listed(name, **fields):
        user = person(f"{name.lower().replace(' ', '.')}@example.org")
        user.full_name = name
        user.save()
        return profile(user, **fields)

    listed("Public Listed", in_directory=True, profile_visibility="public")
    listed("Members Listed", in_directory=True, profile_visibility="members")
    listed("Not Listed", in_directory=False, profile_visibility="public")
    listed("Hidden Listed", in_directory=True, profile_visibility="nobody")
    body = client.get("/net/members/").content.decode()
    assert "Public Listed" in body
    assert "Members Listed" not in body
    assert "Not Listed" not in body
    assert "Hidden Listed" not in body
    client.force_login(listed("Viewer", in_directory=False).user)
    body = client.get("/net/members/").content.decode()
    assert "Members Listed" in body
    assert "Hidden Listed" not in body
    for n in range(30):
        listed(f"Extra {n}", in_directory=True, profile_visibility="public")
    with django_assert_max_num_queries(12):
        response = client.get("/net/members/", {"stakeholder_type": "local_authority"})
    assert response.status_code == 200


def test_the_pmu_verifies_a_local_authority_and_only_the_pmu(client_as, pmu, focal_ma):
    thies = OrganisationFactory(
        country=Country.objects.get(code="SN"), name="Commune de Thiès", kind="local_authority"
    )
    member = profile(person("awa@example.sn"), proposed_organisation="Thies commune")
    for persona in ("member", "focal_ma"):
        client = client_as(persona)
        assert (
            client.post(f"/net/members/{member.pk}/verify/", {"organisation": thies.pk}).status_code
            == 403
        )
        assert client.get("/net/members/verify/").status_code == 403
    member.refresh_from_db()
    assert member.authority_verified_at is None
    client = client_as("pmu")
    assert "awa@example.sn" in client.get("/net/members/verify/").content.decode()
    client.post(f"/net/members/{member.pk}/verify/", {"organisation": thies.pk, "action": "verify"})
    member.refresh_from_db()
    assert member.is_verified_authority
    assert member.organisation == thies
    assert member.authority_verified_by == pmu


def test_a_verified_local_authority_counts_in_the_measure_and_others_do_not(db):
    import datetime as dt

    from jmdi.community.measures import ACTIVE_LOCAL_AUTHORITIES, MESSAGES_EXCHANGED
    from jmdi.core.measures import Cell, Period, Scope

    verified = profile(person("v@example.org"), authority_verified_at=timezone.now())
    unverified = profile(person("u@example.org"))
    ngo = profile(person("n@example.org"), stakeholder_type="ngo")
    day = dt.date(2014, 5, 2)
    for member in (verified, unverified, ngo):
        services.record_activity(user=member.user, kind="post", day=day)
        services.record_activity(user=member.user, kind="reply", day=day)
    services.record_activity(user=verified.user, kind="sign_in", day=day)
    year = Period("2014", "year", dt.date(2014, 1, 1), dt.date(2014, 12, 31))
    scope = Scope(programme="jmdi-2", periods=(year,), countries=("MA", "SN"))
    assert ACTIVE_LOCAL_AUTHORITIES.values(scope)[Cell(None, "2014")] == 1
    assert MESSAGES_EXCHANGED.values(scope)[Cell(None, "2014")] == 6
    # The counts hold no one's identity: a keyed hash, not the account.
    assert not Activity.objects.filter(actor=str(verified.user.pk)).exists()
    assert verified.user.email not in str(list(Activity.objects.values_list("actor", flat=True)))


def test_signing_in_counts_for_members(client):
    user = person("awa@example.sn")
    profile(user)
    client.post("/accounts/login/", {"login": "awa@example.sn", "password": PASSWORD})
    assert Activity.objects.filter(kind="sign_in").count() == 1


def test_a_member_downloads_all_their_data(client):
    user = person("awa@example.sn")
    user.full_name = "Awa Ndiaye"
    user.save()
    member = profile(user, bio=SECRET_BIO)
    Consent.objects.create(member=member, purpose="membership", text_version="2026-1", text="…")
    client.force_login(user)
    response = client.post("/net/me/data/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "awa@example.sn"
    assert data["profile"]["bio"] == SECRET_BIO
    assert data["consents"][0]["version"] == "2026-1"
    # Every app that holds something about people has its section.
    for section in ("support", "resources", "events"):
        assert section in data


def test_a_visitor_downloads_nothing(client):
    response = client.post("/net/me/data/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_leaving_leaves_nothing_personal_and_the_posts_say_former_member(client):
    user = person("awa@example.sn")
    user.full_name = "Awa Ndiaye"
    user.save()
    member = profile(
        user,
        bio=SECRET_BIO,
        position="Maire adjointe",
        in_directory=True,
        profile_visibility="public",
    )
    member.bio = SECRET_BIO + " (edited)"
    member.save()  # a second historical record
    client.force_login(user)
    response = client.post("/net/me/delete/", {"confirm": "DELETE"})
    assert response.status_code == 302
    user.refresh_from_db()
    member.refresh_from_db()
    assert user.email != "awa@example.sn"
    assert user.full_name == ""
    assert not user.is_active
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(email="awa@example.sn").exists()
    assert member.left_at is not None
    assert member.bio == ""
    assert member.position == ""
    # No history keeps the old values either.
    from jmdi.accounts.models import User

    assert not User.history.filter(email="awa@example.sn").exists()
    assert not User.history.filter(full_name="Awa Ndiaye").exists()
    assert not Member.history.filter(bio__contains="Thiès").exists()
    assert public_name(user) == "former member"
    # The profile page is gone, and the person cannot sign in again.
    assert client.get(f"/net/members/{member.pk}/").status_code == 404
    client.logout()
    client.post("/accounts/login/", {"login": "awa@example.sn", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_leaving_needs_the_confirmation(client):
    user = person("awa@example.sn")
    profile(user)
    client.force_login(user)
    response = client.post("/net/me/delete/", {"confirm": "yes"})
    assert response.status_code == 400
    assert "Type DELETE" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active
