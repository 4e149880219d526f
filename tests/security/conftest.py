import logging

import pytest


@pytest.fixture
def security_log(caplog):
    """Records of the `verdensmaal.security` logger (it does not propagate to the root logger,
    which is where caplog listens by default)."""
    logger = logging.getLogger("verdensmaal.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="verdensmaal.security")
    yield caplog
    logger.removeHandler(caplog.handler)
