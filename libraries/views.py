from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from libraries import services
from libraries.forms import JoinRequestForm, LibraryProfileForm, LibrarySearchForm
from libraries.models import Library, Membership
from libraries.permissions import get_library_for_user


@login_required
def join(request):
    search = LibrarySearchForm(request.GET or None)
    libraries = Library.objects.select_related("municipality").order_by("municipality__name")
    if search.is_valid():
        libraries = libraries.search(search.cleaned_data["q"])
    open_requests = dict(
        Membership.objects.open().for_user(request.user).values_list("library_id", "status")
    )
    rows = [(library, open_requests.get(library.pk)) for library in libraries]
    return render(request, "libraries/join.html", {"search": search, "rows": rows})


@login_required
def join_library(request, slug):
    library = get_object_or_404(Library.objects.select_related("municipality"), slug=slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_membership(
                user=request.user, library=library, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your request to join %(library)s has been sent. "
                    "You will get an email when it is answered."
                )
                % {"library": library},
            )
            return redirect("portal:dashboard")
    return render(request, "libraries/join_library.html", {"library": library, "form": form})


@login_required
def members(request, slug):
    library, access = get_library_for_user(request, slug)
    memberships = (
        Membership.objects.open()
        .of_library(library)
        .select_related("user")
        .order_by("status", "-role", "user__name")
    )
    return render(
        request,
        "libraries/members.html",
        {
            "library": library,
            "pending": [m for m in memberships if m.status == Membership.Status.PENDING],
            "active": [m for m in memberships if m.status == Membership.Status.ACTIVE],
            "can_manage": access.can_manage,
            "has_lead": any(m.is_lead for m in memberships),
        },
    )


# Changes made with one click; those that lose something ask first (_CONFIRMED below).
_ACTIONS = {
    "accept": lambda m, by: services.accept_membership(membership=m, by=by),
    "make-lead": lambda m, by: services.set_role(membership=m, role=Membership.Role.LEAD, by=by),
    "make-staff": lambda m, by: services.set_role(membership=m, role=Membership.Role.STAFF, by=by),
}
_DONE = {
    "accept": gettext_lazy("%(user)s is now a member."),
    "make-lead": gettext_lazy("%(user)s is now a lead."),
    "make-staff": gettext_lazy("%(user)s is now staff."),
}


@login_required
@require_POST
def member_action(request, slug, pk, action):
    if action not in _ACTIONS:
        raise Http404
    library, _access = get_library_for_user(request, slug, manage=True)
    target = get_object_or_404(Membership.objects.select_related("user"), pk=pk, library=library)
    try:
        _ACTIONS[action](target, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _DONE[action] % {"user": target.user})
    return redirect("libraries:members", slug=library.slug)


@dataclass(frozen=True)
class Confirmed:
    """A change to a membership that asks first: GET shows what will happen, POST does it."""

    status: str  # the membership's status the change applies to (others: 404)
    do: Callable
    done: str


_CONFIRMED = {
    "remove": Confirmed(
        Membership.Status.ACTIVE,
        lambda m, by: services.remove_member(membership=m, by=by),
        gettext_lazy("%(user)s was removed from the library."),
    ),
    "decline": Confirmed(
        Membership.Status.PENDING,
        lambda m, by: services.decline_membership(membership=m, by=by),
        gettext_lazy("The request from %(user)s was declined."),
    ),
}


def _confirmed_member_change(request, slug, pk, action):
    change = _CONFIRMED[action]
    library, _access = get_library_for_user(request, slug, manage=True)
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, library=library, status=change.status
    )
    if request.method == "POST":
        try:
            change.do(target, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, change.done % {"user": target.user})
        return redirect("libraries:members", slug=library.slug)
    return render(
        request,
        f"libraries/member_{action}.html",
        {"library": library, "membership": target, "member": target.user},
    )


@login_required
def member_remove(request, slug, pk):
    return _confirmed_member_change(request, slug, pk, "remove")


@login_required
def member_decline(request, slug, pk):
    return _confirmed_member_change(request, slug, pk, "decline")


@login_required
def withdraw_request(request, slug):
    """The signed-in user's own pending request to join the library: GET asks, POST withdraws."""
    membership = get_object_or_404(
        Membership.objects.select_related("library"),
        library__slug=slug,
        user=request.user,
        status=Membership.Status.PENDING,
    )
    if request.method == "POST":
        services.withdraw_request(membership=membership, by=request.user)
        messages.success(
            request,
            _("Your request to join %(library)s has been withdrawn.")
            % {"library": membership.library},
        )
        return redirect("portal:dashboard")
    return render(
        request,
        "libraries/withdraw_request.html",
        {"library": membership.library, "membership": membership},
    )


@login_required
def edit_profile(request, slug):
    library, _access = get_library_for_user(request, slug, manage=True)
    form = LibraryProfileForm(request.POST or None, request.FILES or None, instance=library)
    if request.method == "POST" and form.is_valid():
        services.update_profile(form=form, by=request.user)
        messages.success(request, _("The library's profile has been saved."))
        return redirect("libraries:edit_profile", slug=library.slug)
    return render(request, "libraries/edit_profile.html", {"library": library, "form": form})
