"""The support facility's plug-ins: demo, generator, measures, inbox, data download."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from jmdi.core.inbox import counts, waiting_for
from jmdi.core.measures import Cell, Period, Scope
from jmdi.core.plugins import (
    DemoContext,
    GeneratorContext,
    benchmark_pages,
    measures,
    net_sections,
)
from jmdi.support import demo, services
from jmdi.support.measures import REQUESTS_RECEIVED, REQUESTS_RESOLVED_WITHIN_TARGET
from jmdi.support.models import FaqEntry, Status, SupportRequest
from jmdi.support.plugin import member_data
from jmdi.support.tests.factories import make_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


def test_the_demo_shows_every_stage_referrals_to_morocco_and_the_faq(programme):
    from jmdi.accounts.demo import load_demo_logins
    from jmdi.accounts.models import User

    load_demo_logins("demo-password-123")
    context = DemoContext(password="demo-password-123", say=lambda text: None)
    demo.demo_step(context)
    by_status = {
        status: SupportRequest.objects.filter(status=status).count() for status in Status.values
    }
    for stage in ("submitted", "triaged", "answered", "assigned", "referred", "resolved"):
        assert by_status[stage] >= 8, stage
    assert by_status["closed"] >= 1
    assert by_status["withdrawn"] >= 1
    countries = set(SupportRequest.objects.values_list("country", flat=True))
    assert countries == set(demo.COUNTRIES)
    focal_ma = User.objects.get(email="focal.ma@demo.jmdi.example.org")
    assert SupportRequest.objects.filter(referred_to_focal_point=focal_ma).count() >= 3
    assert 4 <= FaqEntry.objects.filter(published=True).count() <= 6
    assert FaqEntry.objects.filter(source_request__status="resolved").count() == 1
    # Some open requests are past the targets, so the queue's filter shows something.
    from jmdi.support import selectors

    goal = selectors.current_targets()
    late = SupportRequest.objects.filter(selectors.overdue_q(goal, timezone.now()))
    assert late.exists()
    count = SupportRequest.objects.count()
    demo.demo_step(context)  # a second run adds nothing
    assert SupportRequest.objects.count() == count


def test_the_generator_writes_its_size_once(programme, owner):
    context = GeneratorContext(
        scale="small", rng=random.Random(1), progress=lambda text: None,
        sizes={"support_requests": 150, "faq_entries": 10},
    )  # fmt: skip
    demo.generator_step(context)
    assert SupportRequest.objects.count() == 150
    assert context.counts["support_requests"] == 150
    demo.generator_step(context)
    assert SupportRequest.objects.count() == 150
    assert demo.SIZES["large"]["support_requests"] == 20_000


def _scope(viewer=None) -> Scope:
    today = timezone.localdate()
    period = Period("now", "year", today - dt.timedelta(days=300), today + dt.timedelta(days=1))
    return Scope(programme="jmdi-2", periods=(period,), countries=("MA", "SN"), viewer=viewer)


def test_the_measures_count_requests_received_and_resolved_within_target(owner, pmu, outsider):
    now = timezone.now()
    fast = make_request(owner, country="MA")
    services.answer(actor=pmu, request=fast, body="A")
    services.resolve(actor=pmu, request=fast)
    slow = make_request(owner, country="SN", at=now - dt.timedelta(days=60))
    services.answer(actor=pmu, request=slow, body="A")
    services.resolve(actor=pmu, request=slow)
    make_request(owner, country="SN")
    received = REQUESTS_RECEIVED.values(_scope())
    assert received[Cell("MA", "now")] == 1
    assert received[Cell("SN", "now")] == 2
    assert received[Cell(None, "now")] == 3
    within = REQUESTS_RESOLVED_WITHIN_TARGET.values(_scope())
    assert within[Cell("MA", "now")] == 1
    assert within.get(Cell("SN", "now"), 0) == 0
    assert {m.name for m in measures()} >= {
        "support.requests_received",
        "support.requests_resolved_within_target",
    }
    # The drill-down shows the viewer only what they may read.
    assert REQUESTS_RECEIVED.records(_scope(pmu), Cell(None, "now")).count() == 3
    outsider_rows = REQUESTS_RECEIVED.records(_scope(outsider), Cell(None, "now"))
    assert outsider_rows.count() == 0


def test_the_inbox_shows_triage_to_the_pmu_and_referrals_to_their_focal_point(
    owner, pmu, focal_ma, focal_sn
):
    waiting = make_request(owner, subject="Needs triage")
    referred = make_request(owner, subject="For Morocco")
    services.refer(actor=pmu, request=referred, focal_point=focal_ma)
    assert {s.kind: n for s, n in counts(pmu)}["support.triage"] == 1
    assert {s.kind: n for s, n in counts(focal_ma)}["support.referrals"] == 1
    assert {s.kind: n for s, n in counts(focal_sn)}.get("support.referrals") == 0
    items = [i for w in waiting_for(pmu) if w.source.kind == "support.triage" for i in w.items]
    assert [i.title for i in items] == [waiting.subject]
    assert "support.triage" not in {s.kind for s, _n in counts(owner)}


def test_member_data_holds_the_persons_requests_and_messages(owner, other_member, pmu):
    item = make_request(owner, subject="Mine")
    services.answer(actor=pmu, request=item, body="The answer")
    services.add_message(actor=owner, request=item, body="Thanks")
    make_request(other_member, subject="Not mine")
    data = member_data(owner)
    assert [r["subject"] for r in data["requests"]] == ["Mine"]
    assert [m["body"] for m in data["messages"]] == ["The answer", "Thanks"]
    import json

    json.dumps(data)


def test_the_tab_and_the_benchmark_page():
    assert any(str(entry.label) == "Support" and entry.order == 40 for entry in net_sections())
    page = benchmark_pages()["support-queue"]
    assert page.default
    assert page.path() == "/net/support/queue/"
