"""The programme's history: one entry per change, in words a person reads, field by field.

The changes here are real: the programme file reloaded with edits (the loader's changes)
and records saved as a PMU officer would (a person's changes).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Model
from django.test.html import Element
from django.utils import formats, timezone, translation

from jmdi.programmes import models as m
from jmdi.programmes.loader import load_programme
from jmdi.programmes.tests.test_pages import (
    attribute,
    classes,
    find,
    find_all,
    html_of,
    text,
)

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

HISTORY = "/programmes/jmdi-2/history/"
REAL_FILE = Path(settings.BASE_DIR) / "programmes" / "jmdi-phase-2.yaml"


def entries(page: Element) -> list[Element]:
    return list(find_all(page, "li", "history__entry"))


def title(entry: Element) -> str:
    return text(find(entry, "h2"))


def meta(entry: Element) -> dict[str, str]:
    pairs = {}
    for pair in find_all(find(entry, "dl", "history__meta"), "div"):
        pairs[text(find(pair, "dt"))] = text(find(pair, "dd"))
    return pairs


def fields(entry: Element) -> dict[str, tuple[str, str]]:
    """{label: (before, after)} of an entry's changed fields."""
    found = {}
    for row in find_all(entry, "div", "history__field"):
        before = text(find(row, "span", "history__before")).removeprefix("Before:").strip()
        after = text(find(row, "span", "history__after")).removeprefix("After:").strip()
        found[text(find(row, "dt"))] = (before, after)
    return found


def reload_with(tmp_path: Path, *edits: tuple[str, str]) -> None:
    """Load the real file with each (old, new) text replaced once: the loader's change."""
    content = REAL_FILE.read_text(encoding="utf-8")
    for old, new in edits:
        assert content.count(old) == 1, old
        content = content.replace(old, new)
    copy = tmp_path / "jmdi-phase-2.yaml"
    copy.write_text(content, encoding="utf-8")
    load_programme(copy, "programmes/jmdi-phase-2.yaml")


def change_as(user, record: Model, **values) -> None:
    """Save `values` on `record` as `user` would through a form: one history row."""
    for name, value in values.items():
        setattr(record, name, value)
    record._history_user = user  # type: ignore[attr-defined]
    record.save()


@pytest.fixture
def changed(pmu, programme, tmp_path):
    """Two changes by the file (a text, a plan) and one by the PMU officer (two fields)."""
    reload_with(
        tmp_path,
        (
            '      fr: "Fournir des conseils techniques."',
            '      fr: "Fournir des avis techniques."',
        ),
        (
            '          - code: "1.2.2"\n'
            "            name:\n"
            '              en: "Designing technical assistance plan',
            '          - code: "1.2.2"\n'
            "            name:\n"
            '              en: "Designing the technical assistance plan',
        ),
    )
    sub = m.SubActivity.objects.get(activity__output__programme=programme, code="1.2.2")
    sub.semesters.add(programme.semesters.get(code="S4"))  # a link changed on its own
    risk = m.Risk.objects.get(programme=programme, number=6)
    change_as(pmu, risk, status=m.Risk.Status.MONITORED, owner_fr="Gestionnaire du programme")
    return pmu


def test_a_change_shows_what_changed_with_its_old_and_new_values_and_who_made_it(
    client_as, changed
):
    page = html_of(client_as("pmu").get(HISTORY))
    newest = entries(page)[0]

    assert title(newest) == "Risk 6. Duplication with other M&D initiatives with similar objectives"
    assert meta(newest)["What"] == "Changed"
    assert meta(newest)["By"] == changed.full_name
    assert fields(newest) == {
        "Status": ("Open", "Monitored"),
        "Owner, in French": ("Gestionnaire de programme", "Gestionnaire du programme"),
    }
    # The French column's values are marked as French, whatever the reader's language.
    values = [*find_all(newest, "del"), *find_all(newest, "ins")]
    assert {attribute(e, "lang") for e in values if "Gestionnaire" in text(e)} == {"fr"}


