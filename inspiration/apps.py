from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspirationConfig(AppConfig):
    name = "inspiration"
    verbose_name = _("Inspiration catalogue")

    def ready(self):
        from core import documents, review_queue
        from inspiration import (
            catalogue,
            moderation,
            privacy,  # noqa: F401  (registers its personal-data provider)
        )

        review_queue.register(moderation.queue_provider())
        documents.register("catalogue", catalogue.build)
