"""Search across languages: a French query finds the record written in English, Spanish
or Arabic about the same subject, first; an exact name comes first."""

from __future__ import annotations

import pytest

from jmdi.search import semantic
from jmdi.search import services as search

RECORDS = {
    # One subject per language, and distractors in the same languages.
    "en_return": (
        "en",
        "Welcome desk for returning migrants",
        "Guidance, job placement and small business support for migrants coming back to the city.",
    ),
    "en_water": (
        "en",
        "Hill villages water supply",
        "Remittances co-finance piped water for rural villages.",
    ),
    "es_women": (
        "es",
        "Cooperativa de mujeres productoras de cacao",
        "Mujeres rurales procesan y venden cacao con el apoyo de la diáspora en España.",
    ),
    "es_school": (
        "es",
        "Becas escolares para hijos de emigrantes",
        "El municipio apoya la escolaridad de niños cuyos padres trabajan en el extranjero.",
    ),
    "ar_invest": (
        "ar",
        "صندوق استثمار الجالية في البنية التحتية المحلية",
        "يساهم أبناء الجالية المقيمون في الخارج في تمويل الطرق والمدارس في البلدية.",
    ),
    "ar_health": (
        "ar",
        "قافلة طبية للمناطق الريفية",
        "أطباء من الجالية يقدمون استشارات مجانية في القرى.",
    ),
}

QUERIES = {
    "en_return": "accueil et insertion professionnelle des migrants de retour",
    "es_women": "coopérative de femmes qui transforment le cacao",
    "ar_invest": "fonds d'investissement de la diaspora dans les infrastructures locales",
}


@pytest.fixture
def indexed(db):
    ids = {}
    for number, (key, (language, title, body)) in enumerate(RECORDS.items(), start=1):
        search.index(
            kind="t", object_id=number, language=language, title=title, body=body, embed=False
        )
        ids[key] = number
    from jmdi.search.models import SearchEntry

    search.embed(list(SearchEntry.objects.values_list("pk", flat=True)))
    semantic.forget_cache()
    return ids


@pytest.mark.parametrize("target", sorted(QUERIES))
def test_a_french_query_ranks_the_record_in_another_language_first(indexed, target):
    ranked = search.search(kind="t", query=QUERIES[target])
    assert ranked, "nothing found"
    assert ranked[0] == indexed[target], [list(RECORDS)[i - 1] for i in ranked]


def test_an_exact_name_ranks_first(indexed):
    ranked = search.search(kind="t", query="Becas escolares para hijos de emigrantes")
    assert ranked[0] == indexed["es_school"]
    # Even when the words would rank another first by meaning alone.
    ranked = search.search(kind="t", query="hill villages water supply")
    assert ranked[0] == indexed["en_water"]


def test_a_query_about_nothing_here_finds_little(indexed):
    assert len(search.search(kind="t", query="quantum xylophone orchestra")) <= 1