def test_the_loaders_changes_are_one_entry_each_with_text_and_links_by_name(client_as, changed):
    page = html_of(client_as("pmu").get(HISTORY))
    by_title = {title(e): e for e in entries(page)[:5]}

    body = by_title["Governance body Technical Committee"]
    assert meta(body)["By"] == "the programme file, when it was loaded"
    assert fields(body) == {
        "Mandate, in French": ("Fournir des conseils techniques.", "Fournir des avis techniques.")
    }
    renamed, linked = [e for e in entries(page)[:5] if title(e).startswith("Sub-activity 1.2.2")]
    # The newest first: the semester added on its own, then the file's new name.
    assert fields(renamed) == {"Planned semesters": ("S3", "S3, S4")}
    assert fields(linked) == {
        "Name, in English": (
            "Designing technical assistance plan for delivery to project's stakeholders",
            "Designing the technical assistance plan for delivery to project's stakeholders",
        )
    }


def test_a_first_load_is_one_created_entry_per_record_with_human_labels(client_as, programme):
    response = client_as("pmu").get(HISTORY)
    page = html_of(response)

    records = sum(
        model._default_manager.count()
        for model in (
            m.Programme,
            m.ProgrammeCountry,
            m.Semester,
            m.Contribution,
            m.Output,
            m.Target,
            m.BaselineFigure,
            m.Indicator,
            m.Activity,
            m.SubActivity,
            m.Risk,
            m.MonitoringItem,
            m.SelectionCriterion,
            m.GovernanceBody,
        )
    )
    assert text(find(page, "p", "history__count")) == f"Changes 1 to 25 of {records}."
    assert {meta(e)["What"] for e in entries(page)} == {"Created"}
    titles = [title(e) for e in entries(page)]
    assert titles[:4] == [
        "Governance body JMDI Focal Points",
        "Governance body Programme Management Unit (PMU)",
        "Governance body Technical Committee",
        "Governance body Steering Committee",
    ]
    body = response.content.decode()
    for key in ("focal_points", "steering_committee", "technical_committee", ">pmu<"):
        assert key not in body


def test_the_history_pages_through_every_change_25_at_a_time(client_as, programme):
    client = client_as("pmu")
    first = html_of(client.get(HISTORY))
    second = html_of(client.get(HISTORY + "?page=2"))

    assert len(entries(first)) == len(entries(second)) == 25
    assert text(find(second, "p", "history__count")).startswith("Changes 26 to 50 of ")
    assert attribute(find(second, "ol", "history"), "start") == "26"
    assert not {title(e) for e in entries(first)} & {title(e) for e in entries(second)}
    assert "Next page" in text(find(first, "nav", "pagination"))


def test_the_history_filters_by_record_type_person_and_dates(client_as, changed):
    client = client_as("pmu")

    risks = html_of(client.get(HISTORY + "?kind=risk"))
    assert {title(e).split(" ")[0] for e in entries(risks)} == {"Risk"}
    assert len(entries(risks)) == 6 + 1
    (kind,) = [s for s in find_all(risks, "select") if attribute(s, "id") == "id_kind"]
    selected = [o for o in find_all(kind, "option") if "selected" in dict(o.attributes)]
    assert [attribute(o, "value") for o in selected] == ["risk"]  # the choice is kept

    mine = html_of(client.get(HISTORY + f"?person={changed.pk}"))
    assert [title(e) for e in entries(mine)] == [
        "Risk 6. Duplication with other M&D initiatives with similar objectives"
    ]
    files = html_of(client.get(HISTORY + "?person=file"))
    assert all(meta(e)["By"] == "the programme file, when it was loaded" for e in entries(files))

    today = timezone.localdate().isoformat()
    assert len(entries(html_of(client.get(HISTORY + f"?date_from={today}&date_to={today}")))) == 25
    later = html_of(client.get(HISTORY + "?date_from=2099-01-01"))
    assert entries(later) == []
    assert "No change matches these filters." in text(later)


def test_filters_that_do_not_validate_are_named_and_change_nothing(client_as, changed):
    page = html_of(client_as("pmu").get(HISTORY + "?date_from=2026-03-10&date_to=2026-03-01"))

    (link,) = find_all(find(page, "div", "error-summary"), "a")
    assert attribute(link, "href") == "#id_date_to"
    assert "The last day is before the first; choose a day on or after 2026-03-10." in text(link)
    assert "The list below is not filtered until the filters are corrected." in text(page)
    assert len(entries(page)) == 25  # the whole history, unfiltered
    kept = [i for i in find_all(page, "input") if attribute(i, "name") == "date_from"]
    assert [attribute(i, "value") for i in kept] == ["2026-03-10"]


