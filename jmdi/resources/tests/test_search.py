"""The resource library is searched across languages: a French query finds the guide
written in Spanish, and a draft is never found."""

from __future__ import annotations

import pytest

from jmdi.resources import indexing, services
from jmdi.resources.models import Resource, Theme

pytestmark = pytest.mark.usefixtures("programme_once_per_module")


@pytest.fixture
def library(db, pmu):
    theme = Theme.objects.create(slug="diasporas", names={"en": "Diasporas"})
    made = {}
    for key, language, title, summary in [
        (
            "es",
            "es",
            "Guía para involucrar a la diáspora en la planificación municipal",
            "Cómo los municipios invitan a las asociaciones de la diáspora a elaborar el plan de desarrollo local.",
        ),
        ("en", "en", "Water committees in hill villages", "How villages run piped water schemes."),
        (
            "ar",
            "ar",
            "دليل تمويل المشاريع الصغيرة للنساء",
            "كيف تمول البلديات مشاريع النساء الريفيات.",
        ),
    ]:
        made[key] = services.publish_text_resource(
            actor=pmu,
            title=title,
            summary=summary,
            body_html=f"<p>{summary}</p>",
            language=language,
            theme=theme,
            kind="guide",
            source_label="test",
        )
    draft = services.publish_text_resource(
        actor=pmu,
        title="Plan secret de la diaspora",
        summary="Brouillon.",
        body_html="<p>x</p>",
        language="fr",
        theme=theme,
        kind="guide",
        source_label="test",
    )
    Resource.objects.filter(pk=draft.pk).update(status=Resource.Status.DRAFT)
    indexing.index_all()
    made["draft"] = draft
    return made


def test_a_french_query_finds_the_spanish_guide_first(client, library):
    response = client.get(
        "/net/resources/", {"q": "associer la diaspora au plan de développement communal"}
    )
    body = response.content.decode()
    assert "Guía para involucrar a la diáspora" in body
    assert (
        body.index("Guía para involucrar") < body.find("Water committees")
        if "Water committees" in body
        else True
    )
    assert "Plan secret de la diaspora" not in body


def test_a_saved_text_is_indexed(library):
    from jmdi.search.models import SearchEntry

    entry = SearchEntry.objects.get(kind="resource", object_id=library["en"].pk)
    assert entry.published
    assert not SearchEntry.objects.get(kind="resource", object_id=library["draft"].pk).published
