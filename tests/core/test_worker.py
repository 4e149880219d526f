import pytest

from config.celery import app


@app.task(name="tests.add")
def add(x, y):
    return x + y


@pytest.mark.worker
def test_a_real_worker_on_redis_runs_a_task(celery_worker_on_redis):
    assert add.delay(2, 3).get(timeout=20) == 5
