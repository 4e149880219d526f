"""Thin Celery wrappers: ids in, load inside the task, call the plain function in services."""

from celery import shared_task

from themes import services


@shared_task(name="themes.send_message")
def send_theme_message_task(message_id: int) -> int:
    return services.deliver_message(message_id)


@shared_task(name="themes.send_report_reminders")
def send_report_reminders_task(theme_id: int) -> int:
    return services.send_report_reminders(theme_id)
