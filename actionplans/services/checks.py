"""What every change of a plan checks first: who is asking, and whether the plan may change."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan
from libraries.permissions import active_membership


class EditConflict(Exception):
    """Someone else saved the object after the editor loaded it. `current` is the saved one."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


def lock_plan(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("library").get(pk=plan.pk)


def require_member(plan: ActionPlan, by):
    membership = active_membership(by, plan.library_id)
    if membership is None:
        raise PermissionDenied(_("Only the library's own staff can change its action plan."))
    return membership


def require_editable(plan: ActionPlan, by) -> None:
    require_member(plan, by)
    if not plan.is_editable:
        raise PermissionDenied(
            _("This plan is %(status)s and cannot be changed.")
            % {"status": plan.get_status_display().lower()}
        )
