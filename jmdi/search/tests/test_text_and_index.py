"""The index's analysis of words, and full-text matching on both databases."""

from __future__ import annotations

import pytest

from jmdi.search import backends, semantic
from jmdi.search import services as search
from jmdi.search.models import SearchEntry
from jmdi.search.text import query_terms, terms


def test_each_language_is_stemmed_with_its_own_rules_and_folded():
    assert terms("Développement des migrants", "fr") == terms("developpement migrant", "fr")
    assert terms("municipios", "es") == terms("Municipio", "es")
    assert terms("developing communities", "en") == terms("develop community", "en")
    # Arabic: the article and the plural go, the hamza form folds to the bare letter.
    assert terms("المهاجرين", "ar") == terms("مهاجر", "ar")


def test_a_query_word_is_looked_for_under_the_stems_of_the_four_languages():
    (variants,) = query_terms("migrantes")
    assert "migrant" in variants  # Spanish and English stem
    assert "migr" in variants  # French stem


def test_stopwords_and_short_numbers_are_not_index_terms():
    assert terms("de la pour the 3", "fr") == ""
    assert terms("2017", "en") == "2017"


@pytest.mark.django_db
def test_full_text_finds_all_words_first_then_any_and_never_unpublished():
    search.index(
        kind="t", object_id=1, language="fr", title="Maison des migrants de retour", embed=False
    )
    search.index(
        kind="t",
        object_id=2,
        language="es",
        title="Retorno de migrantes",
        body="empleo",
        embed=False,
    )
    search.index(kind="t", object_id=3, language="en", title="Water for the hills", embed=False)
    search.index(
        kind="t",
        object_id=4,
        language="fr",
        title="Migrants de retour cachés",
        published=False,
        embed=False,
    )
    search.index(kind="other", object_id=5, language="fr", title="Migrants de retour", embed=False)

    assert backends.fulltext("t", "retour migrants") == [1]
    # No record has both words: those with either come, still never the unpublished one.
    assert set(backends.fulltext("t", "migrants eau")) == {1, 2}
    assert backends.fulltext("t", "hills") == [3]
    assert backends.fulltext("t", "") == []


@pytest.mark.django_db
def test_a_title_match_weighs_more_than_a_match_in_the_text():
    search.index(
        kind="t", object_id=1, language="en", title="Skills", body="A diaspora fund.", embed=False
    )
    search.index(
        kind="t", object_id=2, language="en", title="Diaspora fund", body="Skills.", embed=False
    )
    assert backends.fulltext("t", "diaspora fund") == [2, 1]


@pytest.mark.django_db
def test_changing_or_removing_an_entry_changes_what_is_found():
    search.index(kind="t", object_id=1, language="en", title="Remittances", embed=False)
    search.index(kind="t", object_id=1, language="en", title="Water supply", embed=False)
    assert backends.fulltext("t", "remittances") == []
    assert backends.fulltext("t", "water") == [1]
    search.remove(kind="t", object_id=1)
    assert backends.fulltext("t", "water") == []
    assert not SearchEntry.objects.exists()


@pytest.mark.django_db
def test_a_query_made_of_quotes_and_operators_is_only_words():
    search.index(kind="t", object_id=1, language="en", title="Return migrants", embed=False)
    for hostile in ['"', "' OR 1=1 --", "return) OR (x", "NEAR(a b)", "migrants*", "a:b", "&|!"]:
        backends.fulltext("t", hostile)  # no syntax error on either engine
    assert backends.fulltext("t", 'migrants" OR "x') == [1]


@pytest.mark.django_db
def test_embeddings_are_computed_once_per_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = search.index(
            kind="t", object_id=1, language="en", title="Return migrants", body="Jobs."
        )
    entry.refresh_from_db()
    assert len(semantic.from_bytes(entry.embedding)) == semantic.DIMENSIONS
    digest = entry.embedded_digest
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        search.index(kind="t", object_id=1, language="en", title="Return migrants", body="Jobs.")
    # Unchanged text: no embedding queued, only the version's bump.
    assert len(callbacks) == 1
    entry.refresh_from_db()
    assert entry.embedded_digest == digest
