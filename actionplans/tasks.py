"""Thin Celery wrappers: ids in, the work is done by plain functions in services."""

from celery import shared_task


@shared_task(name="actionplans.render_plan_version_pdf")
def render_plan_version_pdf(version_id: int) -> None:
    from actionplans.services import store_version_pdf

    store_version_pdf(version_id=version_id)
