from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Action plans")

    def ready(self):
        from actionplans import tasks
        from actionplans.models import PlanVersion
        from core import renders

        # Every submitted version has its PDF; the worker renders what is missing.
        renders.register(
            renders.ObjectRender(
                kind="plan-version-pdf",
                missing=lambda: PlanVersion.objects.filter(pdf=""),
                waiting_since="submitted_at",
                queue=lambda pk: tasks.render_plan_version_pdf.delay(pk),
            )
        )
