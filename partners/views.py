from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from libraries.permissions import get_library_for_user
from partners import services
from partners.forms import PartnerForm, PartnerSearchForm
from partners.models import Partner
from partners.permissions import get_national_partner_for_coordinator, require_coordinator


def _save(request, form, save):
    """Run `save(**cleaned_data)`; a duplicate name becomes an error at the name field."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def national_partners(request):
    require_coordinator(request)
    form = PartnerForm(request.POST or None)
    if request.method == "POST":
        partner = _save(
            request,
            form,
            lambda **data: services.create_partner(
                by=request.user, scope=Partner.Scope.NATIONAL, **data
            ),
        )
        if partner is not None:
            messages.success(request, _("%(name)s is added.") % {"name": partner.name})
            return redirect("partners:national_partners")
    return render(
        request,
        "partners/national_partners.html",
        {"form": form, "partners": list(Partner.objects.national())},
    )


@login_required
def edit_national_partner(request, slug):
    partner = get_national_partner_for_coordinator(request, slug)
    form = PartnerForm.for_partner(partner, request.POST or None)
    if request.method == "POST":
        saved = _save(
            request,
            form,
            lambda **data: services.update_partner(partner=partner, by=request.user, **data),
        )
        if saved is not None:
            messages.success(request, _("%(name)s is saved.") % {"name": saved.name})
            return redirect("partners:national_partners")
    return render(request, "partners/partner_form.html", {"form": form, "partner": partner})


@login_required
def library_partners(request, slug):
    """A library's local partners: search the existing ones (national and of its municipality)
    before adding a new one, so "Concito" is not added when "CONCITO" exists."""
    library, _access = get_library_for_user(request, slug)
    municipality = library.municipality
    search = PartnerSearchForm(request.GET or None)
    matches = None
    if search.is_valid() and search.cleaned_data["q"]:
        matches = list(
            Partner.objects.available_to(municipality).matching(search.cleaned_data["q"])
        )
    form = PartnerForm(request.POST or None)
    if request.method == "POST":
        partner = _save(
            request,
            form,
            lambda **data: services.create_partner(
                by=request.user, scope=Partner.Scope.LOCAL, municipality=municipality, **data
            ),
        )
        if partner is not None:
            messages.success(request, _("%(name)s is added.") % {"name": partner.name})
            return redirect("partners:library_partners", slug=library.slug)
    return render(
        request,
        "partners/library_partners.html",
        {
            "library": library,
            "search": search,
            "matches": matches,
            "form": form,
            "partners": list(Partner.objects.local_to(municipality)),
        },
    )
