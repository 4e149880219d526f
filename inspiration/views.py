from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans.forms import comparison
from actionplans.models import ActionPlan, Initiative
from actionplans.selectors import editable_plans_for
from actionplans.services import EditConflict
from core import documents
from core.files import serve_private
from inspiration import catalogue as catalogue_pdfs
from inspiration import images as image_tools
from inspiration import selectors, services
from inspiration.filters import CatalogueFilter
from inspiration.forms import AdoptForm, ExampleForm, RejectForm, image_forms
from inspiration.models import Example
from inspiration.permissions import (
    can_edit_example,
    can_moderate_examples,
    check_may_moderate,
    get_example_for_moderation,
    get_example_for_user,
    get_example_image_for_user,
    get_initiative_to_share,
)
from libraries.models import Library
from libraries.permissions import has_conflict_of_interest, member_library_ids

PAGE_SIZE = 12


# --- Public catalogue ------------------------------------------------------------------------


def catalogue(request):
    base = Example.objects.published().order_by("-featured", "-approved_at", "-pk")
    filterset = CatalogueFilter(request.GET or None, queryset=base)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    page = Paginator(selectors.with_card_data(queryset), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inspiration/catalogue.html",
        {
            "filter": filterset,
            "page": page,
            "examples": page.object_list,
            "selection_query": catalogue_pdfs.normalised_filters(request.GET),
        },
    )


def example_detail(request, slug):
    example = get_object_or_404(
        selectors.with_card_data(Example.objects.published())
        .select_related("library__municipality")
        .prefetch_related("targets"),
        slug=slug,
    )
    plans = editable_plans_for(request.user)
    return render(
        request,
        "inspiration/example_detail.html",
        {
            "example": example,
            "related": selectors.related(example),
            "adopt_form": AdoptForm(plans=plans) if plans else None,
            "can_revise": can_edit_example(request.user, example),
        },
    )


PUBLIC_IMAGE_SECONDS = 5 * 60  # short: a withdrawn example's images must soon stop showing


def example_image(request, slug, image, size):
    """One size of an example's image ("original" or one of inspiration.images.SIZES)."""
    if size != "original" and size not in image_tools.SIZES:
        raise Http404
    found, public = get_example_image_for_user(request, slug, image)
    file = found.image
    if size != "original":
        file = type(file)(found, file.field, image_tools.size_name(file.name, size))
    extension = file.name.rsplit(".", 1)[-1]
    response = serve_private(request, file, filename=f"{slug}-{size}.{extension}")
    if public and response.status_code != 302:  # a signed S3 URL must not be cached
        response["Cache-Control"] = f"public, max-age={PUBLIC_IMAGE_SECONDS}"
    return response


def catalogue_pdf(request):
    return documents.serve_latest(request, "catalogue")


def catalogue_selection_pdf(request):
    """The catalogue of the examples the web filters select, rendered by the worker on first
    request. No filter: the whole catalogue. No example: a page saying so, never a PDF."""
    filters = catalogue_pdfs.normalised_filters(request.GET)
    if not filters:
        return redirect("inspiration:catalogue_pdf")
    examples = catalogue_pdfs.selected_examples(filters)
    if not examples.exists():
        return render(
            request,
            "inspiration/selection_empty.html",
            {"filters": catalogue_pdfs.describe(filters)},
        )
    key = catalogue_pdfs.selection_key(filters, examples)
    kind = catalogue_pdfs.SELECTION_KIND
    if documents.latest_done(kind, key) is None and not documents.render_is_pending(kind, key):
        documents.request_render(kind, key)
    return documents.serve_latest(request, kind, key)


