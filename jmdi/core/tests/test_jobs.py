"""Background jobs: started through a service, run by the task backend (at once, in
tests), followed by the person who started them, downloaded by nobody else."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings

from jmdi.core.jobs import start_job
from jmdi.core.models import Job
from jmdi.core.tests.sample_tasks import break_down, count_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme_once_per_module")]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_tasks_are_django_tasks_run_by_huey():
    assert django_settings.TASKS["default"]["BACKEND"].startswith("huey.")


def test_a_job_runs_reports_progress_and_keeps_its_file(focal_ma):
    job = start_job(actor=focal_ma, kind="test.count", title="Counting", task=count_to, n=3)

    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert job.message == "Counted 3"
    assert job.started_at is not None
    assert job.finished_at >= job.started_at
    assert job.result_file.read() == b"1,2,3"


def test_a_failing_job_says_so_and_keeps_why(focal_ma):
    start_job(actor=focal_ma, kind="test.fail", title="Failing", task=break_down)

    job = Job.objects.get(kind="test.fail")
    assert job.status == Job.Status.FAILED
    assert "the figures do not add up" in job.error
    assert job.finished_at is not None


def test_the_person_who_started_it_follows_it_and_downloads_the_result(client_as, focal_ma):
    job = start_job(actor=focal_ma, kind="test.count", title="Counting", task=count_to, n=2)
    client = client_as("focal_ma")

    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Counting" in html
    assert "Done" in html
    assert 'hx-trigger="every 2s"' not in html  # finished: nothing left to poll
    assert 'http-equiv="refresh"' not in html

    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"1,2"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_running_job_is_polled_with_htmx_and_refreshes_without_it(client_as, focal_ma):
    job = Job.objects.create(kind="test.count", title="Counting", started_by=focal_ma)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=40, message="Half")
    client = client_as("focal_ma")

    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'http-equiv="refresh"' in html
    assert '<progress max="100" value="40"' in html

    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="job-status"')
    assert "<html" not in body
    assert "Half" in body
    assert "HX-Request" in partial["Vary"]
    assert "no-cache" in partial["Cache-Control"]


@pytest.mark.parametrize("persona", ["focal_sn", "member", "outsider", "grantee"])
def test_nobody_else_sees_or_downloads_it(client_as, focal_ma, persona):
    job = start_job(actor=focal_ma, kind="test.count", title="Secret count", task=count_to, n=1)
    client = client_as(persona)
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/download/"):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Secret count" not in response.content
    assert b"Secret count" not in client.get("/jobs/").content


def test_the_pmu_can_look_at_anyones_job_to_help(client_as, focal_ma):
    job = start_job(actor=focal_ma, kind="test.count", title="Counting", task=count_to, n=1)
    assert client_as("pmu").get(f"/jobs/{job.pk}/").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, focal_ma):
    job = start_job(actor=focal_ma, kind="test.count", title="Counting", task=count_to, n=1)
    response = client.get(f"/jobs/{job.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_my_jobs_are_listed_newest_first(client_as, focal_ma):
    start_job(actor=focal_ma, kind="test.count", title="First", task=count_to, n=1)
    start_job(actor=focal_ma, kind="test.count", title="Second", task=count_to, n=1)
    html = client_as("focal_ma").get("/jobs/").content.decode()
    assert html.index("Second") < html.index("First")
