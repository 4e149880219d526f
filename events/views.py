from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.caching import page_of, public_page
from core.text import absolute_url
from events import ical, selectors, services, tasks
from events.filters import EventFilter
from events.forms import EventForm, FeedForm, ParticipantsForm, SpeakerForm
from events.jsonld import event_jsonld, jsonld_script
from events.models import Event, EventFeed
from events.permissions import (
    get_event_for_user,
    get_feed_for_user,
    get_organiser_for_user,
    get_speaker_for_user,
)
from libraries.models import Library
from libraries.permissions import get_library_for_user

EVENTS_PER_PAGE = 20

# --- Public pages -------------------------------------------------------------------------


@require_safe
@public_page(params=EventFilter, paginated=True)
def calendar(request):
    filterset = EventFilter(request.GET or None, queryset=selectors.calendar_events())
    page = page_of(request, filterset.qs, EVENTS_PER_PAGE)
    page.object_list = list(selectors.with_goals(page.object_list))
    return render(
        request,
        "events/calendar.html",
        {
            "filter": filterset,
            "page": page,
            "events": page.object_list,
            "is_past": filterset.is_past,
            "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        },
    )


@require_safe
@public_page(paginated=True)
def recordings(request):
    page = page_of(request, selectors.recordings(), EVENTS_PER_PAGE)
    return render(request, "events/recordings.html", {"page": page, "events": page.object_list})


@require_safe
@public_page
def event_detail(request, slug):
    event = selectors.event_for_page(slug)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "jsonld": jsonld_script(event_jsonld(event)),
            "page_url": absolute_url(event.get_absolute_url()),
            "ended": event.ends_at < timezone.now(),
            "theme_url": _theme_url(event.theme),
        },
    )


def _theme_url(theme) -> str:
    """The theme's page, where the themes app serves one (the theme pages are built in
    parallel: until they are merged, the theme is named without a link)."""
    if theme is None:
        return ""
    try:
        return theme.get_absolute_url()
    except NoReverseMatch:
        return ""


