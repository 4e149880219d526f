"""Thin Celery wrappers: ids in, load inside the task, call the plain function in services."""

from celery import shared_task

from certification import services


@shared_task(name="certification.render_certificate")
def render_certificate_task(certification_id: int) -> None:
    services.render_certificate(certification_id)


@shared_task(name="certification.daily")
def daily_task() -> dict:
    return services.run_daily()
