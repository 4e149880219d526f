"""Who may do what with examples. Used by views, templates and tests alike."""

import rules

from libraries.models import Membership
from libraries.permissions import is_coordinator


def member_library_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_active_library_ids"):
        user._active_library_ids = set(
            Membership.objects.active().filter(user=user).values_list("library_id", flat=True)
        )
    return user._active_library_ids


@rules.predicate
def is_example_author_side(user, example):
    """The example's own side: staff of its library, or coordinators for the programme's own."""
    if not user.is_authenticated or example is None:
        return False
    if example.library_id is None:
        return user.is_coordinator
    return example.library_id in member_library_ids(user)


can_edit_example = is_example_author_side
can_see_example = is_example_author_side | is_coordinator

rules.add_perm("inspiration.see_example", can_see_example)
rules.add_perm("inspiration.edit_example", can_edit_example)
rules.add_perm("inspiration.moderate_examples", is_coordinator)
