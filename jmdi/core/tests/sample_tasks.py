"""Two tasks the job tests run (real tasks through the real backend, in immediate mode)."""

from __future__ import annotations

from django.tasks import task

from jmdi.core.jobs import running


@task
def count_to(job_id: str, n: int) -> int:
    with running(job_id) as job:
        for i in range(1, n + 1):
            job.step(i * 100 // (n + 1), f"Counted {i}")
        job.attach("count.txt", ",".join(str(i) for i in range(1, n + 1)).encode())
    return n


@task
def break_down(job_id: str) -> None:
    with running(job_id):
        raise ValueError("the figures do not add up")
