"""The Celery app as a worker for tests/core/test_worker_recovery.py.

It is the project's app with two test settings from the environment: the keys where Redis
keeps unacknowledged tasks are the test's own (so this worker's restore sweep never hands out
another test's tasks), and with STUCK_RENDER_DIR set the catalogue render stops in the middle,
after reading the data, until the worker is killed.
"""

import os
import time
from pathlib import Path

import django

django.setup()

from config.celery import app  # noqa: E402
from core import documents  # noqa: E402

_prefix = os.environ["TEST_UNACKED_PREFIX"]
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_key": f"{_prefix}:unacked",
    "unacked_index_key": f"{_prefix}:unacked_index",
    "unacked_mutex_key": f"{_prefix}:unacked_mutex",
    "unacked_mutex_expire": 5,
}

_stuck_dir = os.environ.get("STUCK_RENDER_DIR")
if _stuck_dir:
    _build = documents.builder("catalogue")

    def _stuck_build():
        _build()  # the data is read...
        Path(_stuck_dir, f"render-started-{os.getpid()}").touch()
        while True:  # ...and the test kills this worker here, in the middle of the render
            time.sleep(0.1)

    documents.register("catalogue", _stuck_build)
