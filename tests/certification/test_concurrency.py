"""Two coordinators deciding on the same version at the same moment: exactly one wins.

Not marked django_db: `reference_data` must come before `transactional_db`, so that its
teardown reloads the reference data after the flush.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from actionplans.models import ActionPlan, Decision
from certification import services
from certification.models import Certification
from tests import factories
from tests.certification.conftest import make_submitted_plan


def test_of_two_coordinators_deciding_at_once_exactly_one_wins(
    reference_data, transactional_db, library, lead
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises whole transactions)")
    version = make_submitted_plan(library, by=lead)
    first, second = factories.CoordinatorFactory(), factories.CoordinatorFactory()
    barrier = threading.Barrier(2)
    results = {}

    def decide(user, decision):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            services.decide_plan_version(
                version=version, decision=decision, by=user, comment="Samtidig"
            )
            results[user.pk] = "won"
        except ValidationError as error:
            results[user.pk] = error.messages[0]
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=decide, args=(first, Decision.APPROVED)),
        threading.Thread(target=decide, args=(second, Decision.REJECTED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values(), key=lambda v: v != "won")[0] == "won"
    assert list(results.values()).count("won") == 1
    loser = next(value for value in results.values() if value != "won")
    version.refresh_from_db()
    assert version.decided_by.name in loser
    plan = ActionPlan.objects.get(pk=version.plan_id)
    expected = (
        ActionPlan.Status.APPROVED
        if version.decision == Decision.APPROVED
        else ActionPlan.Status.REJECTED
    )
    assert plan.status == expected
    assert Certification.objects.filter(library=library).count() == (
        1 if version.decision == Decision.APPROVED else 0
    )
