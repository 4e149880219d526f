from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from certification import (
            permissions,  # noqa: F401 - registers the rules
            privacy,  # noqa: F401 - registers its personal-data provider
        )
        from certification.selectors import PROVIDERS
        from core import review_queue

        for provider in PROVIDERS:
            review_queue.register(provider)

        from certification.models import Certification
        from certification.tasks import render_certificate_task
        from core import renders

        # A valid certification has its certificate; the worker renders what is missing.
        renders.register(
            renders.ObjectRender(
                kind="certificate",
                missing=lambda: Certification.objects.filter(
                    status=Certification.Status.ACTIVE, pdf=""
                ),
                waiting_since="created_at",
                queue=lambda pk: render_certificate_task.delay(pk),
            )
        )
