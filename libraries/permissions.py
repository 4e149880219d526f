"""Who may do what with a library. Used by views, templates and tests alike."""

import rules

from libraries.models import Membership


@rules.predicate
def is_coordinator(user):
    return user.is_authenticated and user.is_coordinator


@rules.predicate
def is_member(user, library):
    if not user.is_authenticated or library is None:
        return False
    return Membership.objects.active().filter(user=user, library=library).exists()


@rules.predicate
def is_lead(user, library):
    if not user.is_authenticated or library is None:
        return False
    return Membership.objects.leads().filter(user=user, library=library).exists()


can_see_library_admin = is_member | is_coordinator
can_manage_library = is_lead | is_coordinator

rules.add_perm("libraries.see_members", can_see_library_admin)
rules.add_perm("libraries.manage_members", can_manage_library)
rules.add_perm("libraries.change_profile", can_manage_library)
