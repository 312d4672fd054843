"""The demo makes the library look alive; the plug-in's parts answer."""

from __future__ import annotations

import random

import pytest

from jmdi.core.plugins import DemoContext, GeneratorContext
from jmdi.resources import demo, selectors
from jmdi.resources.models import QualityReview, Resource, completeness
from jmdi.resources.plugin import PLUGIN

pytestmark = [pytest.mark.usefixtures("programme_once_per_module"), pytest.mark.django_db]


def test_demo_writes_the_knowledge_products_once(pmu, client):
    context = DemoContext(password="demo-password-1", say=lambda text: None)
    demo.demo_step(context)
    passed = (
        QualityReview.objects.filter(outcome="passed", resource__status="published")
        .values("resource")
        .distinct()
        .count()
    )
    assert passed >= 6
    assert Resource.objects.filter(status="in_review").count() == 1
    assert Resource.objects.filter(status="draft").count() == 1
    assert selectors.awaiting_quality().count() == 1
    synthesis = Resource.objects.prefetch_related("texts").get(
        slug="synthesis-report-lessons-learnt"
    )
    assert synthesis.kind == "synthesis_report"
    councils = Resource.objects.prefetch_related("texts").get(slug="diaspora-councils-oriental")
    assert completeness(councils, "fr") == "outdated"
    count = Resource.objects.count()
    demo.demo_step(context)
    assert Resource.objects.count() == count
    assert b"Mapping your diaspora" in client.get("/net/resources/").content
    assert client.get("/net/resources/mapping-your-diaspora/").status_code == 200
    client.force_login(pmu)
    (source,) = PLUGIN.inbox
    assert source.concerns(pmu)
    assert source.count(pmu) == 1
    assert source.items(pmu, 5)[0].url.endswith("/decide/")
    assert client.get("/net/resources/review/").status_code == 200
    data = dict(PLUGIN.member_data)["resources"](pmu)
    assert data["quality_reviews"]


def test_generator_writes_its_size_once():
    context = GeneratorContext(
        scale="small", rng=random.Random(1), progress=lambda text: None, sizes={"resources": 30}
    )
    demo.generator_step(context)
    demo.generator_step(context)
    assert Resource.objects.filter(slug__startswith="synthetic-small-").count() == 30


def test_benchmark_pages_answer(client):
    for page in PLUGIN.benchmark_pages:
        assert client.get(page.path()).status_code == 200
