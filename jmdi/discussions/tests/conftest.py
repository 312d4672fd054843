from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def make_member(email: str, name: str, *, verified: bool = True, country: str = "MA", **extra):
    from jmdi.accounts.services import create_person
    from jmdi.community.models import Member

    user = create_person(
        actor=None, email=email, full_name=name, password=PASSWORD, verified=verified
    )
    Member.objects.create(user=user, stakeholder_type="local_authority", country=country, **extra)
    return user


def make_topic(slug: str = "local-planning", *, private: bool = False, **extra):
    from jmdi.discussions.models import Topic

    return Topic.objects.create(
        slug=slug,
        name={"en": f"Topic {slug}", "fr": f"Sujet {slug}", "es": f"Tema {slug}", "ar": "موضوع"},
        private=private,
        **extra,
    )


def make_thread(topic, author, title="A public question", body="Body of the question", **extra):
    from jmdi.discussions.models import Thread

    return Thread.objects.create(
        topic=topic, author=author, title=title, body=body, language="en", **extra
    )


@pytest.fixture
def net(db, programme, pmu, outsider):
    """A public topic with a thread and a reply, a private trainees' space with its own
    thread, and the people of the discussions: members, a moderator of the public topic,
    a trainee, a banned member, a signed-in member whose address is not verified."""
    from jmdi.discussions.models import Reply

    alice = make_member("alice@example.org", "Alice Martin")
    bruno = make_member("bruno@example.org", "Bruno Diallo", country="SN")
    moderator = make_member("moderator@example.org", "Mona Moderator")
    trainee = make_member("trainee@example.org", "Tariq Trainee")
    banned = make_member(
        "banned@example.org", "Ben Banned", banned_at=timezone.now(), banned_reason="spam"
    )
    unverified = make_member("unverified@example.org", "Una Unverified", verified=False)
    public = make_topic("local-planning")
    public.moderators.add(moderator)
    space = make_topic("trainees-2026", private=True)
    space.members.add(trainee)
    thread = make_thread(public, alice, title="Migration in the municipal plan")
    reply = Reply.objects.create(thread=thread, author=bruno, body="We did it in 2023.")
    thread.reply_count = 1
    thread.save()
    secret = make_thread(space, trainee, title="SECRET-TRAINEE-THREAD", body="SECRET-BODY")
    return SimpleNamespace(
        alice=alice,
        bruno=bruno,
        moderator=moderator,
        trainee=trainee,
        banned=banned,
        unverified=unverified,
        outsider=outsider,
        pmu=pmu,
        public=public,
        space=space,
        thread=thread,
        reply=reply,
        secret=secret,
    )


def person(net, role: str):
    """The discussions' roles: anonymous, outsider (signed in, no M4D Net profile),
    unverified, member, moderator, trainee, banned, pmu."""
    from django.contrib.auth.models import AnonymousUser

    if role == "anonymous":
        return AnonymousUser()
    return {
        "outsider": net.outsider,
        "unverified": net.unverified,
        "member": net.bruno,
        "moderator": net.moderator,
        "trainee": net.trainee,
        "banned": net.banned,
        "pmu": net.pmu,
    }[role]


ROLES = ["anonymous", "outsider", "unverified", "member", "moderator", "trainee", "banned", "pmu"]


def window(days_from_now_open: int, days_from_now_close: int):
    now = timezone.now()
    return now + dt.timedelta(days=days_from_now_open), now + dt.timedelta(days=days_from_now_close)
