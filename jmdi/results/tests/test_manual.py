"""Manual values: who may enter and review them, what is refused (each refusal names its
field and changes nothing), and the reason of a returned value kept in its history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from jmdi.programmes.models import Indicator
from jmdi.results import services
from jmdi.results.models import ManualValue

pytestmark = pytest.mark.django_db
LINK = "https://example.org/minutes.pdf"


def indicator(programme, code):
    return Indicator.objects.get(output__programme=programme, code=code)


def refused(field, **arguments):
    before = ManualValue.objects.count()
    with pytest.raises(ValidationError) as error:
        services.save_value(**arguments)
    assert set(error.value.message_dict) == {field}, error.value.message_dict
    assert ManualValue.objects.count() == before
    return error.value.message_dict[field][0]


def test_a_value_without_evidence_is_refused_naming_the_field(programme, focal_ma):
    message = refused(
        "evidence_file",
        actor=focal_ma,
        indicator=indicator(programme, "2.I3"),
        country="MA",
        period="2014-Q2",
        value=2,
    )
    assert "upload a file or give a link" in message


@pytest.mark.parametrize(
    ("code", "value", "fragment"),
    [
        ("2.I3", -1, "negative"),
        ("1.I7", 2, "1 for yes or 0 for no"),
        ("2.I3", "many", "Enter a number"),
    ],
)
def test_a_value_outside_its_range_is_refused(programme, focal_ma, code, value, fragment):
    message = refused(
        "value",
        actor=focal_ma,
        indicator=indicator(programme, code),
        country="MA",
        period="2014-Q2",
        value=value,
        evidence_link=LINK,
    )
    assert fragment in message


def test_a_percentage_over_100_is_refused(programme, pmu):
    percent = indicator(programme, "2.I5")
    percent.unit = Indicator.Unit.PERCENTAGE
    percent.save()
    assert "between 0 and 100" in refused(
        "value",
        actor=pmu,
        indicator=percent,
        country="MA",
        period="2014-Q2",
        value="100.5",
        evidence_link=LINK,
    )


def test_a_focal_point_cannot_enter_another_countrys_value(programme, focal_sn):
    assert "your own country" in refused(
        "country",
        actor=focal_sn,
        indicator=indicator(programme, "2.I3"),
        country="MA",
        period="2014-Q2",
        value=1,
        evidence_link=LINK,
    )


def test_a_period_outside_the_programme_is_refused(programme, focal_ma):
    for period in ("2018-Q1", "2012-Q3", "S3"):
        assert "not a quarter of the programme" in refused(
            "period",
            actor=focal_ma,
            indicator=indicator(programme, "2.I3"),
            country="MA",
            period=period,
            value=1,
            evidence_link=LINK,
        )


def test_an_indicator_not_marked_manual_is_refused(programme, pmu):
    assert "computed from records" in refused(
        "indicator",
        actor=pmu,
        indicator=indicator(programme, "2.I1"),
        country="MA",
        period="2014-Q2",
        value=1,
        evidence_link=LINK,
    )


def test_an_evidence_file_of_the_wrong_type_or_too_large_is_refused(programme, focal_ma):
    base = {
        "actor": focal_ma,
        "indicator": indicator(programme, "2.I3"),
        "country": "MA",
        "period": "2014-Q2",
        "value": 1,
    }
    assert "one of these types" in refused(
        "evidence_file", evidence_file=SimpleUploadedFile("run.exe", b"MZ"), **base
    )
    big = SimpleUploadedFile("list.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    assert "larger than 10 MB" in refused("evidence_file", evidence_file=big, **base)


def test_non_members_cannot_enter_values(programme, grantee, member):
    for user in (grantee, member):
        with pytest.raises(PermissionDenied):
            services.save_value(
                actor=user,
                indicator=indicator(programme, "2.I3"),
                country="MA",
                period="2014-Q2",
                value=1,
                evidence_link=LINK,
            )


def test_returned_with_a_reason_kept_in_history_then_resubmitted_and_approved(
    programme, focal_ma, pmu, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    value = services.save_value(
        actor=focal_ma,
        indicator=indicator(programme, "2.I3"),
        country="MA",
        period="2014-Q2",
        value=3,
        evidence_file=SimpleUploadedFile("plans.pdf", b"%PDF-1.4"),
        submit=True,
    )
    assert value.status == ManualValue.Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.approve_value(actor=focal_ma, value=value)
    with pytest.raises(ValidationError) as error:
        services.return_value(actor=pmu, value=value, reason=" ")
    assert set(error.value.message_dict) == {"return_reason"}
    services.return_value(actor=pmu, value=value, reason="Only two plans are signed.")
    corrected = services.save_value(
        actor=focal_ma,
        indicator=value.indicator,
        country="MA",
        period="2014-Q2",
        value=2,
        submit=True,
    )
    assert corrected.pk == value.pk
    assert corrected.evidence_file  # the file is kept
    approved = services.approve_value(actor=pmu, value=corrected)
    assert approved.value == Decimal(2)
    history = list(approved.history.order_by("history_date").values_list("status", "return_reason"))
    assert ("returned", "Only two plans are signed.") in history
    assert history[-1][0] == "approved"
    with pytest.raises(ValidationError) as error:
        services.save_value(
            actor=pmu, indicator=value.indicator, country="MA", period="2014-Q2", value=9
        )
    assert set(error.value.message_dict) == {"status"}
