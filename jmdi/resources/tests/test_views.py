"""The pages: who sees and does what (role by action), forged POSTs, drafts opened by URL,
the library's filters and its pinned query count."""

from __future__ import annotations

import pytest
from django.utils import translation

from jmdi.resources import services
from jmdi.resources.models import Resource, ResourceText
from jmdi.resources.tests.factories import published

pytestmark = [pytest.mark.usefixtures("programme_once_per_module"), pytest.mark.django_db]

BASE = "/net/resources"


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _who(world, request, name):
    if name == "anonymous":
        return None
    if name in ("author", "editor", "banned"):
        return getattr(world, name)
    return request.getfixturevalue(name)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("member", 404),
        ("focal_ma", 404),
        ("steering", 404),
        ("author", 200),
        ("editor", 200),
        ("pmu", 200),
    ],
)
def test_a_draft_opened_by_url(world, client, request, persona, status):
    user = _who(world, request, persona)
    response = _as(client, user).get(f"{BASE}/{world.draft.slug}/")
    assert response.status_code == status
    for page in ("compare/", "history/", "diff/?language=en&from=1&to=1"):
        sub = client.get(f"{BASE}/{world.draft.slug}/{page}")
        assert sub.status_code == status
        if status == 404:
            assert b"DRAFT-SECRET" not in sub.content
    if status == 404:
        assert b"DRAFT-SECRET" not in response.content
        assert b"Secret draft" not in response.content
    else:
        assert b"DRAFT-SECRET body" in response.content


def test_everyone_reads_a_published_resource_and_the_library(world, client):
    assert client.get(f"{BASE}/{world.public.slug}/").status_code == 200
    page = client.get(f"{BASE}/").content.decode()
    assert "Public guide to diaspora mapping" in page
    assert "Secret draft" not in page


# (action, url suffix, data) posted on the draft or the published resource.
ACTIONS = {
    "edit": ("draft", "edit/en/", {"title": "Forged", "summary": "", "body": "<p>forged</p>"}),
    "submit": ("draft", "submit/", {}),
    "settings": ("draft", "settings/", {"theme": "", "kind": "guide", "tags": ""}),
    "archive": ("public", "archive/", {}),
    "quality": (
        "public",
        "quality/",
        {"relevance": "on", "evidence": "on", "clarity": "on", "outcome": "passed"},
    ),
}

#: Who may do each action, the others being refused (403 when they can read the
#: resource, 404 when they cannot).
ALLOWED = {
    "edit": {"author", "editor", "pmu"},
    "submit": {"author", "editor", "pmu"},
    "settings": {"author", "editor", "pmu"},
    "archive": {"pmu"},
    "quality": {"pmu"},
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    "persona", ["anonymous", "outsider", "member", "banned", "editor", "author", "pmu"]
)
def test_role_by_action_matrix_with_forged_posts(world, client, request, action, persona):
    target, suffix, data = ACTIONS[action]
    resource = getattr(world, target)
    if action == "settings":
        data = {**data, "theme": str(world.theme.pk)}
    user = _who(world, request, persona)
    before = (
        Resource.objects.get(pk=resource.pk).status,
        ResourceText.objects.get(resource=resource, language="en").version,
        resource.quality_reviews.count(),
    )
    response = _as(client, user).post(f"{BASE}/{resource.slug}/{suffix}", data)
    after = (
        Resource.objects.get(pk=resource.pk).status,
        ResourceText.objects.get(resource=resource, language="en").version,
        resource.quality_reviews.count(),
    )
    if persona in ALLOWED[action]:
        assert response.status_code == 302, response.content[:500]
        if action != "settings":
            assert after != before
    else:
        if persona == "anonymous":
            assert response.status_code in (302, 404)
            if response.status_code == 302:
                assert "/accounts/" in response["Location"] or "login" in response["Location"]
        else:
            assert response.status_code in (403, 404)
        assert after == before
        assert b"DRAFT-SECRET" not in response.content


def test_review_decisions_are_the_pmus(world, client, request):
    services.submit_for_review(actor=world.author, resource=world.draft)
    for persona in ("author", "editor", "member"):
        client.logout()
        response = _as(client, _who(world, request, persona)).post(
            f"{BASE}/{world.draft.slug}/decide/", {"publish": "1"}
        )
        assert response.status_code in (403, 404)
    assert Resource.objects.get(pk=world.draft.pk).status == "in_review"
    client.logout()
    pmu = request.getfixturevalue("pmu")
    queue = _as(client, pmu).get(f"{BASE}/review/")
    assert b"Secret draft" in queue.content
    response = client.post(f"{BASE}/{world.draft.slug}/decide/", {"return": "1", "comment": ""})
    assert response.status_code == 200  # a return needs a comment
    response = client.post(
        f"{BASE}/{world.draft.slug}/decide/", {"return": "1", "comment": "Add sources."}
    )
    assert response.status_code == 302
    assert Resource.objects.get(pk=world.draft.pk).status == "draft"