@login_required
@require_POST
def adopt_example(request, slug):
    example = get_object_or_404(Example.objects.published(), slug=slug)
    plans = editable_plans_for(request.user)
    if not member_library_ids(request.user):
        raise PermissionDenied
    if not plans:
        messages.error(request, _("Your library has no plan in draft to add the idea to."))
        return redirect(example)
    form = AdoptForm(request.POST, plans=plans)
    if not form.is_valid():
        messages.error(request, _("Choose the plan to add the idea to."))
        return redirect(example)
    try:
        initiative = services.adopt_example(
            example=example, plan=form.cleaned_data["library"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(example)
    messages.success(
        request,
        _("“%(title)s” is now an initiative in the plan of %(library)s. Adapt it to your library.")
        % {"title": initiative.title, "library": initiative.plan.library.display_name},
    )
    return redirect(example)


# --- Library staff: writing examples ---------------------------------------------------------


@login_required
def my_examples(request):
    library_ids = member_library_ids(request.user)
    examples = list(
        Example.objects.filter(library_id__in=library_ids)
        .select_related("library__municipality", "revision_of")
        .order_by("library__municipality__name", "-updated_at", "-pk")
    )
    programme_examples = (
        list(
            Example.objects.filter(library=None)
            .select_related("revision_of")
            .order_by("-updated_at", "-pk")
        )
        if request.user.is_coordinator
        else []
    )
    initiatives = list(
        Initiative.objects.filter(
            plan__library_id__in=library_ids,
            plan__status__in=[*ActionPlan.OPEN_STATUSES, ActionPlan.Status.APPROVED],
        )
        .select_related("plan__library__municipality")
        .order_by("plan__library__municipality__name", "area", "order", "pk")
    )
    return render(
        request,
        "inspiration/my_examples.html",
        {
            "examples": examples,
            "programme_examples": programme_examples,
            "initiatives": initiatives,
            "can_write": bool(library_ids) or request.user.is_coordinator,
        },
    )


def _save_example_form(request, *, example, form, slots, create_kwargs=None, moderating=False):
    """Validate the example form and its image slots together; save in one transaction."""
    forms_valid = form.is_valid()
    slots_valid = [slot.is_valid() for slot in slots]  # validate every slot, for its errors
    if not (forms_valid and all(slots_valid)):
        return None
    content = form.content()
    tags = list(form.cleaned_data["tags"])
    try:
        with transaction.atomic():
            tags += services.tags_from_names(form.cleaned_data["new_tags"])
            if example is None:
                example = services.create_draft(
                    by=request.user,
                    library=form.cleaned_data["library"],
                    goals=form.cleaned_data["goals"],
                    targets=form.cleaned_data["targets"],
                    tags=tags,
                    **content,
                )
            else:
                example = services.update_example(
                    example=example,
                    by=request.user,
                    goals=form.cleaned_data["goals"],
                    targets=form.cleaned_data["targets"],
                    lock_version=form.cleaned_data["lock_version"],
                    tags=tags,
                    moderating=moderating,
                    **content,
                )
            services.apply_image_changes(example=example, changes=[slot.change() for slot in slots])
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return example


def _after_conflict(request, form, current):
    """Someone saved the example while this editor had it open (as for plans): keep what they
    typed, with the saved version's lock so that saving again is a deliberate choice, and show
    both side by side. Nothing was saved, the pictures chosen included."""
    rows = comparison(form, form.saved_values(current))
    data = request.POST.copy()
    data["lock_version"] = str(current.lock_version)
    form = ExampleForm(data, instance=current)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Someone else saved this while you were editing, so your changes were not saved. "
            "Compare the saved version with yours below; your text is still in the form, but "
            "pictures you chose must be chosen again. Save again to replace the saved version "
            "with yours."
        ),
    )
    return form, image_forms(current, data), {"rows": rows}


def _edit_example_page(request, example, *, saved_message, next_view, moderating=False):
    """The edit form of an existing example, for its library or (`moderating`) a coordinator."""
    form = ExampleForm(request.POST or None, instance=example)
    if request.method != "POST":
        form.initial["tags"] = list(example.tags.all())
        form.initial["goals"] = list(example.goals.all())
    slots = image_forms(example, request.POST or None, request.FILES or None)
    conflict = None
    if request.method == "POST":
        try:
            saved = _save_example_form(
                request, example=example, form=form, slots=slots, moderating=moderating
            )
        except EditConflict as error:
            form, slots, conflict = _after_conflict(request, form, error.current)
        else:
            if saved is not None:
                messages.success(request, saved_message)
                return redirect(next_view, slug=saved.slug)
    context = {"form": form, "slots": slots, "example": example, "conflict": conflict}
    if moderating:
        context["moderating"] = True
    return render(request, "inspiration/example_form.html", context)


@login_required
def new_example(request):
    libraries = list(
        Library.objects.filter(pk__in=member_library_ids(request.user)).select_related(
            "municipality"
        )
    )
    if not libraries and not request.user.is_coordinator:
        raise PermissionDenied
    form = ExampleForm(
        request.POST or None,
        libraries=libraries,
        allow_programme=request.user.is_coordinator,
    )
    slots = image_forms(None, request.POST or None, request.FILES or None)
    if request.method == "POST":
        example = _save_example_form(request, example=None, form=form, slots=slots)
        if example is not None:
            messages.success(request, _("The draft is saved. Submit it when it is ready."))
            return redirect("inspiration:manage_example", slug=example.slug)
    return render(
        request,
        "inspiration/example_form.html",
        {"form": form, "slots": slots, "example": None},
    )


