"""Names sort as a reader expects, in Python and in both databases, and the same way.

The expected orders are written out by hand: deriving them from `sort_key` would test
nothing. Where PostgreSQL runs the suite, its ICU collation is the reference the Python
key is checked against (every country name, in the four languages).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import translation
from django_countries import countries

from jmdi.directory import selectors
from jmdi.directory.collation import compare_names, sort_key
from jmdi.directory.models import Country, Organisation
from jmdi.directory.tests.factories import CountryFactory, OrganisationFactory

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="compares with PostgreSQL's ICU collations"
)

#: Names in the order a reader expects; the tests shuffle them first.
MOROCCAN_PLACES = [
    "Béni Mellal",  # "ben" before "ber": the accent does not push it after the B's
    "berkane",  # lower case before upper case when nothing else differs
    "Berkane",
    "Berrechid",
    "El Jadida",
    "Essaouira",
    "Ouarzazate",
    "Oujda",
    "Sidi Ifni",
    "Sidi Slimane",
    "Tétouan",  # "té" between "ta" and "ti"
    "Tiznit",
]
ARABIC_PLACES = [
    "آسفي",  # alef with madda: as hamza then alef, before the other alefs
    "أكادير",  # alef with hamza sorts as alef: among the names in alef, by what follows
    "الجديدة",
    "الرباط",
    "إيموزار",
    "بني ملال",
    "تطوان",
    "تيزنيت",
    "جمعية الأمل",
    "جمعيّة التنمية",  # the shadda does not change the order of the letters
    "مؤسسة الأمل",  # hamza on waw sorts with alef too: before "مكتب", not among the و's
    "مكتب",
    "منظمة",
    "موارد",
    "وجدة",
]


def _shuffled(names: list[str]) -> list[str]:
    return names[len(names) // 2 :][::-1] + names[: len(names) // 2][::-1]


def test_the_key_considers_accents_and_case_only_when_the_letters_are_equal():
    assert sorted(_shuffled(MOROCCAN_PLACES), key=sort_key) == MOROCCAN_PLACES
    assert sorted(["beni", "Béni", "béni", "Beni"], key=sort_key) == [
        "beni",
        "Beni",
        "béni",
        "Béni",
    ]


def test_the_key_sorts_arabic_by_letter_whatever_the_hamza_and_short_vowels():
    assert sorted(_shuffled(ARABIC_PLACES), key=sort_key) == ARABIC_PLACES
    # Short vowels and the tatweel do not change the order of the letters.
    assert sorted(["وجدة", "الرَّباط", "تـطوان"], key=sort_key) == ["الرَّباط", "تـطوان", "وجدة"]


def test_spanish_sorts_n_with_tilde_as_a_letter_after_n():
    words = ["ñandú", "nube", "nzeto", "oso"]
    assert sorted(words, key=lambda w: sort_key(w, "es")) == ["nube", "nzeto", "ñandú", "oso"]
    # In the other languages ñ is an n with an accent.
    assert sorted(words, key=sort_key) == ["ñandú", "nube", "nzeto", "oso"]


def test_the_sqlite_comparison_agrees_with_the_key():
    assert compare_names("Berkane", "Béni Mellal") > 0
    assert compare_names("Béni Mellal", "Berrechid") < 0
    assert compare_names("Oujda", "Oujda") == 0


# --- Countries, in the reader's language ------------------------------------------------

#: The eight programme countries and five more, by name, as each language writes them.
EXPECTED_COUNTRIES = {
    "en": [
        "Algeria", "Costa Rica", "Ecuador", "Egypt", "El Salvador", "Jordan", "Morocco",
        "Nepal", "Philippines", "Senegal", "Spain", "Tunisia", "United Arab Emirates",
    ],
    "fr": [
        "Algérie", "Costa Rica", "Égypte", "Émirats arabes unis", "Équateur", "Espagne",
        "Jordanie", "Maroc", "Népal", "Philippines", "Salvador", "Sénégal", "Tunisie",
    ],
    "es": [
        "Argelia", "Costa Rica", "Ecuador", "Egipto", "El Salvador", "Emiratos Árabes Unidos",
        "España", "Filipinas", "Jordania", "Marruecos", "Nepal", "Senegal", "Túnez",
    ],
    "ar": [
        "أسبانيا", "الأردن", "الاكوادور", "الإمارات العربية المتحدة", "الجزائر", "السلفادور",
        "السنغال", "الفيلبين", "المغرب", "تونس", "كوستاريكا", "مصر", "نيبال",
    ],
}  # fmt: skip


@pytest.fixture
def more_countries(db):
    for code in ("DZ", "EG", "ES", "JO", "AE"):
        CountryFactory(code=code)


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_countries_are_listed_by_their_name_in_the_readers_language(pmu, more_countries, language):
    with translation.override(language):
        names = [country.name for country in selectors.countries_visible_to(pmu)]
    assert names == EXPECTED_COUNTRIES[language]


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_countries_page_lists_them_in_that_order(
    client_as, more_countries, language, django_assert_num_queries
):
    client = client_as("pmu")
    with django_assert_num_queries(4):
        html = client.get("/directory/countries/", headers={"accept-language": language})
    body = html.content.decode()
    positions = [body.index(f">{name}</a>") for name in EXPECTED_COUNTRIES[language]]
    assert positions == sorted(positions)


def test_a_reviewers_home_panel_lists_their_countries_by_name(db, more_countries):
    from jmdi.accounts.services import assign_role, create_person
    from jmdi.core.roles import Role

    reviewer = create_person(actor=None, email="two@example.org", full_name="Two Countries")
    for code in ("SV", "EC", "EG"):  # by code: EC, EG, SV
        assign_role(
            actor=None, user=reviewer, role=Role.REVIEWER, country=Country.objects.get(code=code)
        )
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    with translation.override("fr"):
        names = [country.name for country in selectors.home_countries_of(reviewer)]
    assert names == ["Égypte", "Équateur", "Salvador"]


@on_postgresql
@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_the_key_gives_icus_order_for_every_country_name(db, language):
    with translation.override(language):
        names = [str(name) for _code, name in countries]
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT n FROM unnest(%s::text[]) AS n ORDER BY n COLLATE "{language}-x-icu"',
            [names],
        )
        icu = [row[0] for row in cursor.fetchall()]
    assert sorted(names, key=lambda name: sort_key(name, language)) == icu


# --- Organisations, in the database ------------------------------------------------------


@pytest.fixture
def morocco(db):
    return Country.objects.get(code="MA")


def test_organisations_sort_by_name_with_accents_and_case_on_either_database(morocco):
    for name in _shuffled(MOROCCAN_PLACES + ARABIC_PLACES):
        OrganisationFactory(country=morocco, name=name)
    names = list(selectors.organisations_in(morocco).values_list("name", flat=True))
    # Latin script first, then Arabic, each in its own order.
    assert names == MOROCCAN_PLACES + ARABIC_PLACES
    assert list(Organisation.objects.filter(country=morocco).values_list("name", flat=True)) == (
        names
    )


def test_the_database_and_the_key_agree_on_the_demo_names(morocco):
    from jmdi.directory.places import PATTERNS, PLACES, organisation_name

    names = sorted(
        {
            organisation_name(pattern, place)
            for places in PLACES.values()
            for region, municipalities in places.regions.items()
            for place in [region, *municipalities]
            for _kind, pattern in PATTERNS[places.language]
        }
    )
    Organisation.objects.bulk_create(
        Organisation(name=name, country=morocco, kind="other") for name in reversed(names)
    )
    in_database = list(selectors.organisations_in(morocco).values_list("name", flat=True))
    assert in_database == sorted(names, key=sort_key)


def _plan(sql: str, params: tuple[object, ...]) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # With a handful of rows a sequential scan is cheapest; forbid it, to learn
            # whether the index *can* give the rows in order without a sort.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_a_page_of_a_countrys_organisations_is_read_in_order_from_the_index(morocco):
    OrganisationFactory.create_batch(5, country=morocco)
    page = selectors.organisations_in(morocco)[50:100]
    sql, params = page.query.sql_with_params()
    plan = _plan(sql, params)
    # Either name-ordered index serves it (the planner may prefer the partial index of the
    # active organisations, filtering on the country); what matters is no sort step.
    assert "directory_org_country_name" in plan or "directory_org_active_name" in plan, plan
    assert "TEMP B-TREE" not in plan  # SQLite: no sort step
    assert "Sort" not in plan  # PostgreSQL: no sort step
