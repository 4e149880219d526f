"""Thin Celery wrappers: ids in, the work is done by plain functions in services."""

from celery import shared_task

from actionplans import services


@shared_task(name="actionplans.render_plan_version_pdf")
def render_plan_version_pdf(version_id: int) -> None:
    services.store_version_pdf(version_id=version_id)
