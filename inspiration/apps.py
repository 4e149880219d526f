import datetime

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
        documents.register(
            catalogue.SELECTION_KIND,
            catalogue.build_selection,
            keyed=True,
            max_keys=200,  # about 200 x a few MB at most
            max_age=datetime.timedelta(days=7),
        )
