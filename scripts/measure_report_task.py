"""Time a report's rendering task and report its peak memory (not a test).

    .venv/bin/python scripts/measure_report_task.py [PERIOD] [LANGUAGE]

Runs the rendering service as the worker does, in this fresh process, against the
database the settings point at (DATABASE_URL), on a draft it creates (and leaves); prints
the wall time and the process's peak resident memory, which includes Django and the
rendering libraries loaded for the task.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from jmdi.accounts.models import RoleAssignment  # noqa: E402
from jmdi.programmes.models import Programme  # noqa: E402
from jmdi.reporting import services  # noqa: E402

period = sys.argv[1] if len(sys.argv) > 1 else "2014-Q3"
language = sys.argv[2] if len(sys.argv) > 2 else "en"
officer = RoleAssignment.objects.filter(role="pmu_officer", revoked_at__isnull=True).first()
if officer is None:
    sys.exit("Load the demo data first (manage.py loaddemo).")
report = services.request_report(
    actor=officer.user,
    programme=Programme.objects.get(code=os.environ.get("JMDI_DEFAULT_PROGRAMME", "jmdi-2")),
    kind="quarterly",
    period_code=period,
    language=language,
    in_background=False,
)
start = time.perf_counter()
report = services.render_files(report_id=report.pk, step=lambda percent, message: None)
elapsed = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
sizes = ", ".join(f"{fmt} {report.file(fmt).size / 1024:.0f} KB" for fmt in ("pdf", "docx", "xlsx"))
print(
    f"report {period} {language}: rendered in {elapsed:.2f} s; peak memory {peak_mb:.0f} MB; {sizes}"
)