def test_the_review_queue_is_refused_to_others(world, client, request):
    for persona in ("member", "editor", "author", "steering"):
        client.logout()
        response = _as(client, _who(world, request, persona)).get(f"{BASE}/review/")
        assert response.status_code == 403
        assert b"Secret draft" not in response.content


def test_a_banned_member_cannot_propose(world, client):
    response = _as(client, world.banned).post(
        f"{BASE}/propose/",
        {"title": "Spam", "theme": str(world.theme.pk), "kind": "guide", "language": "en"},
    )
    assert response.status_code == 403
    assert not Resource.objects.filter(texts__title="Spam").exists()


def test_a_member_proposes_a_draft(world, client, member):
    response = _as(client, member).post(
        f"{BASE}/propose/",
        {
            "title": "Our diaspora desk",
            "theme": str(world.theme.pk),
            "kind": "case_study",
            "language": "en",
            "summary": "How we opened it.",
            "body": "<p>It works.</p><script>alert(1)</script>",
            "tags": "desk, diaspora",
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get(texts__title="Our diaspora desk")
    assert resource.status == "draft"
    assert resource.created_by == member
    assert "<script" not in resource.texts.get().body


def test_the_page_follows_the_viewers_language_when_complete(world, client, pmu):
    services.save_text(
        actor=pmu,
        resource=world.public,
        language="fr",
        title="Guide public de cartographie",
        summary="",
        body_html="<p>Corps français</p>",
        complete=False,
    )
    with translation.override("fr"):
        page = client.get(f"{BASE}/{world.public.slug}/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert b"Public guide to diaspora mapping" in page  # a draft: the original
    services.save_text(
        actor=pmu,
        resource=world.public,
        language="fr",
        title="Guide public de cartographie",
        summary="",
        body_html="<p>Corps français</p>",
        complete=True,
    )
    with translation.override("fr"):
        page = client.get(f"{BASE}/{world.public.slug}/", HTTP_ACCEPT_LANGUAGE="fr").content
    assert b"Guide public de cartographie" in page
    compare = client.get(f"{BASE}/{world.public.slug}/compare/?a=en&b=fr").content.decode()
    assert "Corps français" in compare
    assert "Body of the guide" in compare


def test_library_filters(world, pmu, client):
    other = world.themes["representing-migrant-associations"]
    published(pmu, world.author, other, title="Federations compared", kind="case_study")
    assert b"Federations compared" in client.get(f"{BASE}/?theme={other.slug}").content
    assert b"Federations compared" not in client.get(f"{BASE}/?theme={world.theme.slug}").content
    assert b"Federations compared" in client.get(f"{BASE}/?kind=case_study").content
    assert b"Federations compared" not in client.get(f"{BASE}/?kind=guide").content
    assert b"Federations compared" in client.get(f"{BASE}/?q=federations").content
    assert b"Federations compared" not in client.get(f"{BASE}/?q=mapping").content
    assert b"Federations compared" not in client.get(f"{BASE}/?language=fr").content


def test_library_query_count_does_not_grow(world, pmu, client, django_assert_max_num_queries):
    for n in range(25):
        resource = published(pmu, world.author, world.theme, title=f"Guide {n}")
        services.update_settings(
            actor=pmu, resource=resource, theme=world.theme, kind="guide", tags=["t1", f"x{n}"]
        )
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/?q=guide")
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        client.get(f"{BASE}/?page=2&theme={world.theme.slug}&tag=t1")


def test_history_and_editors_pages(world, client, pmu):
    services.save_text(
        actor=pmu,
        resource=world.public,
        language="en",
        title="Public guide to diaspora mapping",
        summary="",
        body_html="<p>Revised.</p>",
    )
    page = client.get(f"{BASE}/{world.public.slug}/history/?language=en").content
    assert b"from" in page
    diff = client.get(f"{BASE}/{world.public.slug}/diff/?language=en&from=1&to=2").content
    assert b"<ins>Revised.</ins>" in diff
    _as(client, pmu)
    assert client.get(f"{BASE}/editors/").status_code == 200
    response = client.post(f"{BASE}/editors/", {"email": "author@example.org"})
    assert response.status_code == 302
    client.logout()
    _as(client, world.author)
    assert client.get(f"{BASE}/editors/").status_code == 403