def _ics_response(events, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(
        ical.calendar_bytes(events, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@public_page
def event_ics(request, slug):
    event = get_object_or_404(
        Event.objects.visible().select_related("library__municipality"), slug=slug
    )
    return _ics_response([event], name=event.title, filename=f"{event.slug}.ics")


@require_safe
@public_page
def all_events_ics(request):
    events = selectors.feed_events(Event.objects.all(), limit=selectors.NATIONAL_FEED_LIMIT)
    return _ics_response(events, name=_("SDG events in Danish libraries"), filename="events.ics")


@require_safe
@public_page
def library_events_ics(request, slug):
    library = get_object_or_404(Library.objects.select_related("municipality"), slug=slug)
    events = selectors.feed_events(Event.objects.of_library(library))
    return _ics_response(
        events, name=f"{library.display_name}: {_('SDG events')}", filename="events.ics"
    )


@require_safe
@public_page
def theme_events_ics(request, slug):
    from themes.models import Theme

    theme = get_object_or_404(Theme.objects.published(), slug=slug)
    events = selectors.feed_events(Event.objects.filter(theme=theme))
    return _ics_response(events, name=theme.title, filename="events.ics")


# --- Managing a library's (or the programme's) events ---------------------------------------


def _organiser_context(library, slug) -> dict:
    return {
        "library": library,
        "organiser_slug": slug,
        "organiser_name": library.display_name if library else _("National events"),
    }


@login_required
def manage_events(request, slug):
    library, access = get_organiser_for_user(request, slug)
    events = Event.objects.filter(library=library).select_related("theme", "initiative")
    now = timezone.now()
    return render(
        request,
        "events/manage_events.html",
        {
            **_organiser_context(library, slug),
            "upcoming": list(events.filter(ends_at__gte=now).order_by("starts_at", "pk")),
            "past": list(events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")[:50]),
            "can_change": access.is_member or (library is None and access.is_coordinator),
            "can_manage_feeds": library is not None and access.can_manage,
            "feeds": list(library.event_feeds.all()) if library else [],
        },
    )


def _event_form_page(request, slug, library, form, event=None, conflict=None):
    return render(
        request,
        "events/event_form.html",
        {**_organiser_context(library, slug), "form": form, "event": event, "conflict": conflict},
    )


@login_required
def event_create(request, slug):
    library, _access = get_organiser_for_user(request, slug, change=True)
    form = EventForm(request.POST or None, request.FILES or None, library=library, new=True)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(
                library=library, by=request.user, data=form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been created."))
            return redirect(event.get_absolute_url())
    return _event_form_page(request, slug, library, form)


@login_required
def event_edit(request, slug, event_slug):
    event, library, _access = get_event_for_user(request, slug, event_slug)
    form = EventForm(request.POST or None, request.FILES or None, instance=event, library=library)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                event=event,
                by=request.user,
                lock_version=form.cleaned_data["lock_version"],
                data=form.service_data(),
            )
        except services.EditConflict as error:
            conflict = {"rows": [], "current": error.current}
            form.data = form.data.copy()
            form.data["lock_version"] = str(error.current.lock_version)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event has been saved."))
            return redirect("events:manage_events", slug=slug)
    return _event_form_page(request, slug, library, form, event=event, conflict=conflict)


@login_required
def event_cancel(request, slug, event_slug):
    event, library, _access = get_event_for_user(request, slug, event_slug)
    if request.method == "POST":
        services.cancel_event(event=event, by=request.user)
        messages.success(request, _("The event has been cancelled. It stays visible as cancelled."))
        return redirect("events:manage_events", slug=slug)
    return render(
        request,
        "events/event_confirm.html",
        {**_organiser_context(library, slug), "event": event, "action": "cancel"},
    )


@login_required
def event_delete(request, slug, event_slug):
    event, library, _access = get_event_for_user(request, slug, event_slug)
    if request.method == "POST":
        services.delete_event(event=event, by=request.user)
        messages.success(request, _("The event has been deleted."))
        return redirect("events:manage_events", slug=slug)
    return render(
        request,
        "events/event_confirm.html",
        {**_organiser_context(library, slug), "event": event, "action": "delete"},
    )


@login_required
def event_participants(request, slug, event_slug):
    event, library, _access = get_event_for_user(request, slug, event_slug)
    form = ParticipantsForm(request.POST or None, initial={"participants": event.participants})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_participants(
                event=event, by=request.user, participants=form.cleaned_data["participants"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The number of participants has been saved."))
            return redirect("events:manage_events", slug=slug)
    return render(
        request,
        "events/event_participants.html",
        {**_organiser_context(library, slug), "event": event, "form": form},
    )


@login_required
def event_speakers(request, slug, event_slug):
    event, library, _access = get_event_for_user(request, slug, event_slug)
    form = SpeakerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_speaker(event=event, by=request.user, data=form.cleaned_data)
        messages.success(request, _("The speaker has been added."))
        return redirect("events:event_speakers", slug=slug, event_slug=event.slug)
    return render(
        request,
        "events/event_speakers.html",
        {
            **_organiser_context(library, slug),
            "event": event,
            "form": form,
            "speakers": list(event.speakers.all()),
        },
    )


@login_required
@require_POST
def speaker_remove(request, slug, event_slug, pk):
    speaker, event, _library = get_speaker_for_user(request, slug, event_slug, pk)
    services.remove_speaker(speaker=speaker, by=request.user)
    messages.success(request, _("The speaker has been removed."))
    return redirect("events:event_speakers", slug=slug, event_slug=event.slug)


# --- The library's calendar feeds -----------------------------------------------------------


@login_required
def feeds(request, slug):
    library, _access = get_library_for_user(request, slug, manage=True)
    form = FeedForm(request.POST or None, instance=EventFeed(library=library))
    if request.method == "POST" and form.is_valid():
        feed = form.save(commit=False)
        feed.created_by = request.user
        try:
            feed.validate_constraints()
        except ValidationError:
            form.add_error("url", _("This calendar is connected already."))
        else:
            feed.save()
            messages.success(
                request, _("The calendar has been connected. It is read within the hour.")
            )
            return redirect("events:feeds", slug=slug)
    return render(
        request,
        "events/feeds.html",
        {
            **_organiser_context(library, slug),
            "form": form,
            "feeds": list(library.event_feeds.all()),
        },
    )


@login_required
def feed_action(request, slug, pk, action):
    """POST "refresh" reads the feed soon; "remove" disconnects it, after a confirmation page
    (GET)."""
    feed, _access = get_feed_for_user(request, slug, pk)
    if action not in ("refresh", "remove"):
        raise Http404
    if request.method != "POST":
        if action == "remove":
            return render(
                request,
                "events/feed_remove.html",
                {**_organiser_context(feed.library, slug), "feed": feed},
            )
        return HttpResponseNotAllowed(["POST"])
    if action == "refresh":
        # Read by the worker (a slow server never holds up a web process).
        transaction.on_commit(lambda: tasks.refresh_feed.delay(feed.pk))
        messages.success(request, _("The calendar will be read in a moment. Reload to see it."))
    else:
        feed.delete()
        messages.success(request, _("The calendar has been disconnected."))
    return redirect("events:feeds", slug=slug)
