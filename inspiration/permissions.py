"""Who may do what with examples, and the access-checked getters of their pages.

An example's own side is the staff of its library (coordinators for the programme's own
examples); coordinators see every example and moderate, except a library's examples where they
have a conflict of interest (libraries.permissions.has_conflict_of_interest).
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from actionplans.models import Initiative
from inspiration.models import Example, ExampleImage
from libraries.permissions import has_conflict_of_interest, is_coordinator, member_library_ids


@rules.predicate
def is_example_author_side(user, example) -> bool:
    """The example's own side: staff of its library, or coordinators for the programme's own."""
    if not user.is_authenticated or example is None:
        return False
    if example.library_id is None:
        return user.is_coordinator
    return example.library_id in member_library_ids(user)


can_edit_example = is_example_author_side
can_see_example = is_example_author_side | is_coordinator
can_moderate_examples = is_coordinator

rules.add_perm("inspiration.see_example", can_see_example)
rules.add_perm("inspiration.edit_example", can_edit_example)
rules.add_perm("inspiration.moderate_examples", can_moderate_examples)


def check_may_moderate(*, example: Example, by) -> None:
    """Coordinators moderate, but not the examples of a library they have a conflict in."""
    if not can_moderate_examples(by):
        raise PermissionDenied
    if has_conflict_of_interest(by, example.library_id):
        raise PermissionDenied(
            _(
                "You are or were recently a member of this example's library; ask another "
                "coordinator to decide."
            )
        )


# --- Access-checked getters -----------------------------------------------------------------


def get_example_for_user(request, slug: str, *, edit: bool = False) -> Example:
    """An example's own pages: its library's staff (and coordinators, read-only) see it,
    others get 404; `edit` needs the library's staff (coordinators: the programme's own) → 403."""
    example = get_object_or_404(
        Example.objects.select_related("library__municipality", "revision_of"), slug=slug
    )
    if not can_see_example(request.user, example):
        raise Http404
    if edit and not can_edit_example(request.user, example):
        raise PermissionDenied
    return example


def get_example_image_for_user(request, slug: str, image_uuid) -> tuple[ExampleImage, bool]:
    """An example's image and whether it is public. Anyone may see the images of a published
    example; those of any other (a draft, a submitted or rejected one, a revision) only its own
    side and coordinators, like the example's own pages; everyone else gets 404. Taking an
    example back therefore stops its images being served."""
    image = get_object_or_404(
        ExampleImage.objects.select_related("example"), uuid=image_uuid, example__slug=slug
    )
    example = image.example
    public = example.status == Example.Status.APPROVED and example.revision_of_id is None
    if not public and not can_see_example(request.user, example):
        raise Http404
    return image, public


def get_example_for_moderation(request, slug: str) -> Example:
    """Moderation pages: coordinators only; everyone else gets 404."""
    if not can_moderate_examples(request.user):
        raise Http404
    return get_object_or_404(
        Example.objects.select_related("library__municipality", "revision_of", "created_by"),
        slug=slug,
    )


def get_initiative_to_share(request, uuid) -> Initiative:
    """An initiative to share as an example: its library's staff only; everyone else gets 404."""
    initiative = get_object_or_404(
        Initiative.objects.select_related("plan__library__municipality"), uuid=uuid
    )
    if initiative.plan.library_id not in member_library_ids(request.user):
        raise Http404
    return initiative
