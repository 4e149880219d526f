from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from certification import permissions  # noqa: F401 - registers the rules
        from certification.selectors import PROVIDERS
        from core import review_queue

        for provider in PROVIDERS:
            review_queue.register(provider)
