"""Role by action: what each kind of person may do in the discussions."""

from __future__ import annotations

import pytest

from jmdi.discussions import permissions
from jmdi.discussions.tests.conftest import ROLES, person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]

# role: (read public, read private, start thread, reply, flag, hide, lock, moderate queue)
MATRIX = {
    "anonymous": (True, False, False, False, False, False, False, False),
    "outsider": (True, False, False, False, False, False, False, False),
    "unverified": (True, False, False, False, False, False, False, False),
    "member": (True, False, True, True, True, False, False, False),
    "moderator": (True, False, True, True, True, True, True, True),
    "trainee": (True, True, True, True, True, False, False, False),
    "banned": (True, False, False, False, False, False, False, False),
    "pmu": (True, True, True, True, True, True, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_do_exactly_what_the_matrix_says(net, role):
    user = person(net, role)
    got = (
        permissions.can_view_thread(user, net.thread),
        permissions.can_view_thread(user, net.secret),
        permissions.can_start_thread(user, net.public),
        permissions.can_reply(user, net.thread),
        permissions.can_flag(user, net.thread),
        permissions.can_hide(user, net.thread),
        permissions.can_lock(user, net.thread),
        permissions.can_moderate_anything(user),
    )
    assert got == MATRIX[role]


@pytest.mark.parametrize("role", ROLES)
def test_the_private_space_is_listed_only_for_its_members_and_the_pmu(net, role):
    from jmdi.discussions import selectors

    user = person(net, role)
    slugs = set(selectors.topics_visible_to(user).values_list("slug", flat=True))
    titles = set(selectors.threads_visible_to(user).values_list("title", flat=True))
    sees = role in ("trainee", "pmu")
    assert ("trainees-2026" in slugs) is sees
    assert ("SECRET-TRAINEE-THREAD" in titles) is sees


def test_a_topic_moderator_moderates_only_their_topic(net):
    from jmdi.discussions.tests.conftest import make_thread, make_topic

    other = make_thread(make_topic("elsewhere"), net.alice)
    assert permissions.can_hide(net.moderator, net.thread)
    assert not permissions.can_hide(net.moderator, other)


def test_an_ediscussion_moderator_moderates_that_ediscussion(net):
    from jmdi.discussions.models import EDiscussion
    from jmdi.discussions.tests.conftest import window

    opens, closes = window(-1, 5)
    ed = EDiscussion.objects.create(thread=net.thread, opens_at=opens, closes_at=closes)
    assert not permissions.can_lock(net.alice, net.thread)
    ed.moderators.add(net.alice)
    permissions.forget(net.alice)
    assert permissions.can_lock(net.alice, net.thread)


def test_nobody_replies_outside_an_ediscussions_window(net):
    from jmdi.discussions.models import EDiscussion
    from jmdi.discussions.tests.conftest import window

    opens, closes = window(1, 5)
    ed = EDiscussion.objects.create(thread=net.thread, opens_at=opens, closes_at=closes)
    net.thread.refresh_from_db()
    for user in (net.bruno, net.moderator, net.pmu):
        assert not permissions.can_reply(user, net.thread)
    ed.opens_at, ed.closes_at = window(-10, -1)
    ed.save()
    net.thread.refresh_from_db()
    assert not permissions.can_reply(net.pmu, net.thread)
    ed.opens_at, ed.closes_at = window(-1, 1)
    ed.save()
    net.thread.refresh_from_db()
    assert permissions.can_reply(net.bruno, net.thread)


def test_a_locked_or_hidden_thread_takes_no_reply(net):
    net.thread.locked = True
    assert not permissions.can_reply(net.pmu, net.thread)
    net.thread.locked, net.thread.hidden = False, True
    assert not permissions.can_reply(net.pmu, net.thread)


def test_a_moderator_bans_members_but_not_themselves_nor_the_pmu(net):
    assert permissions.can_ban(net.moderator, net.alice)
    assert not permissions.can_ban(net.moderator, net.moderator)
    assert not permissions.can_ban(net.moderator, net.pmu)
    assert not permissions.can_ban(net.alice, net.bruno)


def test_only_the_pmu_publishes_a_summary(net):
    from jmdi.discussions.models import EDiscussion
    from jmdi.discussions.tests.conftest import window

    opens, closes = window(-10, -1)
    ed = EDiscussion.objects.create(
        thread=net.thread, opens_at=opens, closes_at=closes, summary="Text"
    )
    ed.moderators.add(net.alice)
    permissions.forget(net.alice)
    assert permissions.can_write_summary(net.alice, ed)
    assert not permissions.can_publish_summary(net.alice, ed)
    assert permissions.can_publish_summary(net.pmu, ed)
    ed.summary = ""
    assert not permissions.can_publish_summary(net.pmu, ed)


def test_a_summary_is_written_only_once_closed(net):
    from jmdi.discussions.models import EDiscussion
    from jmdi.discussions.tests.conftest import window

    opens, closes = window(-1, 3)
    ed = EDiscussion.objects.create(thread=net.thread, opens_at=opens, closes_at=closes)
    assert not permissions.can_write_summary(net.pmu, ed)