@login_required
def manage_example(request, slug):
    example = get_example_for_user(request, slug)
    return render(
        request,
        "inspiration/example_manage.html",
        {
            "example": example,
            "can_edit": can_edit_example(request.user, example),
            "revision": Example.objects.filter(revision_of=example).first()
            if example.status == Example.Status.APPROVED
            else None,
        },
    )


@login_required
def edit_example(request, slug):
    example = get_example_for_user(request, slug, edit=True)
    if example.status not in services.EDITABLE_STATUSES:
        messages.info(
            request,
            _("This example is approved; propose changes to it instead.")
            if example.status == Example.Status.APPROVED
            else _("This example is waiting for review and cannot be changed now."),
        )
        return redirect("inspiration:manage_example", slug=example.slug)
    return _edit_example_page(
        request,
        example,
        saved_message=_("Your changes are saved."),
        next_view="inspiration:manage_example",
    )


def _attempt(request, action):
    """Run `action`; a refusal (ValidationError) becomes an error message on the next page.
    Returns what the action returned (True where it returns nothing), or None if refused."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return True if result is None else result


@login_required
@require_POST
def submit_example(request, slug):
    example = get_example_for_user(request, slug, edit=True)
    if _attempt(request, lambda: services.submit_example(example=example, by=request.user)):
        messages.success(
            request, _("Thank you! A coordinator will look at the example and answer by email.")
        )
    return redirect("inspiration:manage_example", slug=example.slug)


@login_required
@require_POST
def revise_example(request, slug):
    example = get_example_for_user(request, slug, edit=True)
    revision = _attempt(request, lambda: services.start_revision(example=example, by=request.user))
    if revision is None:
        return redirect("inspiration:manage_example", slug=example.slug)
    return redirect("inspiration:edit_example", slug=revision.slug)


@login_required
def delete_example(request, slug):
    """GET says what deleting the example loses; POST deletes it."""
    example = get_example_for_user(request, slug, edit=True)
    if request.method != "POST":
        return render(request, "inspiration/example_delete.html", {"example": example})
    if not _attempt(request, lambda: services.withdraw_example(example=example, by=request.user)):
        return redirect("inspiration:manage_example", slug=example.slug)
    messages.success(request, _("The example is deleted."))
    return redirect("inspiration:my_examples")


@login_required
@require_POST
def share_initiative(request, initiative):
    found = get_initiative_to_share(request, initiative)
    example = services.share_initiative(initiative=found, by=request.user)
    messages.success(
        request, _("A draft example was made from the initiative. Adjust it and submit it.")
    )
    return redirect("inspiration:edit_example", slug=example.slug)


# --- Coordinators: moderation ----------------------------------------------------------------


@login_required
def review_example(request, slug):
    example = get_example_for_moderation(request, slug)
    return render(
        request,
        "inspiration/review_example.html",
        {
            "example": example,
            "reject_form": RejectForm(),
            "original": example.revision_of,
            "own_library": has_conflict_of_interest(request.user, example.library_id),
        },
    )


@login_required
def review_edit(request, slug):
    example = get_example_for_moderation(request, slug)
    check_may_moderate(example=example, by=request.user)  # 403 with a conflict of interest
    if example.status != Example.Status.SUBMITTED:
        messages.info(request, _("Only a submitted example can be edited during review."))
        return redirect("inspiration:review_example", slug=example.slug)
    return _edit_example_page(
        request,
        example,
        saved_message=_("Your changes are saved. Approve the example when ready."),
        next_view="inspiration:review_example",
        moderating=True,
    )


@login_required
@require_POST
def review_decide(request, slug, decision):
    example = get_example_for_moderation(request, slug)
    try:
        if decision == "approve":
            published = services.approve_example(example=example, by=request.user)
            messages.success(request, _("The example is approved and published."))
            return redirect(published)
        if decision == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "inspiration/review_example.html",
                    {"example": example, "reject_form": form, "original": example.revision_of},
                    status=400,
                )
            services.reject_example(
                example=example, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The example is rejected; the library has been told."))
        elif decision in ("feature", "unfeature"):
            services.set_featured(example=example, by=request.user, featured=decision == "feature")
            messages.success(request, _("Saved."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("inspiration:review_example", slug=example.slug)


@login_required
@require_POST
def choose_cover(request, slug):
    example = get_example_for_moderation(request, slug)
    if _attempt(request, lambda: services.choose_catalogue_cover(example=example, by=request.user)):
        messages.success(request, _("The photo will be on the cover of the next catalogue."))
    return redirect("inspiration:review_example", slug=example.slug)


@login_required
def catalogue_preview(request):
    """The catalogue PDF's template as an HTML page, to check the layout (coordinators)."""
    if not can_moderate_examples(request.user):
        raise Http404
    return HttpResponse(documents.build_html("catalogue"))
