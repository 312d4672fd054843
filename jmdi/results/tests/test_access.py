"""Who may open which results page and take which action: a role-by-page matrix in the
shape of the core one (see jmdi/core/tests/test_access_matrix.py).

The dashboard's aggregate figures are public; the records behind a figure and the
evidence of a value are for the PMU, the committees, and a focal point or reviewer of
the country (another country's answer 404: their existence is that country's).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jmdi.core.tests.test_access_matrix import ADMIN, GONE, LOGIN, NO, OK, _assert_outcome

pytestmark = pytest.mark.usefixtures("programme_once_per_module")

COLUMNS = (
    "anonymous", "outsider", "member", "training_staff", "grantee",
    "reviewer_ma", "focal_ma", "focal_sn", "steering", "technical", "pmu",
)  # fmt: skip
P = "/programmes/jmdi-2"
D = f"{P}/dashboard"
MOVED = "302 back to the queue"

# fmt: off
_TABLE: dict[str, tuple[object, ...]] = {
    #                                               anonym outsid member traini grante rev_ma foc_ma foc_sn steeri techni pmu
    f"{D}/":                                        (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{D}/?country=MA&period=2014":                 (OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK,    OK),
    f"{D}/2.I1/?country=MA&period=2014":            (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    GONE,  OK,    OK,    OK),
    f"{D}/2.I1/?country=SN&period=2014":            (LOGIN, NO,    NO,    NO,    NO,    GONE,  GONE,  OK,    OK,    OK,    OK),
    f"{D}/2.I1/?period=2014":                       (LOGIN, NO,    NO,    NO,    NO,    GONE,  GONE,  GONE,  OK,    OK,    OK),
    f"{D}/2.I3/?country=MA&period=2014":            (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    GONE,  OK,    OK,    OK),
    f"{D}/9.I9/?country=MA":                        (GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE,  GONE),
    f"{P}/values/":                                 (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    OK,    NO,    NO,    OK),
    f"{P}/values/enter/?indicator=2.I3&country=MA&period=2015-Q1":
                                                    (LOGIN, NO,    NO,    NO,    NO,    NO,    OK,    GONE,  NO,    NO,    OK),
    f"{P}/values/review/":                          (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    OK),
    "evidence of an approved MA value":             (LOGIN, NO,    NO,    NO,    NO,    OK,    OK,    GONE,  OK,    OK,    OK),
}
_ACTIONS: dict[str, tuple[object, ...]] = {
    "approve the submitted MA value":               (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    MOVED),
    "return the submitted MA value":                (LOGIN, NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    NO,    MOVED),
    "enter an MA value":                            (LOGIN, NO,    NO,    NO,    NO,    NO,    MOVED, GONE,  NO,    NO,    MOVED),
}
# fmt: on
ACCESS = {page: dict(zip(COLUMNS, row, strict=True)) for page, row in _TABLE.items()}
ACTIONS = {page: dict(zip(COLUMNS, row, strict=True)) for page, row in _ACTIONS.items()}
assert ADMIN  # the same vocabulary as the core table


@pytest.fixture
def results_data(programme, settings, tmp_path):
    from jmdi.programmes.models import Indicator
    from jmdi.results import services
    from jmdi.results.models import ManualValue

    settings.MEDIA_ROOT = tmp_path
    for country, subject in (("MA", "Amina Participant"), ("SN", "Moussa Participant")):
        services.record_fact(
            programme=programme,
            country=country,
            day=date(2014, 3, 3),
            kind="attendance",
            subject=subject,
        )
    plans = Indicator.objects.get(output__programme=programme, code="2.I3")
    approved = ManualValue.objects.create(
        indicator=plans,
        country="MA",
        period="2014-Q1",
        value=2,
        status="approved",
        evidence_file=SimpleUploadedFile("plans.pdf", b"%PDF-1.4 Moroccan plans"),
    )
    submitted = ManualValue.objects.create(
        indicator=plans,
        country="MA",
        period="2014-Q2",
        value=1,
        status="submitted",
        evidence_link="https://example.org/ma",
    )
    return approved, submitted


def _page_url(page, data):
    approved, _submitted = data
    if page == "evidence of an approved MA value":
        return f"{P}/values/{approved.pk}/evidence/"
    return page


CASES = [(page, persona) for page in ACCESS for persona in COLUMNS]


@pytest.mark.parametrize(
    ("page", "persona"), CASES, ids=[f"{page} as {persona}" for page, persona in CASES]
)
def test_access(client_as, results_data, page, persona):
    url = _page_url(page, results_data)
    response = client_as(persona).get(url)
    _assert_outcome(response, ACCESS[page][persona], url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        # A refused page holds none of the refused data.
        for secret in (b"Amina Participant", b"Moussa Participant", b"Moroccan plans"):
            assert secret not in body


ACTION_CASES = [(action, persona) for action in ACTIONS for persona in COLUMNS]


@pytest.mark.parametrize(
    ("action", "persona"), ACTION_CASES, ids=[f"{a} as {p}" for a, p in ACTION_CASES]
)
def test_actions(client_as, results_data, action, persona):
    from jmdi.results.models import ManualValue

    _approved, submitted = results_data
    if action.startswith("approve"):
        url, form = f"{P}/values/{submitted.pk}/approve/", {}
    elif action.startswith("return"):
        url, form = f"{P}/values/{submitted.pk}/return/", {"reason": "Check the count."}
    else:
        url = f"{P}/values/enter/"
        form = {
            "indicator": "2.I3",
            "country": "MA",
            "period": "2015-Q1",
            "value": "3",
            "evidence_link": "https://example.org/e",
            "submit": "1",
        }
    before = list(ManualValue.objects.order_by("pk").values_list("status", "value"))
    response = client_as(persona).post(url, form)
    expected = ACTIONS[action][persona]
    if expected == MOVED:
        assert response.status_code == 302, response.status_code
        assert list(ManualValue.objects.order_by("pk").values_list("status", "value")) != before
    else:
        _assert_outcome(response, expected, url)
        assert list(ManualValue.objects.order_by("pk").values_list("status", "value")) == before


def test_the_drilldown_lists_only_the_records_of_the_cell(client_as, results_data):
    html = client_as("focal_ma").get(f"{D}/2.I1/?country=MA&period=2014").content.decode()
    assert "Amina Participant" in html
    assert "Moussa Participant" not in html


def test_the_public_dashboard_shows_figures_but_no_person(client_as, results_data):
    html = client_as("anonymous").get(f"{D}/?period=2014").content.decode()
    assert "Amina Participant" not in html
    assert "Computed once training and coaching are recorded." in html


def test_a_focal_point_lands_on_their_country(client_as, results_data):
    html = client_as("focal_sn").get(f"{D}/").content.decode()
    assert '<option value="SN" selected>' in html
