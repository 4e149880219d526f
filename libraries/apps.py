from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibrariesConfig(AppConfig):
    name = "libraries"
    verbose_name = _("Libraries")

    def ready(self):
        from libraries import (
            permissions,  # noqa: F401  (registers the rules permissions)
            privacy,  # noqa: F401  (registers its personal-data provider)
        )
