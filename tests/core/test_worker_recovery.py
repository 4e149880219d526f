"""A worker killed (SIGKILL) in the middle of a render loses nothing: with no user action, the
task comes back from Redis after the broker's visibility timeout and another worker finishes
it. Real worker processes on Redis (TEST_REDIS_URL), a queue and unacked keys of their own."""

import os
import re
import time
import uuid

import pytest
from django.db import connection, transaction

from config.celery import app as celery_app
from core import documents
from core.models import PublishedDocument
from tests import factories
from tests.conftest import _forget_celery_connections
from tests.processes import PYTHON, child_environ, children, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

VISIBILITY_TIMEOUT = 6  # seconds; production: 600 (CELERY_VISIBILITY_TIMEOUT)
RECOVERY_BOUND = 60  # seconds from the kill to a current document


@pytest.fixture
def redis_queue(settings, monkeypatch):
    """The test process sends its tasks to a fresh queue on Redis."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not answering at {url}; start it (see README) to run worker tests")
    queue = f"test-recovery-{uuid.uuid4().hex}"
    previous = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue")
    }
    celery_app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    for cached in ("default_queue", "queues", "router"):
        celery_app.amqp.__dict__.pop(cached, None)
    settings.CELERY_BROKER_URL = url
    # Celery prefers the CELERY_BROKER_URL environment variable (CI sets one) to its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    _forget_celery_connections()
    yield url, queue
    celery_app.conf.update(previous)
    for cached in ("default_queue", "queues", "router"):
        celery_app.amqp.__dict__.pop(cached, None)
    _forget_celery_connections()
    client.delete(queue, f"{queue}:unacked", f"{queue}:unacked_index", f"{queue}:unacked_mutex")


def test_a_render_killed_with_its_worker_is_finished_by_another_worker(
    redis_queue, library, settings, tmp_path, monkeypatch
):
    url, queue = redis_queue
    monkeypatch.setattr(documents, "RENDER_DELAY_SECONDS", 0)
    for title in ("Repair café", "Klimacafé for unge"):
        factories.ExampleFactory(library=library, title=title)
    stuck_dir = tmp_path / "stuck"
    stuck_dir.mkdir()
    env = child_environ(
        connection,
        CELERY_BROKER_URL=url,
        CELERY_QUEUE=queue,
        CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT,
        CELERY_TASK_TIME_LIMIT=VISIBILITY_TIMEOUT - 1,
        CELERY_TASK_SOFT_TIME_LIMIT=VISIBILITY_TIMEOUT - 2,
        CELERY_UNACKED_RESTORE_SECONDS=1,
        DJANGO_STATIC_MANIFEST="false",  # static files straight from the app folders
        TEST_UNACKED_PREFIX=queue,
        MEDIA_ROOT=settings.MEDIA_ROOT,
        PRIVATE_MEDIA_ROOT=settings.PRIVATE_MEDIA_ROOT,
    )
    worker = [
        PYTHON, "-m", "celery", "-A", "tests.core.stuck_worker", "worker", "--pool=solo",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
        "-Q", queue,
    ]  # fmt: skip
    with children() as start:
        first = start(worker, env={**env, "STUCK_RENDER_DIR": stuck_dir}, log=tmp_path / "a.log")
        with transaction.atomic():
            documents.request_render("catalogue")  # an approval's commit queues the render
        wait_for(
            lambda: any(stuck_dir.iterdir()),
            timeout=60,
            what=lambda: f"the first worker to start rendering:\n{first.output()}",
        )
        first.kill()  # SIGKILL, in the middle of the render
        killed_at = time.monotonic()
        assert not PublishedDocument.objects.exists()
        assert not documents.is_current("catalogue")

        second = start(worker, env=env, log=tmp_path / "b.log")
        wait_for(
            lambda: documents.is_current("catalogue"),
            timeout=RECOVERY_BOUND,
            interval=0.25,
            what=lambda: f"the second worker to finish the render:\n{second.output()}",
        )
        recovered_after = time.monotonic() - killed_at
        # The same task, handed out again by Redis: no one queued a new one.
        (task_id,) = re.findall(r"render_document\[([0-9a-f-]+)\] received", first.output())
        assert f"render_document[{task_id}] succeeded" in second.output()
    document = documents.latest_done("catalogue")
    assert document.item_count == 2
    print(f"document current again {recovered_after:.1f} s after the kill")