def test_dates_are_in_the_readers_order_and_never_wrap_apart(client_as, changed):
    page = html_of(client_as("pmu").get(HISTORY, HTTP_ACCEPT_LANGUAGE="ar"))
    when = find(entries(page)[0], "time")

    with translation.override("ar"):
        day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    assert text(next(find_all(when, "span"))) == day  # "1 ديسمبر، 2026": day, month, year
    assert all("nowrap" in classes(span) for span in find_all(when, "span"))
    assert attribute(when, "datetime").startswith(timezone.localdate().isoformat())
    labels = [text(find(row, "dt")) for row in find_all(entries(page)[0], "div", "history__field")]
    assert labels == ["الحالة", "المسؤول، باللغة الفرنسية"]


def more_changes(user, programme: m.Programme, rounds: int) -> None:
    """`rounds` more changes of each kind the page shows: a person's, links, a donor's."""
    risk = m.Risk.objects.get(programme=programme, number=6)
    body = m.GovernanceBody.objects.get(programme=programme, code="technical_committee")
    sub = m.SubActivity.objects.get(activity__output__programme=programme, code="1.2.2")
    contribution = m.Contribution.objects.get(programme=programme, donor__code="EC")
    s5 = programme.semesters.get(code="S5")
    for i in range(rounds):
        change_as(user, risk, status="open" if i % 2 else "monitored")
        change_as(user, contribution, note=f"Checked {i}")
        if i % 2:
            body.members.remove(body.members.first())
            sub.semesters.remove(s5)
        else:
            body.members.add(*m.Contribution.objects.values_list("donor", flat=True)[:1])
            sub.semesters.add(s5)


def test_the_history_page_makes_the_same_queries_whatever_the_number_of_changes(
    client_as, changed, programme, django_assert_num_queries
):
    more_changes(changed, programme, 4)
    client = client_as("pmu")
    # Session, user, roles; the programme; who changed it (2); the count, the page and
    # its values; the names they point to: organisations (members, donors) and semesters.
    with django_assert_num_queries(11):
        first = client.get(HISTORY)
    assert len(entries(html_of(first))) == 25

    more_changes(changed, programme, 60)

    with django_assert_num_queries(11):
        response = client.get(HISTORY)
    page = html_of(response)
    assert len(entries(page)) == 25
    assert "Changes 1 to 25 of" in text(page)
    kinds = {title(e).split(" ")[0] for e in entries(page)}
    assert kinds == {"Risk", "Contribution", "Governance", "Sub-activity"}
    with django_assert_num_queries(10):  # contributions point to organisations only
        assert client.get(HISTORY + "?kind=contribution&page=3").status_code == 200


def test_a_contributions_change_names_its_donor_and_formats_its_amount(client_as, changed):
    contribution = m.Contribution.objects.get(donor__code="SDC")
    change_as(changed, contribution, note="Agreement signed", amount=Decimal("2333333.30"))

    newest = entries(html_of(client_as("pmu").get(HISTORY)))[0]

    assert title(newest) == "Contribution Swiss Development Cooperation (SDC)"
    assert fields(newest)["Amount"] == ("2,333,333.33", "2,333,333.30")
    assert fields(newest)["Note"][1] == "Agreement signed"


@pytest.mark.parametrize("persona", ["outsider", "focal_ma", "steering", "grantee"])
def test_the_history_is_refused_without_a_word_of_it_to_anyone_but_the_pmu(
    client_as, changed, persona
):
    response = client_as(persona).get(HISTORY)
    body = response.content.decode()

    assert response.status_code == 403
    for secret in ("Gestionnaire du programme", "Fournir des avis", "history__entry", "Monitored"):
        assert secret not in body


def test_every_translated_fields_label_is_in_the_catalogues():
    """A new translated field needs its label listed, or the history shows it in English."""
    from jmdi.core.i18n import Translated
    from jmdi.programmes.history import MODELS, TRANSLATED_FIELD_LABELS

    labels = {
        descriptor.verbose_name
        for model in MODELS.values()
        for descriptor in vars(model).values()
        if isinstance(descriptor, Translated)
    }
    assert labels <= set(TRANSLATED_FIELD_LABELS)
