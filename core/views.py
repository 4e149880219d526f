from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_answers() -> bool:
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


def _renders_waiting() -> dict | None:
    from core import renders

    try:
        waiting = renders.waiting()
    except Exception:
        return None
    return {"waiting": waiting.count, "oldest_waiting_seconds": waiting.oldest_seconds}


@require_GET
@never_cache
def healthz(request):
    """200 when the database (and the broker, where configured) answer, 503 otherwise.

    `renders` says how many PDF renders are due and not done, and how long the oldest has
    waited: a number that keeps growing means no worker is taking them (monitor it).
    """
    checks = {"database": _database_answers()}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker_answers()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    if checks["database"]:
        body["renders"] = _renders_waiting()
    return JsonResponse(body, status=200 if healthy else 503)
