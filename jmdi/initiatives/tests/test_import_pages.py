"""The import pages: who may upload and read results, the inline and background paths,
the status page with and without htmx, the problems as CSV."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from jmdi.core import jobs
from jmdi.core.models import Job
from jmdi.directory.tests.factories import OrganisationFactory
from jmdi.initiatives import imports
from jmdi.initiatives.models import Initiative
from jmdi.initiatives.tests.import_files.builders import csv_bytes, good_rows, row, upload, xlsx

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("jmdi.initiatives.tests.import_files.urls"),
    pytest.mark.usefixtures("programme_once_per_module"),
]

PERSONAS = [
    "anonymous",
    "outsider",
    "member",
    "training_staff",
    "grantee",
    "reviewer_ma",
    "focal_ma",
    "focal_sn",
    "steering",
    "technical",
    "pmu",
]


def url(name: str, *args) -> str:
    return reverse(f"initiatives:{name}", args=["jmdi-2", *args])


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def post_file(client, content: bytes, name: str):
    return client.post(url("import-start"), {"file": upload(content, name)})


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_pmu_opens_the_upload_page_and_template(persona, client_as, programme):
    client = client_as(persona)
    for name in ("import-start", "import-template"):
        response = client.get(url(name))
        if persona == "pmu":
            assert response.status_code == 200
        elif persona == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 403
            assert b"Download the template" not in response.content


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "pmu"])
def test_anyone_but_the_pmu_posting_a_file_is_refused_and_nothing_changes(
    persona, client_as, programme
):
    OrganisationFactory(country__code="MA", name="Commune d'Oujda")
    client = client_as(persona)
    before = counts()
    response = post_file(client, xlsx(good_rows(3)), "mapping.xlsx")
    assert response.status_code in (302, 403)
    if persona != "anonymous":
        assert response.status_code == 403
    assert counts() == before
    assert not Initiative.objects.exists()


def test_a_small_good_file_is_imported_at_once_and_the_summary_shown(client_as, programme):
    client = client_as("pmu")
    response = post_file(client, xlsx(good_rows(3)), "mapping.xlsx")
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == url("import-status", job.pk)
    assert job.status == Job.Status.SUCCEEDED
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "The file was imported." in text
    assert "Initiatives created</dt><dd>3</dd>" in text
    assert Initiative.objects.count() == 3
    # The same file again: nothing new, three unchanged.
    again = client.get(post_file(client, xlsx(good_rows(3)), "mapping.xlsx")["Location"])
    assert "Initiatives unchanged</dt><dd>3</dd>" in again.content.decode()
    assert Initiative.objects.count() == 3


def test_a_bad_csv_lists_every_problem_and_offers_them_as_csv(client_as, programme):
    client = client_as("pmu")
    rows = [
        row(),
        row(Reference="MA-002", Budget="-1"),
        row(Reference="MA-003", Start="31/04/2017"),
    ]
    before = counts()
    response = post_file(client, csv_bytes(rows), "mapping.csv")
    job = Job.objects.get()
    after = counts()
    assert {k: v for k, v in after.items() if k != "core.Job"} == {
        k: v for k, v in before.items() if k != "core.Job"
    }
    text = client.get(response["Location"]).content.decode()
    assert "Nothing was imported" in text
    assert "<td>3</td><td>Budget</td>" in text
    assert "<td>4</td><td>Start</td><td>Not a date: April has 30 days" in text
    download = client.get(url("import-errors", job.pk))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    body = download.content.decode("utf-8-sig")
    assert "Row,Column,Problem" in body
    assert "4,Start,Not a date: April has 30 days" in body


def test_a_file_that_is_not_what_it_says_is_refused_on_the_form(client_as, programme):
    client = client_as("pmu")
    response = post_file(client, b"plain text", "mapping.xlsx")
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()
    assert not Job.objects.exists()


def test_a_large_file_runs_as_a_job_with_progress(client_as, programme, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_ROWS", 5)
    steps: list[tuple[int, str]] = []
    original = jobs.Progress.step

    def spy(self, percent, message):
        steps.append((percent, str(message)))
        original(self, percent, message)

    monkeypatch.setattr(jobs.Progress, "step", spy)
    queued = []
    real_start = jobs.start_job

    def start_job(**kwargs):
        queued.append(kwargs["task"])
        return real_start(**kwargs)

    monkeypatch.setattr(jobs, "start_job", start_job)
    client = client_as("pmu")
    rows = [row(Reference=f"MA-{n:03d}", Title=f"Initiative {n}") for n in range(12)]
    response = post_file(client, xlsx(rows), "mapping.xlsx")
    assert queued == [imports.run_import]  # through the queue, not inline
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress == 100
    assert [message for _percent, message in steps] == [
        "Reading the file",
        "Writing 12 initiatives",
    ]
    assert Initiative.objects.count() == 12
    assert (
        "Initiatives created</dt><dd>12</dd>" in client.get(response["Location"]).content.decode()
    )


def test_the_status_page_polls_while_the_job_runs(client_as, pmu, programme):
    job = Job.objects.create(kind=imports.JOB_KIND, title="Import of mapping.xlsx", started_by=pmu)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, progress=40, message="Checking")
    client = client_as("pmu")
    page = client.get(url("import-status", job.pk)).content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'hx-trigger="every 2s"' in page
    assert '<progress max="100" value="40"' in page
    partial = client.get(url("import-status", job.pk), headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="import-status"')
    assert "<html" not in body


@pytest.mark.parametrize("persona", ["focal_ma", "steering", "outsider"])
def test_another_person_s_import_is_not_shown(persona, client_as, pmu, programme):
    client = client_as("pmu")
    post_file(client, xlsx([row(Title="Secret title")]), "mapping.xlsx")
    job = Job.objects.get()
    client.logout()
    other = client_as(persona)
    for name in ("import-status", "import-errors"):
        response = other.get(url(name, job.pk))
        assert response.status_code == 403
        assert b"Secret" not in response.content


def test_another_pmu_officer_does_not_see_the_job(client_as, pmu, programme):
    from jmdi.accounts.services import assign_role, create_person

    client = client_as("pmu")
    post_file(client, xlsx([row(Title="Secret title")]), "mapping.xlsx")
    job = Job.objects.get()
    colleague = create_person(
        actor=None,
        email="pmu2@example.org",
        full_name="Second",
        password="x-y-z-w-1234",
        verified=True,
    )
    assign_role(actor=None, user=colleague, role="pmu_officer", country=None, organisation=None)
    client.force_login(colleague)
    assert client.get(url("import-status", job.pk)).status_code == 404
    assert client.get(url("import-errors", job.pk)).status_code == 404


def test_the_template_download_is_a_workbook_with_the_headers(client_as, programme):
    response = client_as("pmu").get(url("import-template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header, example = list(sheet.iter_rows(values_only=True))[:2]
    assert header[:3] == ("Reference", "Title", "Summary")
    assert example[0] == "MA-017"


def test_a_failure_while_writing_fails_the_job_changes_nothing_and_keeps_no_upload(
    client_as, programme, monkeypatch
):
    from django.core.files.storage import default_storage

    def broken(**kwargs):
        Initiative.objects.create(
            programme=programme,
            reference="HALF",
            title="Half written",
            lead_authority=OrganisationFactory(country__code="MA"),
            country_id=OrganisationFactory(country__code="MA").country_id,
        )
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports, "_write", broken)
    client = client_as("pmu")
    response = post_file(client, xlsx(good_rows(2)), "mapping.xlsx")
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "the database went away" in job.error
    assert not Initiative.objects.exists()  # the half-written row was rolled back
    assert default_storage.listdir("imports/uploads")[1] == []
    page = client.get(response["Location"]).content.decode()
    assert "This work could not be finished. Nothing was changed." in page
