from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Themes")

    def ready(self):
        from core import documents
        from themes import (
            impact,
            privacy,  # noqa: F401  (registers its personal-data provider)
            services,
        )

        documents.register(services.IMPACT_REPORT, impact.build, keyed=True)
